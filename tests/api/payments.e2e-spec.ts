import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
import { TINY_PNG } from '../helpers/images';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { orderThroughQuote } from './factories/orders';

const SubmitPayment = graphql(`
  mutation SubmitPayment($input: SubmitPaymentInput!) {
    submitPayment(input: $input) { id state currency amountMinor creditedUsdMinor proof { id } }
  }
`);
const ValidatePayment = graphql(`
  mutation ValidatePayment($paymentId: ID!) {
    validatePayment(paymentId: $paymentId) { id state order { id state settledUsdMinor } }
  }
`);
const RejectPayment = graphql(`
  mutation RejectPayment($paymentId: ID!, $reason: String!) {
    rejectPayment(paymentId: $paymentId, reason: $reason) { id state rejectionReason }
  }
`);
const OrderBalance = graphql(`
  query OrderBalance($id: ID!) {
    order(id: $id) {
      id number state totalUsdMinor totalVesMinor vesPerUsd settledUsdMinor
      outstandingUsdMinor outstandingVesMinor usdPayableMinor nextStates
      payments { id state amountMinor }
      events { fromState toState }
    }
  }
`);
const PaymentQueue = graphql(`
  query PaymentQueue($filter: PaymentsFilter) {
    payments(filter: $filter, first: 100) { totalCount edges { node { id state order { number } } } }
  }
`);
const PaymentQueueUpdated = graphql(`
  subscription PaymentQueueUpdated { paymentQueueUpdated { payment { id state order { id } } } }
`);
const RegisterSupplierPayment = graphql(`
  mutation RegisterSupplierPayment($input: RegisterSupplierPaymentInput!) {
    registerSupplierPayment(input: $input) { id currency amountMinor confirmedAt registeredBy { username } }
  }
`);
const ConfirmSupplierPayment = graphql(`
  mutation ConfirmSupplierPayment($orderId: ID!) {
    confirmSupplierPayment(orderId: $orderId) {
      confirmedAt confirmedBy { username }
      order { state trackingEvents { phase place actorName } }
    }
  }
`);
const UpdateParameters = graphql(`
  mutation UpdateParametersFromPayments($input: UpdateBusinessParametersInput!, $expectedVersion: Int!) {
    updateBusinessParameters(input: $input, expectedVersion: $expectedVersion) { version vesPerUsd }
  }
`);
const OrderSupplierPayment = graphql(`
  query OrderSupplierPayment($id: ID!) { order(id: $id) { supplierPayment { reference } } }
`);

let t: TestApi;
let validator: GqlClient;
beforeAll(async () => {
  t = await startTestApi();
  validator = await t.asStaff('PAYMENT_VALIDATOR');
});
afterAll(async () => {
  await t.stop();
});

async function pay(customer: TestCustomer, orderId: string, method: 'PAGO_MOVIL' | 'BANK_TRANSFER' | 'ZELLE' | 'BINANCE' | 'PAYPAL', amountMinor: number) {
  const data = await customer.ok(SubmitPayment, { input: { orderId, method, amountMinor, reference: `REF-${amountMinor}` } });
  return data.submitPayment;
}

async function balance(client: GqlClient, id: string) {
  return (await client.ok(OrderBalance, { id })).order;
}

async function notificationsOf(userId: string, kind: string) {
  return t.sql<{ title: string; body: string }>('SELECT title, body FROM notification WHERE recipient_id = $1 AND kind = $2', [userId, kind]);
}

