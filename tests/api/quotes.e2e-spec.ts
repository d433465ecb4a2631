import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { graphql } from '../graphql/generated';
import type { CreatePurchaseRequestInput } from '../graphql/generated/graphql';
import type { GqlClient } from '../helpers/client';
import { TINY_PNG } from '../helpers/images';
import { startTestApi, type TestApi } from '../helpers/test-api';

const CreateRequest = graphql(`
  mutation CreatePurchaseRequest($input: CreatePurchaseRequestInput!) {
    createPurchaseRequest(input: $input) { id number state queue purchaseType shippingMethods }
  }
`);
const RequestDetail = graphql(`
  query PurchaseRequestDetail($id: ID!, $round: Int) {
    purchaseRequest(id: $id) {
      id number state queue round modificationsUsed responseDeadline lastCustomerNote nextStates
      customer { id code }
      photos { id }
      events { fromState toState actorName note }
      options(round: $round) {
        id round shippingMethod actualWeightKg volumetricWeightKg chargeableWeightKg volumeCubicMeters chargeableBasis
        productAndServiceMinor freightMinor nationalDeliveryMinor totalUsdMinor totalVesMinor vesPerUsd estimatedDeliveryAt
      }
      order { id number state }
    }
  }
`);
const MyRequests = graphql(`
  query MyPurchaseRequests($state: PurchaseRequestState) {
    myPurchaseRequests(filter: { state: $state }, first: 50) { totalCount edges { node { id state } } }
  }
`);
const Allowance = graphql(`
  query MyQuoteAllowance {
    myQuoteAllowance { applies limit used remaining resetsAt modificationLimit usdPaymentDiscount }
  }
`);
const StaffRequests = graphql(`
  query StaffPurchaseRequests($filter: PurchaseRequestsFilter) {
    purchaseRequests(filter: $filter, first: 100) { totalCount edges { node { id queue state } } }
  }
`);
const StartSourcing = graphql(`
  mutation StartSourcing($requestId: ID!) { startSourcing(requestId: $requestId) { id state queue } }
`);
const SubmitSourcing = graphql(`
  mutation SubmitSourcing($requestId: ID!, $input: SubmitSourcingInput!) {
    submitSourcing(requestId: $requestId, input: $input) { id state queue weightKg supplierUnitPriceMinor }
  }
`);
const Preview = graphql(`
  query QuotePricePreview($requestId: ID!) {
    quotePricePreview(requestId: $requestId) {
      parametersVersion
      options {
        shippingMethod actualWeightKg volumetricWeightKg chargeableWeightKg volumeCubicMeters chargeableBasis productMinor
        chinaShippingMinor freightMinor nationalDeliveryMinor subtotalMinor marginMinor totalUsdMinor totalVesMinor vesPerUsd
      }
    }
  }
`);
const SendQuote = graphql(`
  mutation SendQuote($requestId: ID!, $input: SendQuoteInput!) {
    sendQuote(requestId: $requestId, input: $input) {
      id state queue round responseDeadline
      options { id round shippingMethod totalUsdMinor suggestedTotalUsdMinor marginMinor subtotalMinor totalVesMinor overrideReason }
    }
  }
`);
const Accept = graphql(`
  mutation AcceptQuoteOption($optionId: ID!) {
    acceptQuoteOption(optionId: $optionId) {
      id number state shippingMethod nationalDelivery totalUsdMinor totalVesMinor vesPerUsd usdPaymentDiscount paymentDeadline
    }
  }
`);
const RequestModification = graphql(`
  mutation RequestQuoteModification($requestId: ID!, $note: String!) {
    requestQuoteModification(requestId: $requestId, note: $note) { id state modificationsUsed }
  }
`);
const Reject = graphql(`
  mutation RejectQuote($requestId: ID!, $reason: String!) { rejectQuote(requestId: $requestId, reason: $reason) { id state } }
`);
const Decline = graphql(`
  mutation DeclinePurchaseRequest($requestId: ID!, $reason: String!) {
    declinePurchaseRequest(requestId: $requestId, reason: $reason) { id state queue }
  }
`);
const UpdateParameters = graphql(`
  mutation UpdateParametersFromQuotes($input: UpdateBusinessParametersInput!, $expectedVersion: Int!) {
    updateBusinessParameters(input: $input, expectedVersion: $expectedVersion) { version vesPerUsd }
  }
`);
const RequestUpdated = graphql(`
  subscription PurchaseRequestUpdated($id: ID) { purchaseRequestUpdated(id: $id) { request { id state queue } } }
`);
const QueueUpdated = graphql(`
  subscription StaffQueueUpdated($queue: StaffQueue!) { staffQueueUpdated(queue: $queue) { request { id state queue } } }
`);

