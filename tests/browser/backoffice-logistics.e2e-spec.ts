import { graphql } from '../graphql/generated';
import { boxRow, confirmSupplierPayment, createBox, openSection, openWorkspace, packageForm, recordBoxPhase, registerPackage, staffPage } from '../helpers/backoffice-steps';
import type { GqlClient } from '../helpers/client';
import { customerApi, RegisterSupplierPayment, StaffFlow } from '../helpers/staff-flow';
import { checkPage, startTestPortal, WALKTHROUGH_TIMEOUT_MS, type TestPortal } from '../helpers/test-portal';

/**
 * The logistics workspace in Debian's chromium against `npm start`: the China agent confirms two customers'
 * supplier payments, registers a package for each order, consolidates both into one box and records its
 * arrival at the China warehouse with a photo; the Venezuela agent records every later phase for the box
 * through delivery. Each customer reads every phase of their own order through the API.
 */

const CustomerTracking = graphql(`
  query LogisticsTestCustomerTracking($id: ID!) { order(id: $id) { state trackingEvents { phase place photos { id } } } }
`);

describe('back-office: the logistics workspace', () => {
  let portal: TestPortal;
  const flow = new StaffFlow(() => portal);

  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(() => portal?.stop());


  it(
    'takes two customers\' orders from the supplier payment into one box and through every tracking phase, each customer seeing all of them',
    async () => {
      const buyers: GqlClient[] = [];
      const orders: { orderId: string; number: string }[] = [];
      for (let i = 0; i < 2; i++) {
        const buyer = await customerApi(portal, await portal.newCustomer());
        const order = await flow.paidOrder(buyer);
        await (await flow.as('PAYMENT_VALIDATOR')).ok(RegisterSupplierPayment, { input: { orderId: order.orderId, currency: 'CNY', amountMinor: 23_000 + i, reference: `ALI-${i}` } });
        buyers.push(buyer);
        orders.push(order);
      }

      // China: orders to buy → confirm both supplier payments.
      const china = await staffPage(portal, 'CHINA_AGENT');
      await openWorkspace(china, 'Logística');
      await china.getByRole('heading', { level: 1, name: 'Órdenes por comprar' }).waitFor();
      const sections = china.getByRole('navigation', { name: 'Secciones de logística' });
      expect(await sections.getByRole('link').allTextContents()).toEqual(['Órdenes por comprar', 'Paquetes y cajas', 'Seguimiento']);
      for (const order of orders) await china.getByRole('button', { name: `Confirmar el pago al proveedor de la orden ${order.number}` }).waitFor();
      await checkPage(china, 'backoffice-logistics-purchases');
      for (const order of orders) await confirmSupplierPayment(china, order.number);
      await china.getByText('No hay pagos al proveedor por confirmar.', { exact: false }).waitFor();

      // Packages: one per order, an empty form refused first.
      await openSection(china, 'Secciones de logística', 'Paquetes y cajas');
      // An empty form is refused beside its fields first.
      const empty = await packageForm(china, orders[0]!.number);
      await empty.getByRole('button', { name: 'Registrar paquete' }).click();
      expect(await empty.getByLabel('Peso (kg)').getAttribute('aria-invalid')).toBe('true');
      await empty.getByText('Este campo es obligatorio.').first().waitFor();
      for (const [i, order] of orders.entries()) {
        await registerPackage(
          china,
          order.number,
          { weight: i === 0 ? '3,4' : '1.25', lengthCm: 50, widthCm: 40, heightCm: 30 + i, repacked: i === 0, note: 'Caja original dañada' },
          i === 1 ? () => checkPage(china, 'backoffice-logistics-package') : undefined,
        );
      }

      // Both packages into ONE box.
      const box = await createBox(china, orders.map((order) => order.number));
      for (const order of orders) await boxRow(china, box).getByText(`${order.number} · Comprada`).waitFor();
      await checkPage(china, 'backoffice-logistics-boxes');

      // Tracking: AT_CHINA_WAREHOUSE for the box, with a photo.
      await openSection(china, 'Secciones de logística', 'Seguimiento');
      await recordBoxPhase(china, box, { label: 'En almacén China', place: 'Almacén Guangzhou', note: 'Recibida y pesada', photo: true }, async (form) => {
        expect(await form.getByLabel('Fase alcanzada').locator('option').allTextContents()).toEqual(['En almacén China']);
        await checkPage(china, 'backoffice-logistics-tracking');
      });

      // Venezuela: every later phase for the box; only the tracking section is theirs.
      const venezuela = await staffPage(portal, 'VENEZUELA_AGENT');
      await openWorkspace(venezuela, 'Logística');
      await venezuela.getByRole('heading', { level: 1, name: 'Seguimiento' }).waitFor();
      expect(await venezuela.getByRole('navigation', { name: 'Secciones de logística' }).getByRole('link').allTextContents()).toEqual(['Seguimiento']);
      const route: [phase: string, label: string, place: string][] = [
        ['DEPARTED_CHINA', 'Salió de China', 'Aeropuerto de Cantón'],
        ['IN_CUSTOMS', 'En aduana', 'Aduana de Maiquetía'],
        ['AT_LOCAL_WAREHOUSE', 'En almacén local', 'Almacén Caracas'],
        ['OUT_FOR_DELIVERY', 'En reparto', 'Caracas'],
        ['DELIVERED', 'Entregada', 'Chacao, Caracas'],
      ];
      let previous = 'En almacén China';
      const vzBoxRow = boxRow(venezuela, box);
      for (const [, label, place] of route) {
        // The row shows where both orders are before the next phase is offered.
        for (const order of orders) await vzBoxRow.getByText(`${order.number} · ${previous}`).waitFor();
        await recordBoxPhase(venezuela, box, { label, place });
        previous = label;
      }
      for (const order of orders) await vzBoxRow.getByText(`${order.number} · Entregada`).waitFor();
      await vzBoxRow.getByText('Sin fase pendiente').waitFor();
      await checkPage(venezuela, 'backoffice-logistics-delivered');

      for (const [i, buyer] of buyers.entries()) {
        const { order } = await buyer.ok(CustomerTracking, { id: orders[i]!.orderId });
        expect(order.state).toBe('DELIVERED');
        expect(order.trackingEvents.map((e) => e.phase)).toEqual(['PURCHASED', 'AT_CHINA_WAREHOUSE', ...route.map(([phase]) => phase)]);
        expect(order.trackingEvents.map((e) => e.photos.length)).toEqual([0, 1, 0, 0, 0, 0, 0]);
        expect(order.trackingEvents.slice(1).map((e) => e.place)).toEqual(['Almacén Guangzhou', ...route.map(([, , place]) => place)]);
      }
    },
    WALKTHROUGH_TIMEOUT_MS,
  );
});