describe('paying an order', () => {
  it('credits a VES payment at the rate frozen when the quote was priced, not the rate in force', async () => {
    const ana = await t.newCustomer();
    const master = await t.asStaff('MASTER');
    // Priced at the seed's 36.50 Bs/USD; the Master then raises the rate before the customer accepts.
    const order = await orderThroughQuote(t, ana, {
      totalUsdMinor: 10_000,
      afterPricing: async () => {
        const [{ version }] = (await t.sql<{ version: number }>('SELECT max(version) AS version FROM business_parameters')) as [{ version: number }];
        await master.ok(UpdateParameters, { input: { vesPerUsd: '50.00', changeReason: 'Nueva tasa BCV' }, expectedVersion: version });
      },
    });
    expect(order.vesPerUsd).toBe('36.500000');

    const before = await balance(ana, order.orderId);
    expect(before.outstandingVesMinor).toBe(365_000);
    const payment = await pay(ana, order.orderId, 'PAGO_MOVIL', 182_500);
    expect(payment).toMatchObject({ state: 'SUBMITTED', currency: 'VES', creditedUsdMinor: 5_000 });
    await validator.ok(ValidatePayment, { paymentId: payment.id });
    const after = await balance(ana, order.orderId);
    expect(after).toMatchObject({ state: 'PARTIALLY_PAID', settledUsdMinor: 5_000, outstandingUsdMinor: 5_000, outstandingVesMinor: 182_500 });
  });

  it('gives USD payments the discount: paying usdPayableMinor settles the order and records the first purchase', async () => {
    const ana = await t.newCustomer();
    const order = await orderThroughQuote(t, ana, { totalUsdMinor: 12_345 });
    const before = await balance(ana, order.orderId);
    // 5 % discount of the seed parameters, rounded up so the amount shown covers the debt.
    expect(before.usdPayableMinor).toBe(11_728);
    const payment = await pay(ana, order.orderId, 'ZELLE', before.usdPayableMinor);
    expect(payment.currency).toBe('USD');
    const validated = await validator.ok(ValidatePayment, { paymentId: payment.id });
    expect(validated.validatePayment).toMatchObject({ state: 'VALIDATED', order: { state: 'PAID' } });
    const after = await balance(ana, order.orderId);
    expect(after).toMatchObject({ outstandingUsdMinor: 0, outstandingVesMinor: 0, usdPayableMinor: 0, nextStates: ['PURCHASED'] });
    const [customer] = await t.sql<{ first_purchase_at: Date | null }>('SELECT first_purchase_at FROM customer WHERE id = $1', [ana.customerId]);
    expect(customer!.first_purchase_at).not.toBeNull();
    expect(await notificationsOf(ana.userId, 'PAYMENT_VALIDATED')).toHaveLength(1);
    const whatsapp = await t.sql('SELECT body FROM outbound_message WHERE recipient = $1 AND body LIKE $2', [ana.phone, 'Pago validado%']);
    expect(whatsapp).toHaveLength(1);
    const audits = await t.sql("SELECT action FROM audit_log_entry WHERE action = 'payment.validated' AND target_id = $1", [payment.id]);
    expect(audits).toHaveLength(1);
  });

  it('accepts partial payments: PENDING_PAYMENT → PARTIALLY_PAID → PAID', async () => {
    const ana = await t.newCustomer();
    const order = await orderThroughQuote(t, ana, { totalUsdMinor: 10_000 });
    const first = await pay(ana, order.orderId, 'BINANCE', 4_750);
    expect(first.creditedUsdMinor).toBe(5_000);
    await validator.ok(ValidatePayment, { paymentId: first.id });
    const half = await balance(ana, order.orderId);
    expect(half).toMatchObject({ state: 'PARTIALLY_PAID', outstandingUsdMinor: 5_000 });
    const second = await pay(ana, order.orderId, 'BANK_TRANSFER', half.outstandingVesMinor);
    await validator.ok(ValidatePayment, { paymentId: second.id });
    const paid = await balance(ana, order.orderId);
    expect(paid.state).toBe('PAID');
    expect(paid.events.map((e) => e.toState)).toEqual(['PENDING_PAYMENT', 'PARTIALLY_PAID', 'PAID']);
    expect(paid.payments.map((p) => p.id)).toEqual([second.id, first.id]);
    expect(await ana.errorCode(SubmitPayment, { input: { orderId: order.orderId, method: 'ZELLE', amountMinor: 100, reference: 'extra' } })).toBe('ORDER_ALREADY_PAID');
  });

  it('accepts a proof image only when the caller uploaded it', async () => {
    const ana = await t.newCustomer();
    const bob = await t.newCustomer();
    const order = await orderThroughQuote(t, ana);
    const png = TINY_PNG;
    const upload = async (c: TestCustomer) =>
      ((await (await fetch(`${t.api.url}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'image/png' }, body: png })).json()) as { id: string }).id;
    const bobsProof = await upload(bob);
    const input = { orderId: order.orderId, method: 'ZELLE' as const, amountMinor: 1_000, reference: 'ZL-1' };
    expect(await ana.errorCode(SubmitPayment, { input: { ...input, proofUploadId: bobsProof } })).toBe('NOT_FOUND');
    const ok = await ana.ok(SubmitPayment, { input: { ...input, proofUploadId: await upload(ana) } });
    expect(ok.submitPayment.proof?.id).toBeTruthy();
  });

  it('refuses to pay another customer\'s order as if it did not exist', async () => {
    const ana = await t.newCustomer();
    const bob = await t.newCustomer();
    const order = await orderThroughQuote(t, ana);
    expect(await bob.errorCode(SubmitPayment, { input: { orderId: order.orderId, method: 'ZELLE', amountMinor: 100, reference: 'x' } })).toBe('NOT_FOUND');
    expect(await bob.errorCode(OrderBalance, { id: order.orderId })).toBe('NOT_FOUND');
  });

  it('refuses a payment after the deadline even before the sweep cancelled the order', async () => {
    const ana = await t.newCustomer();
    const order = await orderThroughQuote(t, ana);
    await t.sql("UPDATE purchase_order SET payment_deadline = now() - interval '1 minute' WHERE id = $1", [order.orderId]);
    expect(await ana.errorCode(SubmitPayment, { input: { orderId: order.orderId, method: 'ZELLE', amountMinor: 100, reference: 'late' } })).toBe('PAYMENT_DEADLINE_PASSED');
    expect((await balance(ana, order.orderId)).state).toBe('PENDING_PAYMENT');
  });
});

describe('validating payments', () => {
  it('requires a reason of 3–500 characters to reject, and tells the customer why', async () => {
    const ana = await t.newCustomer();
    const order = await orderThroughQuote(t, ana);
    const payment = await pay(ana, order.orderId, 'PAGO_MOVIL', 10_000);
    expect(await validator.errorCode(RejectPayment, { paymentId: payment.id, reason: '' })).toBe('BAD_USER_INPUT');
    expect(await validator.errorCode(RejectPayment, { paymentId: payment.id, reason: '   ' })).toBe('BAD_USER_INPUT');
    const rejected = await validator.ok(RejectPayment, { paymentId: payment.id, reason: 'La referencia no aparece en el banco' });
    expect(rejected.rejectPayment).toMatchObject({ state: 'REJECTED', rejectionReason: 'La referencia no aparece en el banco' });
    const [notification] = await notificationsOf(ana.userId, 'PAYMENT_REJECTED');
    expect(notification!.body).toContain('La referencia no aparece en el banco');
    expect((await balance(ana, order.orderId))).toMatchObject({ state: 'PENDING_PAYMENT', settledUsdMinor: 0 });
  });

  it('decides a payment once: a second decision is PAYMENT_ALREADY_DECIDED', async () => {
    const ana = await t.newCustomer();
    const order = await orderThroughQuote(t, ana);
    const payment = await pay(ana, order.orderId, 'ZELLE', 1_000);
    await validator.ok(ValidatePayment, { paymentId: payment.id });
    expect(await validator.errorCode(ValidatePayment, { paymentId: payment.id })).toBe('PAYMENT_ALREADY_DECIDED');
    expect(await validator.errorCode(RejectPayment, { paymentId: payment.id, reason: 'demasiado tarde' })).toBe('PAYMENT_ALREADY_DECIDED');
  });

  it('lets exactly one of two validators deciding the same payment at once win, crediting it once', async () => {
    const ana = await t.newCustomer();
    const order = await orderThroughQuote(t, ana, { totalUsdMinor: 10_000 });
    const payment = await pay(ana, order.orderId, 'ZELLE', 1_900);
    const other = await t.asStaff('PAYMENT_VALIDATOR');
    const results = await Promise.all([validator.request(ValidatePayment, { paymentId: payment.id }), other.request(ValidatePayment, { paymentId: payment.id })]);
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual(['PAYMENT_ALREADY_DECIDED']);
    expect((await balance(ana, order.orderId)).settledUsdMinor).toBe(2_000);
  });

  it('forbids staff without payment:validate (the China agent)', async () => {
    const ana = await t.newCustomer();
    const order = await orderThroughQuote(t, ana);
    const payment = await pay(ana, order.orderId, 'ZELLE', 1_000);
    const china = await t.asStaff('CHINA_AGENT');
    expect(await china.errorCode(ValidatePayment, { paymentId: payment.id })).toBe('FORBIDDEN');
    expect(await ana.errorCode(ValidatePayment, { paymentId: payment.id })).toBe('FORBIDDEN');
  });

  it('lists the validation queue and pushes its changes to validators only', async () => {
    const ana = await t.newCustomer();
    const order = await orderThroughQuote(t, ana);
    const sub = validator.subscribe(PaymentQueueUpdated);
    await sub.ready;
    const payment = await pay(ana, order.orderId, 'PAYPAL', 2_000);
    expect((await sub.next()).paymentQueueUpdated.payment).toMatchObject({ id: payment.id, state: 'SUBMITTED', order: { id: order.orderId } });
    const queue = await validator.ok(PaymentQueue, { filter: { state: 'SUBMITTED', orderId: order.orderId } });
    expect(queue.payments.edges.map((e) => e.node.id)).toEqual([payment.id]);
    await validator.ok(ValidatePayment, { paymentId: payment.id });
    expect((await sub.next()).paymentQueueUpdated.payment).toMatchObject({ id: payment.id, state: 'VALIDATED' });
    sub.close();
    expect(await ana.errorCode(PaymentQueue, {})).toBe('FORBIDDEN');
    const customerSub = ana.subscribe(PaymentQueueUpdated);
    await new Promise((r) => setTimeout(r, 500));
    await expect(customerSub.next(1000)).rejects.toThrow(/FORBIDDEN/);
    customerSub.close();
  });
});

describe('the payment deadline', () => {
  it('cancels unpaid orders past the deadline, notifies the customer, then refuses payments with ORDER_CANCELLED', async () => {
    const ana = await t.newCustomer();
    const unpaid = await orderThroughQuote(t, ana);
    const partial = await orderThroughQuote(t, ana, { totalUsdMinor: 10_000 });
    const awaiting = await orderThroughQuote(t, ana);
    const inTime = await orderThroughQuote(t, ana);
    const first = await pay(ana, partial.orderId, 'ZELLE', 950);
    await validator.ok(ValidatePayment, { paymentId: first.id });
    // Reported in time and not yet decided: the validator's decision settles it, not the sweep.
    await pay(ana, awaiting.orderId, 'ZELLE', 950);
    await t.sql("UPDATE purchase_order SET payment_deadline = now() - interval '1 minute' WHERE id = ANY($1)", [[unpaid.orderId, partial.orderId, awaiting.orderId]]);

    await t.app.jobs.runNow('order-payment-deadline-sweep');
    expect((await balance(ana, unpaid.orderId)).state).toBe('CANCELLED');
    const partialAfter = await balance(ana, partial.orderId);
    expect(partialAfter).toMatchObject({ state: 'CANCELLED', settledUsdMinor: 1_000, outstandingUsdMinor: 0, nextStates: [] });
    expect(partialAfter.payments.map((p) => p.state)).toEqual(['VALIDATED']);
    expect((await balance(ana, awaiting.orderId)).state).toBe('PENDING_PAYMENT');
    expect((await balance(ana, inTime.orderId)).state).toBe('PENDING_PAYMENT');
    expect(await notificationsOf(ana.userId, 'ORDER_CANCELLED')).toHaveLength(2);
    expect(await ana.errorCode(SubmitPayment, { input: { orderId: unpaid.orderId, method: 'ZELLE', amountMinor: 100, reference: 'late' } })).toBe('ORDER_CANCELLED');

    // Running it again changes nothing.
    await t.app.jobs.runNow('order-payment-deadline-sweep');
    expect(await notificationsOf(ana.userId, 'ORDER_CANCELLED')).toHaveLength(2);
  });
});

describe('the supplier payment', () => {
  it('is registered by the validator for a paid order and confirmed by the China agent: the order becomes PURCHASED', async () => {
    const ana = await t.newCustomer();
    const order = await orderThroughQuote(t, ana, { totalUsdMinor: 10_000 });
    const input = { orderId: order.orderId, currency: 'CNY' as const, amountMinor: 36_000, reference: 'ALIPAY-7781' };
    expect(await validator.errorCode(RegisterSupplierPayment, { input })).toBe('INVALID_STATE');
    const payment = await pay(ana, order.orderId, 'ZELLE', 9_500);
    await validator.ok(ValidatePayment, { paymentId: payment.id });

    const china = await t.asStaff('CHINA_AGENT');
    expect(await china.errorCode(RegisterSupplierPayment, { input })).toBe('FORBIDDEN');
    const registered = await validator.ok(RegisterSupplierPayment, { input });
    expect(registered.registerSupplierPayment).toMatchObject({ currency: 'CNY', amountMinor: 36_000, confirmedAt: null, registeredBy: { username: 'pagos' } });
    expect(await validator.errorCode(RegisterSupplierPayment, { input })).toBe('SUPPLIER_PAYMENT_EXISTS');
    expect(await validator.errorCode(ConfirmSupplierPayment, { orderId: order.orderId })).toBe('FORBIDDEN');
    // What was paid to China stays internal.
    expect(await ana.errorCode(OrderSupplierPayment, { id: order.orderId })).toBe('FORBIDDEN');

    const confirmed = await china.ok(ConfirmSupplierPayment, { orderId: order.orderId });
    expect(confirmed.confirmSupplierPayment.confirmedAt).toBeTruthy();
    expect(confirmed.confirmSupplierPayment.confirmedBy?.username).toBe('china');
    expect(confirmed.confirmSupplierPayment.order).toEqual({
      state: 'PURCHASED',
      trackingEvents: [{ phase: 'PURCHASED', place: 'Proveedor (China)', actorName: 'Li Wei (China)' }],
    });
    expect(await china.errorCode(ConfirmSupplierPayment, { orderId: order.orderId })).toBe('INVALID_STATE');
    expect(await notificationsOf(ana.userId, 'ORDER_PURCHASED')).toHaveLength(1);
    const audits = await t.sql<{ action: string }>("SELECT action FROM audit_log_entry WHERE action LIKE 'supplier-payment.%' AND detail->>'orderId' = $1 ORDER BY at", [order.orderId]);
    expect(audits.map((a) => a.action)).toEqual(['supplier-payment.registered', 'supplier-payment.confirmed']);
  });
});