let t: TestApi;
let china: GqlClient;
let venezuela: GqlClient;
beforeAll(async () => {
  t = await startTestApi();
  china = await t.asStaff('CHINA_AGENT');
  venezuela = await t.asStaff('VENEZUELA_AGENT');
});
afterAll(async () => {
  await t.stop();
});

type RequestInput = CreatePurchaseRequestInput;

function requestInput(overrides: Partial<RequestInput> = {}): RequestInput {
  return {
    productUrl: 'https://example.com/producto/123',
    description: 'Audífonos inalámbricos, negros',
    quantity: 4,
    specifications: 'Bluetooth 5.3',
    purchaseType: 'RETAIL',
    shippingMethods: ['AIR', 'SEA'],
    nationalDelivery: 'COURIER',
    ...overrides,
  };
}

/**
 * 4 units at USD 12.50, USD 8.00 China shipping, a 50×40×30 cm box of 3.2 kg. With seed parameters v1
 * (air 12.00/kg, sea 450.00/m³, divisor 5000, courier 5.00, margin 25 %, 36.5 Bs/USD):
 *   volumetric 60 000 cm³ ÷ 5000 = 12.000 kg > 3.200 kg → AIR charges 12 kg × 1200 = 14 400
 *   SEA: 0.060000 m³ × 45 000 = 2 700
 *   product 4 × 1250 = 5 000; AIR subtotal 5 000 + 800 + 14 400 + 500 = 20 700 → total × 1.25 = 25 875 → Bs 944 437.5 ≈ 944 438
 *   SEA subtotal 5 000 + 800 + 2 700 + 500 = 9 000 → 11 250 → Bs 410 625
 */
const sourcing = {
  supplierUnitPriceMinor: 1250,
  chinaShippingMinor: 800,
  lengthCm: 50,
  widthCm: 40,
  heightCm: 30,
  weightKg: '3.2',
  supplierDispatchDays: 5,
  notes: 'Proveedor verificado',
};

const inTenDays = () => new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString();

async function createRequest(customer: GqlClient, overrides: Partial<RequestInput> = {}) {
  return (await customer.ok(CreateRequest, { input: requestInput(overrides) })).createPurchaseRequest;
}

/** A retail AIR+SEA request sourced in China and quoted by Venezuela (round 1). */
async function quotedRequest(customer: GqlClient) {
  const request = await createRequest(customer);
  await china.ok(SubmitSourcing, { requestId: request.id, input: sourcing });
  const sent = await venezuela.ok(SendQuote, {
    requestId: request.id,
    input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt: inTenDays() }, { shippingMethod: 'SEA', estimatedDeliveryAt: inTenDays() }] },
  });
  return sent.sendQuote;
}

async function requote(requestId: string) {
  return venezuela.ok(SendQuote, {
    requestId,
    input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt: inTenDays() }, { shippingMethod: 'SEA', estimatedDeliveryAt: inTenDays() }] },
  });
}

