import type { GqlClient } from '../helpers/client';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { insertOrder, insertOrderExtras } from './factories/orders';

// A query runs through graphql-js the first time and compiled (graphql-jit) from then on: both must answer alike.
const PAGE = `query CompiledPage($first: Int!) {
  orders(first: $first) {
    totalCount totalCountExact
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id number state createdAt customer { id fullName } payments { id amountMinor } trackingEvents { phase occurredAt } supplierPayment { id } } }
  }
}`;
const COUNT = `query CompiledCount($first: Int!) { orders(first: $first) { totalCount } }`;
const ONE = `query CompiledOne($id: ID!) { order(id: $id) { number customer { code } packages { number box { number } } } }`;

let t: TestApi;

beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.stop();
});

/** Status and body of one HTTP request, without the request id (new on every request). */
async function send(client: GqlClient, query: string, variables: Record<string, unknown>): Promise<{ status: number; body: string }> {
  const response = await fetch(client.endpoints.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(client.token ? { authorization: `Bearer ${client.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.text()).replace(/"requestId":"[^"]*"/g, '"requestId":"…"') };
}

/** The first answer (graphql-js) and the next two (compiled) to the same request. */
async function thrice(client: GqlClient, query: string, variables: Record<string, unknown>) {
  return [await send(client, query, variables), await send(client, query, variables), await send(client, query, variables)];
}

describe('compiled queries', () => {
  it('answer a page of orders with the same data, counts and refusals once compiled as on their first run', async () => {
    const customer = await t.newCustomer();
    for (let seq = 0; seq < 3; seq += 1) {
      const order = await insertOrder(t, customer.customerId);
      await insertOrderExtras(t, order.orderId, customer.customerId, seq);
    }
    // The China agent reads every order but not customers' details: customer is FORBIDDEN on each row.
    const china = await t.asStaff('CHINA_AGENT');
    const [first, ...compiled] = await thrice(china, PAGE, { first: 2 });
    expect(first!.status).toBe(200);
    const answer = JSON.parse(first!.body) as { data: { orders: { totalCount: number; edges: unknown[] } }; errors?: { path: unknown[]; extensions: { code: string } }[] };
    expect(answer.data.orders.totalCount).toBeGreaterThanOrEqual(3);
    expect(answer.data.orders.edges).toHaveLength(2);
    expect(answer.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    for (const next of compiled) expect(next).toEqual(first);
    // A customer may not list all orders: refused the same way each time.
    const refused = await thrice(customer, PAGE, { first: 2 });
    expect(JSON.parse(refused[0]!.body).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(new Set(refused.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('answer a missing order, a malformed id, a variable of the wrong type and a page too large the same once compiled', async () => {
    const customer = await t.newCustomer();
    const order = await insertOrder(t, customer.customerId);
    const own = await thrice(customer, ONE, { id: order.orderId });
    expect(JSON.parse(own[0]!.body).data.order.customer.code).toBe(customer.code);
    const stranger = await t.newCustomer();
    const staff = await t.asStaff('MASTER');
    for (const [client, query, variables, status, code] of [
      [stranger, ONE, { id: order.orderId }, 200, 'NOT_FOUND'],
      [stranger, ONE, { id: 'not-a-uuid' }, 400, 'BAD_USER_INPUT'],
      [staff, PAGE, { first: 'dos' }, 400, 'BAD_USER_INPUT'],
      [staff, COUNT, { first: 101 }, 200, 'BAD_USER_INPUT'],
    ] as const) {
      const answers = await thrice(client, query, variables);
      expect(answers[0]!.status).toBe(status);
      expect(JSON.parse(answers[0]!.body).errors[0].extensions.code).toBe(code);
      for (const next of answers.slice(1)) expect(next).toEqual(answers[0]);
    }
    for (const next of own.slice(1)) expect(next).toEqual(own[0]);
  });
});
