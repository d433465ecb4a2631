import type { Page } from 'playwright-core';
import { graphql } from '../graphql/generated';
import type { OrderState } from '../graphql/generated/graphql';
import {
  approvePayment,
  boxRow,
  confirmSupplierPayment,
  createBox,
  openPayment,
  openPricing,
  openSection,
  openWorkspace,
  priceOption,
  recordBoxPhase,
  registerPackage,
  registerSupplierPayment,
  sendQuote,
  sourceFromQueue,
  staffPage,
} from '../helpers/backoffice-steps';
import type { GqlClient } from '../helpers/client';
import { CustomerLive, latestEventCursor } from '../helpers/customer-live';
import { Accept, CreateRequest, customerApi, markPage, requestInput, signedIn, stillMarked, SubmitPayment, uploadAs } from '../helpers/staff-flow';
import { checkPage, startTestPortal, WALKTHROUGH_TIMEOUT_MS, type PortalCustomer, type TestPortal } from '../helpers/test-portal';

/**
 * Issue 7's walk-through: two customers' requests go from the China queue to delivery with every staff step
 * taken by clicking in the back-office, one browser context per role — the China agent sources both, the
 * Venezuela agent prices them (one price overridden with its reason), the payment validator approves a partial
 * payment, the rest and a full payment beside their proofs and registers both supplier payments, the China
 * agent confirms them (purchase), registers a package per order, consolidates both in one box and records its
 * first tracking phases (with a photo), and the Venezuela agent records every later phase for the box through
 * arrival and delivery. The customers act through the API, and each one's live session (a graphql-ws
 * subscription from a cursor taken before the staff start) must deliver every change of their own request
 * and order — and customer A's order page, open in the portal, follows the tracking without a reload.
 */

const CustomerOrder = graphql(`
  query FlowTestCustomerOrder($id: ID!) { order(id: $id) { state packages { number box { number } } trackingEvents { phase place note photos { id } } } }
`);

/** The phases of DESIGN flow step 10 recorded for the box (courier delivery: OUT_FOR_DELIVERY, not READY_FOR_PICKUP), by whom. */
const ROUTE: { phase: OrderState; label: string; portalLabel: string; place: string; by: 'china' | 'venezuela'; photo?: boolean; note?: string }[] = [
  { phase: 'AT_CHINA_WAREHOUSE', label: 'En almacén China', portalLabel: 'En el almacén de China', place: 'Almacén Guangzhou', by: 'china', photo: true, note: 'Recibida y pesada' },
  { phase: 'DEPARTED_CHINA', label: 'Salió de China', portalLabel: 'Salió de China', place: 'Aeropuerto de Cantón', by: 'china' },
  { phase: 'IN_CUSTOMS', label: 'En aduana', portalLabel: 'En la aduana', place: 'Aduana de Maiquetía', by: 'venezuela' },
  { phase: 'AT_LOCAL_WAREHOUSE', label: 'En almacén local', portalLabel: 'En nuestro almacén en Venezuela', place: 'Almacén Caracas', by: 'venezuela' },
  { phase: 'OUT_FOR_DELIVERY', label: 'En reparto', portalLabel: 'En camino a tu dirección', place: 'Caracas', by: 'venezuela' },
  { phase: 'DELIVERED', label: 'Entregada', portalLabel: 'Entregado', place: 'Chacao, Caracas', by: 'venezuela' },
];
/** What the customer is notified of at a phase (the others are seen on the order only). */
const NOTICE: Partial<Record<OrderState, string>> = { AT_LOCAL_WAREHOUSE: 'ORDER_ARRIVED', OUT_FOR_DELIVERY: 'ORDER_OUT_FOR_DELIVERY', DELIVERED: 'ORDER_DELIVERED' };

interface Buyer {
  customer: PortalCustomer;
  api: GqlClient;
  live: CustomerLive;
  request: { id: string; number: string };
  /** Set when the customer accepts the quote. */
  order: { id: string; number: string };
}

