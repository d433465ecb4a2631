import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
import { TINY_PNG } from '../helpers/images';
import type { StaffRole } from '../helpers/test-api';
import { customerApi, RegisterSupplierPayment, staffLogin, StaffFlow } from '../helpers/staff-flow';
import { checkPage, signInToBackoffice, startTestPortal, WALKTHROUGH_TIMEOUT_MS, type TestPortal } from '../helpers/test-portal';

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

  async function staffPage(role: StaffRole): Promise<Page> {
    const { page } = await portal.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/backoffice/');
    await signInToBackoffice(page, staffLogin(role), DEMO_PASSWORD);
    return page;
  }
  const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

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
      const china = await staffPage('CHINA_AGENT');
      await china.getByRole('navigation', { name: 'Espacios de trabajo' }).getByRole('link', { name: 'Logística' }).click();
      await china.getByRole('heading', { level: 1, name: 'Órdenes por comprar' }).waitFor();
      const sections = china.getByRole('navigation', { name: 'Secciones de logística' });
      expect(await sections.getByRole('link').allTextContents()).toEqual(['Órdenes por comprar', 'Paquetes y cajas', 'Seguimiento']);
      for (const order of orders) await china.getByRole('button', { name: `Confirmar el pago al proveedor de la orden ${order.number}` }).waitFor();
      await checkPage(china, 'backoffice-logistics-purchases');
      for (const order of orders) {
        await china.getByRole('button', { name: `Confirmar el pago al proveedor de la orden ${order.number}` }).click();
        await status(china, `Confirmaste el pago al proveedor de la orden ${order.number}: quedó comprada.`).waitFor();
      }
      await china.getByText('No hay pagos al proveedor por confirmar.', { exact: false }).waitFor();

      // Packages: one per order, an empty form refused first.
      await sections.getByRole('link', { name: 'Paquetes y cajas' }).click();
      await china.getByRole('heading', { level: 1, name: 'Paquetes y cajas' }).waitFor();
      for (const [i, order] of orders.entries()) {
        await china.getByRole('button', { name: `Registrar un paquete de la orden ${order.number}` }).click();
        const form = china.getByRole('form', { name: `Nuevo paquete de la orden ${order.number}` });
        if (i === 0) {
          await form.getByRole('button', { name: 'Registrar paquete' }).click();
          expect(await form.getByLabel('Peso (kg)').getAttribute('aria-invalid')).toBe('true');
          await form.getByText('Este campo es obligatorio.').first().waitFor();
        }
        await form.getByLabel('Peso (kg)').fill(i === 0 ? '3,4' : '1.25');
        await form.getByLabel('Largo (cm)').fill('50');
        await form.getByLabel('Ancho (cm)').fill('40');
        await form.getByLabel('Alto (cm)').fill(String(30 + i));
        if (i === 0) await form.getByLabel('Reempacado en el almacén').check();
        await form.getByLabel('Nota (opcional)').fill('Caja original dañada');
        if (i === 1) await checkPage(china, 'backoffice-logistics-package');
        await form.getByRole('button', { name: 'Registrar paquete' }).click();
        await status(china, new RegExp(`Registraste el paquete PK-\\d{4}-\\d{6} de la orden ${order.number}\\.`)).waitFor();
      }

      // Both packages into ONE box.
      for (const order of orders) await china.getByRole('checkbox', { name: new RegExp(`de la orden ${order.number} para la caja$`) }).check();
      await china.getByRole('button', { name: 'Crear caja con 2 paquetes' }).click();
      const boxed = status(china, /^Creaste la caja BX-\d{4}-\d{6} con los paquetes/);
      await boxed.waitFor();
      const box = /BX-\d{4}-\d{6}/.exec((await boxed.textContent())!)![0];
      const boxRow = china.getByRole('row', { name: new RegExp(`^${box}`) });
      for (const order of orders) await boxRow.getByText(`${order.number} · Comprada`).waitFor();
      await checkPage(china, 'backoffice-logistics-boxes');

      // Tracking: AT_CHINA_WAREHOUSE for the box, with a photo.
      await sections.getByRole('link', { name: 'Seguimiento' }).click();
      await china.getByRole('heading', { level: 1, name: 'Seguimiento' }).waitFor();
      await china.getByRole('button', { name: `Registrar una fase de la caja ${box}` }).click();
      const form = china.getByRole('form', { name: `Nueva fase de la caja ${box}` });
      expect(await form.getByLabel('Fase alcanzada').locator('option').allTextContents()).toEqual(['En almacén China']);
      await form.getByLabel('Lugar').fill('Almacén Guangzhou');
      await form.getByLabel('Nota (opcional, la ve el cliente)').fill('Recibida y pesada');
      await form.getByLabel(/^Fotos/).setInputFiles({ name: 'caja.png', mimeType: 'image/png', buffer: TINY_PNG });
      await checkPage(china, 'backoffice-logistics-tracking');
      await form.getByRole('button', { name: 'Registrar fase' }).click();
      await status(china, '«En almacén China» para las órdenes').waitFor();

      // Venezuela: every later phase for the box; only the tracking section is theirs.
      const venezuela = await staffPage('VENEZUELA_AGENT');
      await venezuela.getByRole('navigation', { name: 'Espacios de trabajo' }).getByRole('link', { name: 'Logística' }).click();
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
      const vzBoxRow = venezuela.getByRole('row', { name: new RegExp(`^${box}`) });
      for (const [, label, place] of route) {
        // The row shows where both orders are before the next phase is offered.
        for (const order of orders) await vzBoxRow.getByText(`${order.number} · ${previous}`).waitFor();
        await venezuela.getByRole('button', { name: `Registrar una fase de la caja ${box}` }).click();
        const step = venezuela.getByRole('form', { name: `Nueva fase de la caja ${box}` });
        await step.getByLabel('Fase alcanzada').selectOption({ label });
        await step.getByLabel('Lugar').fill(place);
        await step.getByRole('button', { name: 'Registrar fase' }).click();
        await status(venezuela, `«${label}» para las órdenes`).waitFor();
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
