import { graphql } from '../graphql/generated';
import type { TestSubscription } from '../helpers/client';
import { startTestApi, type TestApi } from '../helpers/test-api';

/**
 * The whole of DESIGN.md "The core flow" as the real roles would do it, over HTTP for every action and
 * WebSocket for every status change the customer and staff are told about.
 */

const RequestUpdated = graphql(`
  subscription FlowRequestUpdated { purchaseRequestUpdated { request { id state queue round } } }
`);
const QueueUpdated = graphql(`
  subscription FlowQueueUpdated($queue: StaffQueue!) { staffQueueUpdated(queue: $queue) { request { id state queue } } }
`);
const OrderUpdated = graphql(`
  subscription FlowOrderUpdated { orderUpdated { order { id number state } } }
`);
const PaymentQueue = graphql(`
  subscription FlowPaymentQueue { paymentQueueUpdated { payment { id state amountMinor currency } } }
`);
const CreateRequest = graphql(`
  mutation FlowCreateRequest($input: CreatePurchaseRequestInput!) { createPurchaseRequest(input: $input) { id number state queue } }
`);
const StartSourcing = graphql(`
  mutation FlowStartSourcing($id: ID!) { startSourcing(requestId: $id) { state } }
`);
const SubmitSourcing = graphql(`
  mutation FlowSubmitSourcing($id: ID!, $input: SubmitSourcingInput!) { submitSourcing(requestId: $id, input: $input) { state queue } }
`);
const SendQuote = graphql(`
  mutation FlowSendQuote($id: ID!, $input: SendQuoteInput!) {
    sendQuote(requestId: $id, input: $input) {
      state round responseDeadline
      options { id shippingMethod round chargeableWeightKg volumetricWeightKg chargeableBasis freightMinor subtotalMinor totalUsdMinor totalVesMinor suggestedTotalUsdMinor overrideReason }
    }
  }
`);
const RequestModification = graphql(`
  mutation FlowRequestModification($id: ID!, $note: String!) { requestQuoteModification(requestId: $id, note: $note) { state modificationsUsed } }
`);
const Accept = graphql(`
  mutation FlowAccept($optionId: ID!) { acceptQuoteOption(optionId: $optionId) { id number state totalUsdMinor totalVesMinor vesPerUsd paymentDeadline } }
`);
const OrderDetail = graphql(`
  query FlowOrder($id: ID!) {
    order(id: $id) {
      state outstandingUsdMinor outstandingVesMinor usdPayableMinor settledUsdMinor
      payments { state } trackingEvents { phase place actorName } packages { number }
    }
  }
`);
const SubmitPayment = graphql(`
  mutation FlowSubmitPayment($input: SubmitPaymentInput!) { submitPayment(input: $input) { id state creditedUsdMinor } }
`);
const ValidatePayment = graphql(`
  mutation FlowValidatePayment($id: ID!) { validatePayment(paymentId: $id) { state } }
`);
const RegisterSupplierPayment = graphql(`
  mutation FlowRegisterSupplierPayment($input: RegisterSupplierPaymentInput!) { registerSupplierPayment(input: $input) { id } }
`);
const ConfirmSupplierPayment = graphql(`
  mutation FlowConfirmSupplierPayment($orderId: ID!) { confirmSupplierPayment(orderId: $orderId) { confirmedAt } }
`);
const RegisterPackage = graphql(`
  mutation FlowRegisterPackage($input: RegisterPackageInput!) { registerPackage(input: $input) { id number } }
`);
const CreateBox = graphql(`
  mutation FlowCreateBox($input: CreateBoxInput!) { createBox(input: $input) { id number } }
`);
const RecordTracking = graphql(`
  mutation FlowRecordTracking($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { phase } }
`);
const MyNotifications = graphql(`
  query FlowNotifications {
    myNotifications(first: 50) {
      edges { node { kind title body titleEs: title(language: ES) bodyEs: body(language: ES) titleEn: title(language: EN) bodyEn: body(language: EN) } }
    }
  }
`);
const MySurveys = graphql(`
  query FlowMySurveys { mySurveys(first: 5) { edges { node { id submittedAt } } } }
`);
const SubmitSurvey = graphql(`
  mutation FlowSubmitSurvey($input: SubmitSurveyInput!) { submitSurvey(input: $input) { npsCategory submittedAt } }
`);

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.stop();
});