describe('back-office: one order through every staff role', () => {
  let portal: TestPortal;
  const sessions: CustomerLive[] = [];

  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await portal?.stop();
  });

  it(
    'takes two customers\' requests from sourcing to delivery in one box by clicking through every staff workspace, each customer hearing every change live',
    async () => {
      // Two customers ask for a quote (API); their live sessions start from here.
      const started: Omit<Buyer, 'live' | 'order'>[] = [];
      for (const [i, description] of ['Licuadora de 1,5 litros', 'Termo de acero'].entries()) {
        const customer = await portal.newCustomer();
        const api = await customerApi(portal, customer);
        const { createPurchaseRequest } = await api.ok(CreateRequest, { input: requestInput({ productUrl: `https://example.com/producto/flujo-${i}`, description }) });
        started.push({ customer, api, request: createPurchaseRequest });
      }
      const after = await latestEventCursor(portal);
      const buyers: Buyer[] = started.map((b) => {
        const live = CustomerLive.open(portal, b.api, after);
        sessions.push(live);
        return { ...b, live, order: { id: '', number: '' } };
      });
      const [a, b] = buyers as [Buyer, Buyer];

      // China agent: takes and sources both requests from the queue.
      const china = await staffPage(portal, 'CHINA_AGENT');
      await china.getByRole('heading', { level: 1, name: 'Cola de China: solicitudes por cotizar' }).waitFor();
      for (const buyer of buyers) {
        await sourceFromQueue(china, buyer.request.number);
        await buyer.live.requestIn(buyer.request.id, 'PRICING');
      }

      // Venezuela agent: A's air price overridden with a reason, B's at the suggested price; both sent.
      const venezuela = await staffPage(portal, 'VENEZUELA_AGENT');
      await venezuela.getByRole('heading', { level: 1, name: 'Cola de precios: solicitudes por cotizar' }).waitFor();
      await openPricing(venezuela, a.request.number);
      await priceOption(venezuela, 'Aéreo', { etaDays: 20, override: { price: '240', reason: 'Cliente frecuente, tarifa negociada' } });
      await checkPage(venezuela, 'backoffice-flow-pricing-override');
      await sendQuote(venezuela, a.request.number);
      await openPricing(venezuela, b.request.number);
      await priceOption(venezuela, 'Aéreo', { etaDays: 20 });
      await sendQuote(venezuela, b.request.number);
      const quoted = await Promise.all(buyers.map((buyer) => buyer.live.requestIn(buyer.request.id, 'QUOTED')));
      expect(quoted.map((r) => r.options.map((o) => [o.shippingMethod, o.totalUsdMinor]))).toEqual([[['AIR', 24_000]], [['AIR', 25_875]]]);
      for (const buyer of buyers) await buyer.live.notified('QUOTE_READY', buyer.request.id);

      // The customers accept the option their session delivered, and report payments with a proof (API):
      // A pays US$ 100 now, B the whole amount.
      const payable: number[] = [];
      for (const [i, buyer] of buyers.entries()) {
        const { acceptQuoteOption } = await buyer.api.ok(Accept, { optionId: quoted[i]!.options[0]!.id });
        buyer.order = { id: acceptQuoteOption.id, number: acceptQuoteOption.number };
        payable.push(acceptQuoteOption.usdPayableMinor);
        await buyer.live.requestIn(buyer.request.id, 'ACCEPTED');
        await buyer.live.orderIn(buyer.order.id, 'PENDING_PAYMENT');
      }
      const pay = async (buyer: Buyer, reference: string, amountMinor: number) =>
        buyer.api.ok(SubmitPayment, { input: { orderId: buyer.order.id, method: 'ZELLE', amountMinor, reference, proofUploadId: await uploadAs(portal, buyer.api) } });
      await pay(a, 'ZL-FLUJO-A1', 10_000);
      await pay(b, 'ZL-FLUJO-B1', payable[1]!);

      // Customer A follows their order in the portal from now on.
      const portalPage = await signedIn(portal, a.customer);
      await portalPage.goto(`/orders/${a.order.id}`);
      await portalPage.getByRole('heading', { level: 1, name: new RegExp(a.order.number) }).waitFor();
      await markPage(portalPage);

      // Payment validator: the partial payment, then (once A reports it) the rest, then B's.
      const validator = await staffPage(portal, 'PAYMENT_VALIDATOR');
      await validator.getByRole('heading', { level: 1, name: 'Pagos por validar' }).waitFor();
      await openPayment(validator, 'ZL-FLUJO-A1', a.order.number);
      await validator.getByRole('img', { name: 'Comprobante del pago ZL-FLUJO-A1' }).waitFor();
      await validator.getByText(/^Pago parcial: la orden seguirá debiendo/).waitFor();
      await checkPage(validator, 'backoffice-flow-partial-payment');
      await approvePayment(validator, 'ZL-FLUJO-A1', a.order.number);
      const partial = await a.live.orderIn(a.order.id, 'PARTIALLY_PAID');
      await a.live.notified('PAYMENT_VALIDATED', a.order.id);
      // Each conversion through the USD discount rounds on its own (up for what is owed): a cent either way.
      expect(Math.abs(partial.usdPayableMinor - (payable[0]! - 10_000))).toBeLessThanOrEqual(1);

      await pay(a, 'ZL-FLUJO-A2', partial.usdPayableMinor);
      await openPayment(validator, 'ZL-FLUJO-A2', a.order.number);
      await validator.getByText(`La orden ${a.order.number} queda pagada por completo.`).waitFor();
      await approvePayment(validator, 'ZL-FLUJO-A2', a.order.number);
      await openPayment(validator, 'ZL-FLUJO-B1', b.order.number);
      await approvePayment(validator, 'ZL-FLUJO-B1', b.order.number);
      for (const buyer of buyers) {
        expect((await buyer.live.orderIn(buyer.order.id, 'PAID')).outstandingUsdMinor).toBe(0);
        await buyer.live.notified('PAYMENT_VALIDATED', buyer.order.id);
      }

      // Payment validator: the payments sent to the suppliers.
      await openSection(validator, 'Secciones de pagos', 'Pagos al proveedor');
      for (const [i, buyer] of buyers.entries()) await registerSupplierPayment(validator, buyer.order.number, { currency: 'CNY', amount: `23${i},50`, reference: `ALI-FLUJO-${i}` });

      // China agent: confirms both supplier payments (the orders are purchased).
      await openWorkspace(china, 'Logística');
      await china.getByRole('heading', { level: 1, name: 'Órdenes por comprar' }).waitFor();
      for (const buyer of buyers) {
        await confirmSupplierPayment(china, buyer.order.number);
        await buyer.live.orderIn(buyer.order.id, 'PURCHASED');
        await buyer.live.notified('ORDER_PURCHASED', buyer.order.id);
      }

      // A package per order, both in one box.
      await openSection(china, 'Secciones de logística', 'Paquetes y cajas');
      const packages: string[] = [];
      for (const [i, buyer] of buyers.entries()) {
        packages.push(await registerPackage(china, buyer.order.number, { weight: i === 0 ? '3,4' : '1,25', lengthCm: 50, widthCm: 40, heightCm: 30 + i, repacked: i === 0 }));
      }
      const box = await createBox(china, buyers.map((buyer) => buyer.order.number));
      for (const buyer of buyers) await boxRow(china, box).getByText(`${buyer.order.number} · Comprada`).waitFor();
      await checkPage(china, 'backoffice-flow-box');

      // Every tracking phase for the box: China's warehouse team first, then Venezuela's. Before each one the
      // box's row shows both orders where they are, so the form offers the next phase.
      await openSection(china, 'Secciones de logística', 'Seguimiento');
      await openWorkspace(venezuela, 'Logística');
      await venezuela.getByRole('heading', { level: 1, name: 'Seguimiento' }).waitFor();
      const portalStep = portalPage.locator('li[aria-current="step"]');
      let previous = 'Comprada';
      for (const step of ROUTE) {
        const agent: Page = step.by === 'china' ? china : venezuela;
        for (const buyer of buyers) await boxRow(agent, box).getByText(`${buyer.order.number} · ${previous}`).waitFor();
        await recordBoxPhase(agent, box, { label: step.label, place: step.place, note: step.note, photo: step.photo }, step.photo ? () => checkPage(agent, 'backoffice-flow-tracking-photo') : undefined);
        for (const buyer of buyers) {
          const heard = await buyer.live.orderIn(buyer.order.id, step.phase);
          expect(heard.trackingEvents.at(-1)).toEqual({ phase: step.phase, place: step.place, photos: step.photo ? [expect.anything()] : [] });
          if (NOTICE[step.phase]) await buyer.live.notified(NOTICE[step.phase]!, buyer.order.id);
        }
        await portalStep.filter({ hasText: step.portalLabel }).filter({ hasText: step.place }).waitFor();
        previous = step.label;
      }
      for (const buyer of buyers) await boxRow(venezuela, box).getByText(`${buyer.order.number} · Entregada`).waitFor();
      await boxRow(venezuela, box).getByText('Sin fase pendiente').waitFor();
      await checkPage(venezuela, 'backoffice-flow-delivered');
      expect(await stillMarked(portalPage)).toBe(true);

      // Each customer's session carried their own request and order through every state, in order, and nothing of the other's.
      const distinct = <T>(states: T[]) => states.filter((s, k) => s !== states[k - 1]);
      for (const [i, buyer] of buyers.entries()) {
        expect(distinct(buyer.live.requests.all.map((r) => r.state))).toEqual(['SOURCING', 'PRICING', 'QUOTED', 'ACCEPTED']);
        expect(distinct(buyer.live.orders.all.map((o) => o.state))).toEqual(['PENDING_PAYMENT', ...(i === 0 ? ['PARTIALLY_PAID'] : []), 'PAID', 'PURCHASED', ...ROUTE.map((s) => s.phase)]);
        expect(buyer.live.orders.all.every((o) => o.id === buyer.order.id)).toBe(true);
        expect(buyer.live.requests.all.every((r) => r.id === buyer.request.id)).toBe(true);
        const { order } = await buyer.api.ok(CustomerOrder, { id: buyer.order.id });
        expect(order.packages).toEqual([{ number: packages[i], box: { number: box } }]);
        expect(order.trackingEvents.map((e) => [e.phase, e.place, e.photos.length])).toEqual([
          ['PURCHASED', expect.any(String), 0],
          ...ROUTE.map((s) => [s.phase, s.place, s.photo ? 1 : 0]),
        ]);
        expect(order.trackingEvents[1]!.note).toBe('Recibida y pesada');
      }
    },
    WALKTHROUGH_TIMEOUT_MS,
  );
});
