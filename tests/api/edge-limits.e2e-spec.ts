import { createClient } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { GqlResponse } from '../helpers/client';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { insertOrder, insertOrderExtras } from './factories/orders';
import { STAFF_ORDER_LIST } from '../../api/src/bench/documents';

let t: TestApi;
let customer: TestCustomer;
let orderId: string;
beforeAll(async () => {
  t = await startTestApi();
  customer = await t.newCustomer();
  for (let i = 0; i < 3; i += 1) {
    const order = await insertOrder(t, customer.customerId);
    await insertOrderExtras(t, order.orderId, customer.customerId, i);
    orderId = order.orderId;
  }
});
afterAll(async () => {
  await t.stop();
});

/** Runs one operation over graphql-ws and returns what the server sent: the first result, or the errors. */
async function overWebSocket(token: string | undefined, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<unknown>> {
  const client = createClient({ url: t.api.wsUrl, webSocketImpl: WebSocket, connectionParams: token ? { authorization: `Bearer ${token}` } : {}, retryAttempts: 0 });
  try {
    return await new Promise<GqlResponse<unknown>>((resolve, reject) => {
      client.subscribe(
        { query, variables },
        {
          next: (value) => resolve(value as GqlResponse<unknown>),
          error: (err) => (Array.isArray(err) ? resolve({ errors: err }) : reject(err)),
          complete: () => undefined,
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

/** How long `/health` takes to answer while `during` runs (ms). */
async function healthLatencyDuring(during: Promise<unknown>): Promise<number> {
  await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  const response = await fetch(`${t.api.url}/health`, { signal: AbortSignal.timeout(10_000) });
  const elapsed = Date.now() - started;
  expect(response.status).toBe(200);
  await during;
  return elapsed;
}

const codes = (result: GqlResponse<unknown>) => (result.errors ?? []).map((e) => e.extensions?.code);

// The screens of the coming portal and back-office issues: they must fit within every limit.
const CUSTOMER_ORDER_PAGE = `
  query OrderPage($id: ID!) {
    order(id: $id) {
      id number state stateChangedAt createdAt shippingMethod nationalDelivery paymentDeadline
      totalUsdMinor totalVesMinor settledUsdMinor outstandingUsdMinor outstandingVesMinor usdPayableMinor usdPaymentDiscount vesPerUsd
      nextStates
      customer { id code fullName phone email }
      request {
        id number description productUrl specifications quantity purchaseType shippingMethods state round quotedAt responseDeadline
        photos { id contentType size }
        options { id shippingMethod round totalUsdMinor totalVesMinor vesPerUsd actualWeightKg chargeableWeightKg chargeableBasis estimatedDeliveryAt }
      }
      acceptedOption { id shippingMethod totalUsdMinor totalVesMinor estimatedDeliveryAt }
      payments { id method currency amountMinor creditedUsdMinor reference state rejectionReason createdAt decidedAt proof { id contentType size } }
      trackingEvents { id phase place note occurredAt actorName box { id number } photos { id contentType size } }
      packages { id number weightKg lengthCm widthCm heightCm repacked box { id number } }
      events { id fromState toState actorName note at }
    }
  }`;

const PORTAL_HOME = `
  query PortalHome {
    me { id username kind roles }
    myCustomer { id code fullName phone }
    unreadNotificationCount
    myOrders(first: 20) { totalCount edges { node { id number state totalUsdMinor outstandingUsdMinor request { id description photos { id } } } } }
    myPurchaseRequests(first: 20) { totalCount edges { node { id number state description quotedAt responseDeadline options { id shippingMethod totalUsdMinor } } } }
    myNotifications(first: 20) { edges { node { id title body createdAt readAt } } }
  }`;

/** `order { payments { order { payments … } } }`, `levels` pairs deep. */
function deepOrder(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i += 1) inner = `payments { order { ${inner} } }`;
  return `query Deep($id: ID!) { order(id: $id) { ${inner} } }`;
}

/** 2^levels objects from a small document: each fragment spreads the next one twice. */
function fragmentFanOut(levels: number): string {
  const fragments = [`fragment F0 on Order { id number state }`];
  for (let i = 1; i <= levels; i += 1) fragments.push(`fragment F${i} on Order { a: request { order { ...F${i - 1} } } b: request { order { ...F${i - 1} } } }`);
  return `query FanOut($id: ID!) { order(id: $id) { ...F${levels} } }\n${fragments.join('\n')}`;
}

/** One query with `count` aliases of `order(id)`. */
function aliases(count: number): string {
  return `query Aliases($id: ID!) { ${Array.from({ length: count }, (_, i) => `o${i}: order(id: $id) { id }`).join(' ')} }`;
}

// Lists multiply: 100 orders × payments × their order's payments × tracking events × photos.
const LIST_FAN_OUT = `query ListFanOut { orders(first: 100) { edges { node { payments { order { payments { order { trackingEvents { photos { id } } } } } } } } } }`;

describe('documents the portal and back-office need', () => {
  it('accepts the customer order page, the portal home and a staff list of 50 orders, over HTTP and WebSocket', async () => {
    const staff = await t.asStaff('MASTER');
    expect(await customer.request(CUSTOMER_ORDER_PAGE, { id: orderId })).not.toHaveProperty('errors');
    expect(await customer.request(PORTAL_HOME)).not.toHaveProperty('errors');
    const list = await staff.request<{ orders: { edges: unknown[] } }, unknown>(STAFF_ORDER_LIST, { first: 50 });
    expect(list.errors).toBeUndefined();
    expect(list.data!.orders.edges.length).toBeGreaterThanOrEqual(3);
    expect(await overWebSocket(customer.token, CUSTOMER_ORDER_PAGE, { id: orderId })).not.toHaveProperty('errors');
    expect(await overWebSocket(staff.token, STAFF_ORDER_LIST, { first: 50 })).not.toHaveProperty('errors');
  });

  it('accepts the same order page nested a few levels (order → payments → order → payments)', async () => {
    expect(await customer.request(deepOrder(3), { id: orderId })).not.toHaveProperty('errors');
  });
});

describe('abusive documents are refused before execution with a stable code', () => {
  it('refuses order { payments { order … } } 20 levels deep (QUERY_TOO_DEEP), over HTTP and WebSocket', async () => {
    const http = await customer.request(deepOrder(20), { id: orderId });
    expect(http.data).toBeUndefined();
    expect(codes(http)).toContain('QUERY_TOO_DEEP');
    expect(http.errors![0]!.extensions).toMatchObject({ messageEn: expect.any(String) });
    expect(codes(await overWebSocket(customer.token, deepOrder(20), { id: orderId }))).toContain('QUERY_TOO_DEEP');
  });

  it('refuses a fragment fan-out of 2^18 objects while /health keeps answering within 1 s', async () => {
    const attack = customer.request(fragmentFanOut(18), { id: orderId });
    expect(await healthLatencyDuring(attack)).toBeLessThan(1000);
    const result = await attack;
    expect(result.data).toBeUndefined();
    expect(codes(result)).toEqual(expect.arrayContaining(['TOO_MANY_ALIASES']));
    expect(codes(await overWebSocket(customer.token, fragmentFanOut(18), { id: orderId }))).toContain('TOO_MANY_ALIASES');
  });

  it('refuses 10,000 aliases of order(id): over HTTP by the body limit (413), over WebSocket by the message cap (1009)', async () => {
    const big = await customer.request(aliases(10_000), { id: orderId });
    expect(big.data).toBeUndefined();
    expect(codes(big)).toEqual(['PAYLOAD_TOO_LARGE']);
    await expect(overWebSocket(customer.token, aliases(10_000), { id: orderId })).rejects.toMatchObject({ code: 1009 });
  });

  it('refuses 1,000 short aliases by the token limit (QUERY_TOO_LARGE) and 30 aliases by the alias limit (TOO_MANY_ALIASES)', async () => {
    const short = `{ ${Array.from({ length: 1000 }, (_, i) => `o${i}:me{id}`).join(' ')} }`;
    expect(codes(await customer.request(short))).toEqual(['QUERY_TOO_LARGE']);
    expect(codes(await overWebSocket(customer.token, short))).toEqual(['QUERY_TOO_LARGE']);
    const small = await customer.request(aliases(30), { id: orderId });
    expect(small.data).toBeUndefined();
    expect(codes(small)).toEqual(['TOO_MANY_ALIASES']);
    expect(codes(await overWebSocket(customer.token, aliases(30), { id: orderId }))).toEqual(['TOO_MANY_ALIASES']);
  });

  it('refuses list fan-out that costs more than the budget (QUERY_TOO_COMPLEX): lists cost by their page size', async () => {
    const staff = await t.asStaff('MASTER');
    const http = await staff.request(LIST_FAN_OUT);
    expect(http.data).toBeUndefined();
    expect(codes(http)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(http.errors![0]!.extensions).toMatchObject({ cost: expect.any(Number), maximumCost: expect.any(Number) });
    expect(codes(await overWebSocket(staff.token, LIST_FAN_OUT))).toEqual(['QUERY_TOO_COMPLEX']);
    // The page size is what costs: the same list of 100 with a single level is fine.
    expect(await staff.request(`{ orders(first: 100) { edges { node { id payments { id } } } } }`)).not.toHaveProperty('errors');
  });

  it('costs the same document again for each `first` and @include it is sent with, cheap first or not (costs are remembered per document and those variables)', async () => {
    const staff = await t.asStaff('MASTER');
    const pages = `query CostByVariables($n: Int!, $deep: Boolean!) { orders(first: $n) { edges { node { id payments { order { payments @include(if: $deep) { order { trackingEvents { photos { id } } } } } } } } } }`;
    for (const send of [(v: Record<string, unknown>) => staff.request(pages, v), (v: Record<string, unknown>) => overWebSocket(staff.token, pages, v)]) {
      expect(await send({ n: 1, deep: true })).not.toHaveProperty('errors');
      expect(codes(await send({ n: 100, deep: true }))).toEqual(['QUERY_TOO_COMPLEX']);
      expect(await send({ n: 100, deep: false })).not.toHaveProperty('errors');
      expect(codes(await send({ n: 100, deep: true }))).toEqual(['QUERY_TOO_COMPLEX']);
    }
  });

  it('refuses more directives than the limit (TOO_MANY_DIRECTIVES)', async () => {
    const many = Array.from({ length: 30 }, () => '... @include(if: true) { id }').join(' ');
    expect(codes(await customer.request(`{ me { ${many} } }`))).toEqual(['TOO_MANY_DIRECTIVES']);
    expect(codes(await overWebSocket(customer.token, `{ me { ${many} } }`))).toEqual(['TOO_MANY_DIRECTIVES']);
  });
});

describe('message size', () => {
  it('closes a WebSocket that sends a message over the size cap (1009) instead of reading 10 MB', async () => {
    const socket = new WebSocket(t.api.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${customer.token}` } }));
    await new Promise((resolve) => socket.once('message', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ id: randomUUID(), type: 'subscribe', payload: { query: `{ me { id } }`, variables: { pad: 'x'.repeat(10 * 1024 * 1024) } } }));
    expect(await closed).toBe(1009);
  });

  it('answers 413 PAYLOAD_TOO_LARGE in GraphQL shape for an HTTP body over the limit', async () => {
    const response = await fetch(t.api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customer.token}` },
      body: JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(512 * 1024) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'PAYLOAD_TOO_LARGE', messageEn: expect.any(String), requestId: expect.any(String) } }] });
  });
});