/** What the flow left for the per-kind checks below: the customer's notifications (newest first) and numbers. */
let flow: { requestNumber: string; orderNumber: string; notifications: { kind: string; title: string; body: string; titleEs: string; bodyEs: string; titleEn: string; bodyEn: string }[] };

/** Takes events until one matches (earlier ones are intermediate states of the same step). */
async function until<T>(sub: TestSubscription<T>, match: (event: T) => boolean): Promise<T> {
  for (;;) {
    const event = await sub.next();
    if (match(event)) return event;
  }
}

it('takes a retail purchase from sign-up to survey, telling everyone each change live', async () => {
  const customer = await t.newCustomer({ fullName: 'Gabriela Suárez' });
  const china = await t.asStaff('CHINA_AGENT');
  const venezuela = await t.asStaff('VENEZUELA_AGENT');
  const validator = await t.asStaff('PAYMENT_VALIDATOR');

  const myRequests = customer.subscribe(RequestUpdated);
  const myOrders = customer.subscribe(OrderUpdated);
  const chinaQueue = china.subscribe(QueueUpdated, { queue: 'CHINA' });
  const paymentQueue = validator.subscribe(PaymentQueue);
  await Promise.all([myRequests.ready, myOrders.ready, chinaQueue.ready, paymentQueue.ready]);

  // 1–2. Request: retail goes to the China queue.
  const created = (
    await customer.ok(CreateRequest, {
      input: {
        productUrl: 'https://detail.1688.com/offer/123456.html', description: 'Audífonos inalámbricos', quantity: 2,
        specifications: 'Color negro', purchaseType: 'RETAIL', shippingMethods: ['AIR', 'SEA'], nationalDelivery: 'COURIER',
      },
    })
  ).createPurchaseRequest;
  expect(created).toMatchObject({ state: 'SUBMITTED', queue: 'CHINA' });
  expect(await until(chinaQueue, (e) => e.staffQueueUpdated.request.id === created.id)).toMatchObject({ staffQueueUpdated: { request: { state: 'SUBMITTED' } } });
  expect((await until(myRequests, (e) => e.purchaseRequestUpdated.request.id === created.id)).purchaseRequestUpdated.request.state).toBe('SUBMITTED');

  // 3. Sourcing in China.
  await china.ok(StartSourcing, { id: created.id });
  expect((await myRequests.next()).purchaseRequestUpdated.request.state).toBe('SOURCING');
  const sourced = await china.ok(SubmitSourcing, {
    id: created.id,
    input: { supplierUnitPriceMinor: 1250, chinaShippingMinor: 800, lengthCm: 40, widthCm: 30, heightCm: 20, weightKg: '3.2', supplierDispatchDays: 3 },
  });
  expect(sourced.submitSourcing).toEqual({ state: 'PRICING', queue: 'VENEZUELA' });
  expect((await myRequests.next()).purchaseRequestUpdated.request.state).toBe('PRICING');

  // 4. Final quote: air priced on volumetric weight 40×30×20/5000 = 4.8 kg > 3.2 kg.
  const eta = new Date(Date.now() + 20 * 86_400_000).toISOString();
  const etaSea = new Date(Date.now() + 60 * 86_400_000).toISOString();
  const first = (await venezuela.ok(SendQuote, { id: created.id, input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt: eta }, { shippingMethod: 'SEA', estimatedDeliveryAt: etaSea }], whatsApp: true } })).sendQuote;
  const air = first.options.find((o) => o.shippingMethod === 'AIR')!;
  expect(air).toMatchObject({
    chargeableWeightKg: '4.800', chargeableBasis: 'VOLUMETRIC_WEIGHT',
    freightMinor: 5760, // 4.8 kg × $12.00
    subtotalMinor: 9560, // 2 × $12.50 + $8.00 + $57.60 + $5.00 courier
    totalUsdMinor: 11950, // + 25 % margin
    totalVesMinor: 436175, // × 36.5 Bs/$
  });
  expect(await until(myRequests, (e) => e.purchaseRequestUpdated.request.state === 'QUOTED')).toMatchObject({ purchaseRequestUpdated: { request: { round: 1 } } });

  // 5. The customer asks for a change; the agent re-quotes with a lower, justified price.
  expect((await customer.ok(RequestModification, { id: created.id, note: '¿Pueden mejorar el precio aéreo?' })).requestQuoteModification).toEqual({ state: 'MODIFICATION_REQUESTED', modificationsUsed: 1 });
  expect((await myRequests.next()).purchaseRequestUpdated.request.state).toBe('MODIFICATION_REQUESTED');
  const second = (await venezuela.ok(SendQuote, {
    id: created.id,
    input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt: eta, overrideTotalUsdMinor: 11000, overrideReason: 'Cliente frecuente' }, { shippingMethod: 'SEA', estimatedDeliveryAt: etaSea }] },
  })).sendQuote;
  const air2 = second.options.find((o) => o.shippingMethod === 'AIR' && o.round === 2)!;
  expect(air2).toMatchObject({ totalUsdMinor: 11000, suggestedTotalUsdMinor: 11950, overrideReason: 'Cliente frecuente', totalVesMinor: 401500 });
  expect(await until(myRequests, (e) => e.purchaseRequestUpdated.request.state === 'QUOTED')).toMatchObject({ purchaseRequestUpdated: { request: { round: 2 } } });

  // 6–7. Accept: an order with a purchase-order number and a payment deadline.
  const order = (await customer.ok(Accept, { optionId: air2.id })).acceptQuoteOption;
  expect(order.number).toMatch(/^PO-\d{4}-\d{6}$/);
  expect(order).toMatchObject({ state: 'PENDING_PAYMENT', totalUsdMinor: 11000, totalVesMinor: 401500, vesPerUsd: '36.500000' });
  expect((await until(myRequests, (e) => e.purchaseRequestUpdated.request.state === 'ACCEPTED')).purchaseRequestUpdated.request.id).toBe(created.id);
  expect((await myOrders.next()).orderUpdated.order).toMatchObject({ id: order.id, state: 'PENDING_PAYMENT' });

  // 8. Payment: half in bolívares (Pago Móvil), the rest in dollars with the USD discount.
  const bs = await customer.ok(SubmitPayment, { input: { orderId: order.id, method: 'PAGO_MOVIL', amountMinor: 200750, reference: 'PM-0001' } });
  expect(bs.submitPayment).toMatchObject({ state: 'SUBMITTED', creditedUsdMinor: 5500 });
  expect((await paymentQueue.next()).paymentQueueUpdated.payment).toMatchObject({ state: 'SUBMITTED', currency: 'VES' });
  await validator.ok(ValidatePayment, { id: bs.submitPayment.id });
  expect((await myOrders.next()).orderUpdated.order.state).toBe('PARTIALLY_PAID');
  const due = (await customer.ok(OrderDetail, { id: order.id })).order;
  expect(due).toMatchObject({ outstandingUsdMinor: 5500, usdPayableMinor: 5225 }); // $55.00 × (1 − 5 %)
  const usd = await customer.ok(SubmitPayment, { input: { orderId: order.id, method: 'ZELLE', amountMinor: due.usdPayableMinor, reference: 'ZL-778' } });
  await validator.ok(ValidatePayment, { id: usd.submitPayment.id });
  expect((await until(myOrders, (e) => e.orderUpdated.order.state !== 'PARTIALLY_PAID')).orderUpdated.order.state).toBe('PAID');

  // 9. Supplier payment, registered in Venezuela and confirmed in China.
  await validator.ok(RegisterSupplierPayment, { input: { orderId: order.id, currency: 'USD', amountMinor: 3300, reference: 'SWIFT-42' } });
  await china.ok(ConfirmSupplierPayment, { orderId: order.id });
  expect((await myOrders.next()).orderUpdated.order.state).toBe('PURCHASED');

  // 10. Logistics: package, box, and every tracking phase of a courier delivery.
  const pkg = (await china.ok(RegisterPackage, { input: { orderId: order.id, weightKg: '3.400', lengthCm: 40, widthCm: 30, heightCm: 22, repacked: true } })).registerPackage;
  expect(pkg.number).toMatch(/^PK-\d{4}-\d{6}$/);
  const box = (await china.ok(CreateBox, { input: { packageIds: [pkg.id] } })).createBox;
  expect(box.number).toMatch(/^BX-\d{4}-\d{6}$/);
  const phases = [
    { by: china, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén Guangzhou' },
    { by: china, phase: 'DEPARTED_CHINA', place: 'Aeropuerto de Cantón' },
    { by: venezuela, phase: 'IN_CUSTOMS', place: 'Aduana de Maiquetía' },
    { by: venezuela, phase: 'AT_LOCAL_WAREHOUSE', place: 'Almacén Caracas' },
    { by: venezuela, phase: 'OUT_FOR_DELIVERY', place: 'Caracas' },
    { by: venezuela, phase: 'DELIVERED', place: 'Chacao, Caracas' },
  ] as const;
  for (const step of phases) {
    await step.by.ok(RecordTracking, { input: { boxId: box.id, phase: step.phase, place: step.place } });
    expect((await myOrders.next()).orderUpdated.order).toEqual({ id: order.id, number: order.number, state: step.phase });
  }
  const delivered = (await customer.ok(OrderDetail, { id: order.id })).order;
  expect(delivered.trackingEvents.map((e) => e.phase)).toEqual(['PURCHASED', ...phases.map((p) => p.phase)]);
  expect(delivered.packages).toEqual([{ number: pkg.number }]);
  expect(delivered.payments.map((p) => p.state)).toEqual(['VALIDATED', 'VALIDATED']);

  // The customer was told of arrival and delivery, in the app and on WhatsApp.
  const notifications = (await customer.ok(MyNotifications)).myNotifications.edges.map((e) => e.node);
  expect(notifications.map((n) => n.kind)).toEqual(expect.arrayContaining(['QUOTE_READY', 'PAYMENT_VALIDATED', 'SURVEY_INVITATION']));
  flow = { requestNumber: created.number, orderNumber: order.number, notifications };
  const whatsapp = await t.sql<{ body: string }>('SELECT body FROM outbound_message WHERE recipient = $1 ORDER BY created_at', [customer.phone]);
  expect(whatsapp.length).toBeGreaterThanOrEqual(4); // code, quote, arrival, delivery at least

  // 11. Survey.
  const survey = (await customer.ok(MySurveys)).mySurveys.edges[0]!.node;
  const answered = await customer.ok(SubmitSurvey, {
    input: { surveyId: survey.id, generalScore: 9, responseTimeScore: 8, qualityScore: 10, priceScore: 7, attentionScore: 9, recommendScore: 10, comments: 'Excelente' },
  });
  expect(answered.submitSurvey.npsCategory).toBe('PROMOTER');

  for (const sub of [myRequests, myOrders, chinaQueue, paymentQueue]) sub.close();
});