/** The error code a subscription is refused with at subscribe time. */
async function subscriptionError(client: GqlClient, query: string, variables: Record<string, unknown>): Promise<string> {
  const ws = createClient({ url: client.endpoints.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${client.token}` }, retryAttempts: 0 });
  try {
    return await new Promise<string>((resolve, reject) => {
      ws.subscribe(
        { query, variables },
        {
          next: (value) => (value.errors?.length ? resolve(String(value.errors[0]!.extensions?.code)) : reject(new Error('expected a refusal, got data'))),
          error: (err) => resolve(Array.isArray(err) ? String((err as { extensions?: { code?: string } }[])[0]?.extensions?.code) : String(err)),
          complete: () => undefined,
        },
      );
    });
  } finally {
    await ws.dispose();
  }
}

describe('quote requests and routing (seed 003 steps 1–2)', () => {
  it('routes a retail request to the China queue and a wholesale one to Venezuela, with a readable number', async () => {
    const ana = await t.newCustomer();
    const retail = await createRequest(ana);
    expect(retail).toMatchObject({ state: 'SUBMITTED', queue: 'CHINA', purchaseType: 'RETAIL' });
    expect(retail.number).toMatch(/^SC-\d{4}-\d{6}$/);
    const wholesale = await createRequest(ana, { purchaseType: 'WHOLESALE', quantity: 500 });
    expect(wholesale).toMatchObject({ state: 'SUBMITTED', queue: 'VENEZUELA' });
    expect(wholesale.number).not.toBe(retail.number);

    const chinaQueue = await china.ok(StaffRequests, { filter: { queue: 'CHINA' } });
    expect(chinaQueue.purchaseRequests.edges.map((e) => e.node.id)).toContain(retail.id);
    expect(chinaQueue.purchaseRequests.edges.map((e) => e.node.id)).not.toContain(wholesale.id);
    const detail = await ana.ok(RequestDetail, { id: retail.id });
    expect(detail.purchaseRequest.events).toEqual([{ fromState: null, toState: 'SUBMITTED', actorName: expect.any(String), note: null }]);
    expect(detail.purchaseRequest.nextStates).toEqual(['SOURCING', 'PRICING', 'REJECTED']);
    expect(detail.purchaseRequest.customer).toMatchObject({ id: ana.customerId, code: ana.code });
    expect(detail.purchaseRequest.options).toEqual([]);
    // The China agent sees the request but not the customer's profile (no customer:read:any).
    const asChina = await china.request(RequestDetail, { id: retail.id });
    expect(asChina.data?.purchaseRequest.customer).toBeNull();
    expect(asChina.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['purchaseRequest.customer', 'FORBIDDEN']]);
  });

  it('requires a product URL or photos, and only the caller\'s own uploads', async () => {
    const ana = await t.newCustomer();
    const bob = await t.newCustomer();
    expect(await ana.errorCode(CreateRequest, { input: requestInput({ productUrl: null }) })).toBe('BAD_USER_INPUT');
    expect(await ana.errorCode(CreateRequest, { input: requestInput({ productUrl: 'ftp://example.com/x' }) })).toBe('BAD_USER_INPUT');
    expect(await ana.errorCode(CreateRequest, { input: requestInput({ shippingMethods: ['AIR', 'AIR'] }) })).toBe('BAD_USER_INPUT');
    expect(await ana.errorCode(CreateRequest, { input: requestInput({ quantity: 0 }) })).toBe('BAD_USER_INPUT');

    const png = TINY_PNG;
    const uploaded = await fetch(`${t.api.url}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${ana.token}`, 'content-type': 'image/png' }, body: png });
    expect(uploaded.status).toBe(201);
    const { id: photoId } = (await uploaded.json()) as { id: string };
    expect(await bob.errorCode(CreateRequest, { input: requestInput({ productUrl: null, photoUploadIds: [photoId] }) })).toBe('BAD_USER_INPUT');
    const withPhoto = await createRequest(ana, { productUrl: null, photoUploadIds: [photoId] });
    expect((await ana.ok(RequestDetail, { id: withPhoto.id })).purchaseRequest.photos).toEqual([{ id: photoId }]);
  });

  it('refuses the 6th request of a calendar month to a customer without purchases, but not after a first purchase', async () => {
    const ana = await t.newCustomer();
    for (let i = 0; i < 5; i++) await createRequest(ana);
    const refused = await ana.request(CreateRequest, { input: requestInput() });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTE_LIMIT_REACHED', limit: 5 });
    // Requests of last month do not count.
    await t.sql(`UPDATE purchase_request SET created_at = created_at - interval '40 days' WHERE customer_id = $1`, [ana.customerId]);
    await createRequest(ana);
    await t.sql(`UPDATE customer SET first_purchase_at = now() WHERE id = $1`, [ana.customerId]);
    for (let i = 0; i < 6; i++) await createRequest(ana);
  });

  it('tells a customer how many requests remain this month, until when, and that the limit stops applying after a first purchase', async () => {
    const ana = await t.newCustomer();
    const fresh = (await ana.ok(Allowance, {})).myQuoteAllowance;
    expect(fresh).toEqual({ applies: true, limit: 5, used: 0, remaining: 5, resetsAt: expect.any(String), modificationLimit: 2, usdPaymentDiscount: expect.stringMatching(/^0\.\d+$/) });
    // The next month begins at midnight in Caracas (UTC−4), in the future.
    expect(new Date(fresh.resetsAt).getUTCHours()).toBe(4);
    expect(new Date(fresh.resetsAt).getTime()).toBeGreaterThan(Date.now());
    for (let i = 0; i < 2; i++) await createRequest(ana);
    expect((await ana.ok(Allowance, {})).myQuoteAllowance).toMatchObject({ applies: true, used: 2, remaining: 3 });
    for (let i = 0; i < 3; i++) await createRequest(ana);
    expect((await ana.ok(Allowance, {})).myQuoteAllowance).toMatchObject({ applies: true, used: 5, remaining: 0 });
    await t.sql(`UPDATE customer SET first_purchase_at = now() WHERE id = $1`, [ana.customerId]);
    expect((await ana.ok(Allowance, {})).myQuoteAllowance).toMatchObject({ applies: false, used: 5, remaining: null });
    expect(await china.errorCode(Allowance, {})).toBe('FORBIDDEN');
  });

  it('lets exactly 5 of 10 parallel requests from one customer through', async () => {
    const ana = await t.newCustomer();
    const results = await Promise.all(Array.from({ length: 10 }, () => ana.request(CreateRequest, { input: requestInput() })));
    expect(results.filter((r) => r.data?.createPurchaseRequest).length).toBe(5);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'QUOTE_LIMIT_REACHED').length).toBe(5);
    const [{ count }] = await t.sql<{ count: string }>('SELECT count(*) FROM purchase_request WHERE customer_id = $1', [ana.customerId]);
    expect(Number(count)).toBe(5);
  });
});

describe('sourcing and pricing (seed 003 steps 3–4)', () => {
  it('sources a retail request in China, previews the suggested prices and sends them frozen', async () => {
    const ana = await t.newCustomer();
    const request = await createRequest(ana);
    expect((await china.ok(StartSourcing, { requestId: request.id })).startSourcing).toMatchObject({ state: 'SOURCING', queue: 'CHINA' });
    const sourced = await china.ok(SubmitSourcing, { requestId: request.id, input: sourcing });
    expect(sourced.submitSourcing).toMatchObject({ state: 'PRICING', queue: 'VENEZUELA', weightKg: '3.200', supplierUnitPriceMinor: 1250 });

    const preview = (await venezuela.ok(Preview, { requestId: request.id })).quotePricePreview;
    expect(preview.parametersVersion).toBe(1);
    expect(preview.options).toEqual([
      {
        shippingMethod: 'AIR', actualWeightKg: '3.200', volumetricWeightKg: '12.000', chargeableWeightKg: '12.000', volumeCubicMeters: '0.060000',
        chargeableBasis: 'VOLUMETRIC_WEIGHT', productMinor: 5000, chinaShippingMinor: 800, freightMinor: 14400, nationalDeliveryMinor: 500,
        subtotalMinor: 20700, marginMinor: 5175, totalUsdMinor: 25875, totalVesMinor: 944438, vesPerUsd: '36.500000',
      },
      {
        shippingMethod: 'SEA', actualWeightKg: '3.200', volumetricWeightKg: '12.000', chargeableWeightKg: '3.200', volumeCubicMeters: '0.060000',
        chargeableBasis: 'VOLUME', productMinor: 5000, chinaShippingMinor: 800, freightMinor: 2700, nationalDeliveryMinor: 500,
        subtotalMinor: 9000, marginMinor: 2250, totalUsdMinor: 11250, totalVesMinor: 410625, vesPerUsd: '36.500000',
      },
    ]);

    const before = Date.now();
    const sent = await venezuela.ok(SendQuote, {
      requestId: request.id,
      input: { whatsApp: true, options: [{ shippingMethod: 'SEA', estimatedDeliveryAt: inTenDays() }, { shippingMethod: 'AIR', estimatedDeliveryAt: inTenDays() }] },
    });
    expect(sent.sendQuote).toMatchObject({ state: 'QUOTED', queue: null, round: 1 });
    const deadline = new Date(sent.sendQuote.responseDeadline!).getTime();
    expect(deadline).toBeGreaterThanOrEqual(before + 72 * 3600_000 - 1000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 72 * 3600_000 + 1000);

    const detail = (await ana.ok(RequestDetail, { id: request.id })).purchaseRequest;
    expect(detail.options.map((o) => [o.shippingMethod, o.round, o.totalUsdMinor, o.totalVesMinor, o.chargeableWeightKg, o.vesPerUsd])).toEqual([
      ['AIR', 1, 25875, 944438, '12.000', '36.500000'],
      ['SEA', 1, 11250, 410625, '3.200', '36.500000'],
    ]);
    // The customer's lines add up to the all-in price; cost, China shipping and margin stay inside the product line.
    expect(detail.options.map((o) => [o.productAndServiceMinor, o.freightMinor, o.nationalDeliveryMinor])).toEqual([[10_975, 14_400, 500], [8_050, 2_700, 500]]);
    expect(detail.nextStates).toEqual(['ACCEPTED', 'MODIFICATION_REQUESTED', 'REJECTED', 'EXPIRED']);
    const [row] = await t.sql<{ parameters_version: number }>('SELECT parameters_version FROM purchase_request WHERE id = $1', [request.id]);
    expect(row!.parameters_version).toBe(1);

    const notes = await t.sql<{ kind: string; body: string }>('SELECT kind, body FROM notification WHERE recipient_id = $1', [ana.userId]);
    expect(notes).toEqual([{ kind: 'QUOTE_READY', body: expect.stringContaining('USD 258,75 (Bs. 9.444,38)') }]);
    expect(notes[0]!.body).toContain('Marítimo: USD 112,50 (Bs. 4.106,25)');
    const whatsapp = await t.sql<{ body: string }>('SELECT body FROM outbound_message WHERE recipient = $1 AND body LIKE $2', [ana.phone, '%cotización%']);
    expect(whatsapp).toHaveLength(1);
  });

  it('lets the Venezuela agent source a wholesale request directly, and not the China agent', async () => {
    const ana = await t.newCustomer();
    const request = await createRequest(ana, { purchaseType: 'WHOLESALE', shippingMethods: ['DOOR_TO_DOOR'], nationalDelivery: 'OFFICE_PICKUP' });
    expect(await china.errorCode(SubmitSourcing, { requestId: request.id, input: sourcing })).toBe('FORBIDDEN');
    expect(await china.errorCode(StartSourcing, { requestId: request.id })).toBe('INVALID_STATE');
    const sourced = await venezuela.ok(SubmitSourcing, { requestId: request.id, input: sourcing });
    expect(sourced.submitSourcing).toMatchObject({ state: 'PRICING', queue: 'VENEZUELA' });
    // Door to door: 12 kg × 1500 = 18 000; subtotal 5 000 + 800 + 18 000 + 0 (office pickup) = 23 800; × 1.25 = 29 750.
    const preview = (await venezuela.ok(Preview, { requestId: request.id })).quotePricePreview.options;
    expect(preview).toMatchObject([{ shippingMethod: 'DOOR_TO_DOOR', freightMinor: 18000, nationalDeliveryMinor: 0, subtotalMinor: 23800, totalUsdMinor: 29750 }]);
  });

  it('lets only pricing staff send quotes', async () => {
    const ana = await t.newCustomer();
    const request = await createRequest(ana);
    await china.ok(SubmitSourcing, { requestId: request.id, input: sourcing });
    const input = { options: [{ shippingMethod: 'AIR' as const, estimatedDeliveryAt: inTenDays() }, { shippingMethod: 'SEA' as const, estimatedDeliveryAt: inTenDays() }] };
    expect(await ana.errorCode(SendQuote, { requestId: request.id, input })).toBe('FORBIDDEN');
    expect(await china.errorCode(SendQuote, { requestId: request.id, input })).toBe('FORBIDDEN');
    expect(await ana.errorCode(Preview, { requestId: request.id })).toBe('FORBIDDEN');
    expect(await ana.errorCode(SubmitSourcing, { requestId: request.id, input: sourcing })).toBe('FORBIDDEN');
  });

  it('needs exactly one option per requested shipping method', async () => {
    const ana = await t.newCustomer();
    const request = await createRequest(ana);
    await china.ok(SubmitSourcing, { requestId: request.id, input: sourcing });
    const missing = await venezuela.request(SendQuote, { requestId: request.id, input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt: inTenDays() }] } });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'MISSING_QUOTE_OPTION', missing: ['SEA'] });
    const extra = await venezuela.errorCode(SendQuote, {
      requestId: request.id,
      input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt: inTenDays() }, { shippingMethod: 'DOOR_TO_DOOR', estimatedDeliveryAt: inTenDays() }] },
    });
    expect(extra).toBe('SHIPPING_METHOD_NOT_REQUESTED');
  });

  it('accepts a price override only with a reason, keeps the suggestion and audits it', async () => {
    const ana = await t.newCustomer();
    const request = await createRequest(ana);
    await china.ok(SubmitSourcing, { requestId: request.id, input: sourcing });
    const sea = { shippingMethod: 'SEA' as const, estimatedDeliveryAt: inTenDays() };
    const air = { shippingMethod: 'AIR' as const, estimatedDeliveryAt: inTenDays(), overrideTotalUsdMinor: 24000 };
    expect(await venezuela.errorCode(SendQuote, { requestId: request.id, input: { options: [air, sea] } })).toBe('BAD_USER_INPUT');
    const withReason = { options: [{ ...air, overrideReason: 'Cliente frecuente, tarifa negociada' }, sea] };
    const sent = (await venezuela.ok(SendQuote, { requestId: request.id, input: withReason })).sendQuote;
    // The margin absorbs the difference: 24 000 − 20 700; VES at 36.5: 876 000.
    expect(sent.options.find((o) => o.shippingMethod === 'AIR')).toMatchObject({ totalUsdMinor: 24000, suggestedTotalUsdMinor: 25875, subtotalMinor: 20700, marginMinor: 3300, totalVesMinor: 876000, overrideReason: 'Cliente frecuente, tarifa negociada' });
    expect(sent.options.find((o) => o.shippingMethod === 'SEA')).toMatchObject({ totalUsdMinor: 11250, overrideReason: null });
    const audited = await t.sql<{ action: string; target_id: string; detail: Record<string, unknown> }>(
      `SELECT action, target_id, detail FROM audit_log_entry WHERE action = 'quote.price_overridden'`,
    );
    expect(audited).toEqual([
      { action: 'quote.price_overridden', target_id: request.id, detail: expect.objectContaining({ shippingMethod: 'AIR', suggestedTotalUsdMinor: 25875, totalUsdMinor: 24000, reason: 'Cliente frecuente, tarifa negociada' }) },
    ]);
  });

  it('lets staff decline a request before it is quoted, telling the customer why', async () => {
    const ana = await t.newCustomer();
    const request = await createRequest(ana);
    const declined = (await china.ok(Decline, { requestId: request.id, reason: 'El proveedor ya no vende este producto' })).declinePurchaseRequest;
    expect(declined).toMatchObject({ state: 'REJECTED', queue: null });
    const [note] = await t.sql<{ kind: string; body: string }>('SELECT kind, body FROM notification WHERE recipient_id = $1', [ana.userId]);
    expect(note).toEqual({ kind: 'QUOTE_DECLINED', body: 'Motivo: El proveedor ya no vende este producto' });
    const quoted = await quotedRequest(ana);
    expect(await venezuela.errorCode(Decline, { requestId: quoted.id, reason: 'Demasiado tarde' })).toBe('INVALID_TRANSITION');
    expect(await ana.errorCode(Decline, { requestId: quoted.id, reason: 'No me interesa' })).toBe('FORBIDDEN');
  });
});

describe('the customer\'s answer (seed 003 steps 5 and 7)', () => {
  it('creates the purchase order when an option is accepted', async () => {
    const ana = await t.newCustomer();
    const quoted = await quotedRequest(ana);
    const sea = quoted.options.find((o) => o.shippingMethod === 'SEA')!;
    const before = Date.now();
    const order = (await ana.ok(Accept, { optionId: sea.id })).acceptQuoteOption;
    expect(order).toMatchObject({
      state: 'PENDING_PAYMENT', shippingMethod: 'SEA', nationalDelivery: 'COURIER', totalUsdMinor: 11250, totalVesMinor: 410625,
      vesPerUsd: '36.500000', usdPaymentDiscount: '0.050000',
    });
    expect(order.number).toMatch(/^PO-\d{4}-\d{6}$/);
    const paymentDeadline = new Date(order.paymentDeadline).getTime();
    expect(paymentDeadline).toBeGreaterThanOrEqual(before + 48 * 3600_000 - 1000);
    expect(paymentDeadline).toBeLessThanOrEqual(Date.now() + 48 * 3600_000 + 1000);

    const detail = (await ana.ok(RequestDetail, { id: quoted.id })).purchaseRequest;
    expect(detail.state).toBe('ACCEPTED');
    expect(detail.order).toEqual({ id: order.id, number: order.number, state: 'PENDING_PAYMENT' });
    const events = await t.sql<{ from_state: string | null; to_state: string }>('SELECT from_state, to_state FROM order_event WHERE order_id = $1', [order.id]);
    expect(events).toEqual([{ from_state: null, to_state: 'PENDING_PAYMENT' }]);
    expect(await ana.errorCode(Accept, { optionId: sea.id })).toBe('INVALID_STATE');
  });

  it('hides a customer\'s requests and options from another customer', async () => {
    const ana = await t.newCustomer();
    const bob = await t.newCustomer();
    const quoted = await quotedRequest(ana);
    expect(await bob.errorCode(RequestDetail, { id: quoted.id })).toBe('NOT_FOUND');
    expect(await bob.errorCode(Accept, { optionId: quoted.options[0]!.id })).toBe('NOT_FOUND');
    expect(await bob.errorCode(RequestModification, { requestId: quoted.id, note: 'Quiero otro color' })).toBe('NOT_FOUND');
    expect(await bob.errorCode(Reject, { requestId: quoted.id, reason: 'No me gusta' })).toBe('NOT_FOUND');
    expect((await bob.ok(MyRequests, {})).myPurchaseRequests.totalCount).toBe(0);
    expect(await bob.errorCode(StaffRequests, {})).toBe('FORBIDDEN');
    expect((await ana.ok(RequestDetail, { id: quoted.id })).purchaseRequest.state).toBe('QUOTED');
  });

  it('rejects the purchase on the third modification request and answers MODIFICATION_LIMIT_REACHED', async () => {
    const ana = await t.newCustomer();
    const quoted = await quotedRequest(ana);
    const first = (await ana.ok(RequestModification, { requestId: quoted.id, note: 'Prefiero color azul' })).requestQuoteModification;
    expect(first).toMatchObject({ state: 'MODIFICATION_REQUESTED', modificationsUsed: 1 });
    expect((await requote(quoted.id)).sendQuote.round).toBe(2);
    const second = (await ana.ok(RequestModification, { requestId: quoted.id, note: 'Mejor 6 unidades' })).requestQuoteModification;
    expect(second).toMatchObject({ state: 'MODIFICATION_REQUESTED', modificationsUsed: 2 });
    await requote(quoted.id);

    const third = await ana.request(RequestModification, { requestId: quoted.id, note: 'Otra vez rojo' });
    expect(third.errors?.[0]?.extensions).toMatchObject({ code: 'MODIFICATION_LIMIT_REACHED', limit: 2 });
    const detail = (await ana.ok(RequestDetail, { id: quoted.id })).purchaseRequest;
    expect(detail).toMatchObject({ state: 'REJECTED', modificationsUsed: 2, round: 3, lastCustomerNote: 'Otra vez rojo', nextStates: [] });
    expect(detail.events.at(-1)).toMatchObject({ fromState: 'QUOTED', toState: 'REJECTED' });
    // Earlier rounds stay readable.
    expect((await ana.ok(RequestDetail, { id: quoted.id, round: 1 })).purchaseRequest.options.map((o) => o.round)).toEqual([1, 1]);
  });

  it('lets the customer reject a quote', async () => {
    const ana = await t.newCustomer();
    const quoted = await quotedRequest(ana);
    expect((await ana.ok(Reject, { requestId: quoted.id, reason: 'Encontré otro proveedor' })).rejectQuote.state).toBe('REJECTED');
    expect(await ana.errorCode(Accept, { optionId: quoted.options[0]!.id })).toBe('INVALID_STATE');
  });

  it('answers QUOTE_EXPIRED after the deadline even before the sweep, and the sweep expires the quote', async () => {
    const ana = await t.newCustomer();
    const quoted = await quotedRequest(ana);
    const current = await quotedRequest(ana);
    await t.sql(`UPDATE purchase_request SET response_deadline = now() - interval '1 minute' WHERE id = $1`, [quoted.id]);
    expect(await ana.errorCode(Accept, { optionId: quoted.options[0]!.id })).toBe('QUOTE_EXPIRED');
    expect(await ana.errorCode(RequestModification, { requestId: quoted.id, note: 'Quiero otro color' })).toBe('QUOTE_EXPIRED');
    expect((await ana.ok(RequestDetail, { id: quoted.id })).purchaseRequest.state).toBe('QUOTED');

    await t.app.jobs.runNow('quote-expiry-sweep');
    expect((await ana.ok(RequestDetail, { id: quoted.id })).purchaseRequest.state).toBe('EXPIRED');
    expect((await ana.ok(RequestDetail, { id: current.id })).purchaseRequest.state).toBe('QUOTED');
    const notes = await t.sql<{ kind: string }>(`SELECT kind FROM notification WHERE recipient_id = $1 AND kind = 'QUOTE_EXPIRED'`, [ana.userId]);
    expect(notes).toHaveLength(1);
    expect(await ana.errorCode(Accept, { optionId: quoted.options[0]!.id })).toBe('QUOTE_EXPIRED');
    // Running it again changes nothing.
    await t.app.jobs.runNow('quote-expiry-sweep');
    expect(await t.sql(`SELECT 1 FROM notification WHERE recipient_id = $1 AND kind = 'QUOTE_EXPIRED'`, [ana.userId])).toHaveLength(1);
  });
});

describe('live updates', () => {
  it('sends a customer the changes of their own requests and not another customer\'s', async () => {
    const ana = await t.newCustomer();
    const bob = await t.newCustomer();
    const sub = ana.subscribe(RequestUpdated, {});
    await sub.ready;
    const bobs = await createRequest(bob);
    const anas = await createRequest(ana);
    expect((await sub.next()).purchaseRequestUpdated.request).toEqual({ id: anas.id, state: 'SUBMITTED', queue: 'CHINA' });
    await china.ok(StartSourcing, { requestId: anas.id });
    expect((await sub.next()).purchaseRequestUpdated.request).toEqual({ id: anas.id, state: 'SOURCING', queue: 'CHINA' });
    await china.ok(StartSourcing, { requestId: bobs.id });
    await t.settle();
    expect(sub.pending()).toEqual([]);
    sub.close();
  });

  it('sends staff the requests entering and leaving their queue', async () => {
    const ana = await t.newCustomer();
    const sub = china.subscribe(QueueUpdated, { queue: 'CHINA' });
    await sub.ready;
    await createRequest(ana, { purchaseType: 'WHOLESALE' });
    const retail = await createRequest(ana);
    expect((await sub.next()).staffQueueUpdated.request).toEqual({ id: retail.id, state: 'SUBMITTED', queue: 'CHINA' });
    await china.ok(SubmitSourcing, { requestId: retail.id, input: sourcing });
    expect((await sub.next()).staffQueueUpdated.request).toEqual({ id: retail.id, state: 'PRICING', queue: 'VENEZUELA' });
    await t.settle();
    expect(sub.pending()).toEqual([]);
    sub.close();
  });

  it('refuses queue subscriptions to callers who do not work that queue', async () => {
    const ana = await t.newCustomer();
    const query = 'subscription Q($queue: StaffQueue!) { staffQueueUpdated(queue: $queue) { cursor } }';
    expect(await subscriptionError(ana, query, { queue: 'CHINA' })).toBe('FORBIDDEN');
    expect(await subscriptionError(venezuela, query, { queue: 'CHINA' })).toBe('FORBIDDEN');
    expect(await subscriptionError(china, query, { queue: 'VENEZUELA' })).toBe('FORBIDDEN');
  });
});

describe('exchange rate frozen with the quote (DESIGN "Money and pricing")', () => {
  it('keeps the rate and version a quote was priced with after the Master changes the parameters', async () => {
    const ana = await t.newCustomer();
    const quoted = await quotedRequest(ana);
    const master = await t.asStaff('MASTER');
    await master.ok(UpdateParameters, { input: { vesPerUsd: '40', usdPaymentDiscount: '0.1', changeReason: 'Nueva tasa BCV' }, expectedVersion: 1 });
    const air = quoted.options.find((o) => o.shippingMethod === 'AIR')!;
    const order = (await ana.ok(Accept, { optionId: air.id })).acceptQuoteOption;
    // Amounts and rate from the quote; the USD discount is the one in force at acceptance.
    expect(order).toMatchObject({ totalUsdMinor: 25875, totalVesMinor: 944438, vesPerUsd: '36.500000', usdPaymentDiscount: '0.100000' });
  });
});

const StaffQueuePage = graphql(`
  query StaffQueuePage($filter: PurchaseRequestsFilter, $order: PurchaseRequestOrder!, $after: String) {
    purchaseRequests(filter: $filter, order: $order, first: 2, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id number supplierUrl } }
    }
  }
`);
const MyPermissions = graphql(`
  query MyPermissions { me { roles permissions } }
`);

describe('staff lists for the back-office', () => {
  it('pages a customer\'s requests oldest first and finds them by number, description or customer code, wildcards taken literally', async () => {
    const ana = await t.newCustomer();
    const first = await createRequest(ana, { description: 'Lámpara de escritorio 100%' });
    const second = await createRequest(ana, { description: 'Ventilador de techo' });
    const third = await createRequest(ana, { description: 'Ventilador de pie' });
    const byCode = { queue: 'CHINA' as const, search: ana.code.toLowerCase() };
    const page1 = (await china.ok(StaffQueuePage, { filter: byCode, order: 'OLDEST_FIRST' })).purchaseRequests;
    expect(page1.totalCount).toBe(3);
    expect(page1.edges.map((e) => e.node.id)).toEqual([first.id, second.id]);
    const page2 = (await china.ok(StaffQueuePage, { filter: byCode, order: 'OLDEST_FIRST', after: page1.pageInfo.endCursor })).purchaseRequests;
    expect(page2.edges.map((e) => e.node.id)).toEqual([third.id]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const newest = (await china.ok(StaffQueuePage, { filter: byCode, order: 'NEWEST_FIRST' })).purchaseRequests;
    expect(newest.edges.map((e) => e.node.id)).toEqual([third.id, second.id]);

    const found = async (search: string) =>
      (await china.ok(StaffQueuePage, { filter: { customerId: ana.customerId, search }, order: 'OLDEST_FIRST' })).purchaseRequests.edges.map((e) => e.node.id);
    expect(await found(second.number)).toEqual([second.id]);
    expect(await found('VENTILADOR')).toEqual([second.id, third.id]);
    expect(await found('100%')).toEqual([first.id]);
    expect(await found('Ventilador%pie')).toEqual([]);
    expect(await china.errorCode(StaffQueuePage, { filter: { search: '' }, order: 'OLDEST_FIRST' })).toBe('BAD_USER_INPUT');
  });

  it('keeps the supplier link of a sourced request for staff, and refuses a link that is not http(s)', async () => {
    const ana = await t.newCustomer();
    const request = await createRequest(ana);
    expect(await china.errorCode(SubmitSourcing, { requestId: request.id, input: { ...sourcing, supplierUrl: 'javascript:alert(1)' } })).toBe('BAD_USER_INPUT');
    await china.ok(SubmitSourcing, { requestId: request.id, input: { ...sourcing, supplierUrl: 'https://detail.1688.com/offer/42.html' } });
    const listed = (await china.ok(StaffQueuePage, { filter: { search: request.number }, order: 'NEWEST_FIRST' })).purchaseRequests;
    expect(listed.edges.map((e) => e.node.supplierUrl)).toEqual(['https://detail.1688.com/offer/42.html']);
  });

  it('tells each user the permissions of their roles', async () => {
    expect((await china.ok(MyPermissions, {})).me).toEqual({ roles: ['CHINA_AGENT'], permissions: expect.arrayContaining(['quote:source', 'quote:read:any']) });
    expect((await venezuela.ok(MyPermissions, {})).me.permissions).not.toContain('quote:source');
    const ana = await t.newCustomer();
    expect((await ana.ok(MyPermissions, {})).me.permissions).toEqual(expect.arrayContaining(['quote:request']));
  });
});