/**
 * Every kind of notification the flow sent, read in English: its own title and text (the newest of its kind),
 * with money in English separators and dates in the business time zone; Spanish stays the default.
 */
describe.each([
  { kind: 'QUOTE_READY', title: () => `Your quote ${flow.requestNumber} is ready`, body: [/^• Air: USD 110\.00 \(Bs\. 4,015\.00\), estimated delivery [A-Z][a-z]{2} \d{1,2}, \d{4}$/m, /^Reply in the app before .+ \(America\/Caracas time\)\.$/m] },
  { kind: 'PAYMENT_VALIDATED', title: () => 'Payment validated', body: [() => `We validated your payment of USD 52.25 for order ${flow.orderNumber}. The order is paid.`] },
  { kind: 'ORDER_PURCHASED', title: () => 'Product purchased', body: [() => `We bought the product of your order ${flow.orderNumber} from the supplier.`] },
  { kind: 'ORDER_ARRIVED', title: () => 'Your order has arrived in Venezuela', body: [() => `Order ${flow.orderNumber} has reached our warehouse (Almacén Caracas).`] },
  { kind: 'ORDER_OUT_FOR_DELIVERY', title: () => 'Your order is on its way', body: [() => `Order ${flow.orderNumber} is out for delivery by courier.`] },
  { kind: 'ORDER_DELIVERED', title: () => 'Your order has been delivered', body: [() => `Order ${flow.orderNumber} has been delivered.`] },
  { kind: 'SURVEY_INVITATION', title: () => 'How did your order go?', body: [() => `Tell us about your experience with order ${flow.orderNumber}`] },
])('the $kind notification', ({ kind, title, body }) => {
  it('has an English title and text of its own, and is Spanish unless English is asked for', () => {
    const n = flow.notifications.find((x) => x.kind === kind)!;
    expect(n.titleEn).toBe(title());
    for (const part of body) {
      if (typeof part === 'function') expect(n.bodyEn).toContain(part());
      else expect(n.bodyEn).toMatch(part);
    }
    expect(n.titleEs).not.toBe(n.titleEn);
    expect(n.bodyEs).not.toBe(n.bodyEn);
    expect([n.title, n.body]).toEqual([n.titleEs, n.bodyEs]);
  });
});
