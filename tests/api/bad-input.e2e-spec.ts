import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, isNonNullType, type GraphQLArgument, type GraphQLFormattedError } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { GqlClient, GqlResponse } from '../helpers/client';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { insertOrder } from './factories/orders';

/** Every query field that takes an `after` cursor, read from the committed SDL so a new one is covered too. */
const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));
const paginatedQueries = Object.values(schema.getQueryType()!.getFields())
  .filter((f) => f.args.some((a) => a.name === 'after'))
  .map((f) => ({ name: f.name, connection: getNamedType(f.type).name, required: requiredArguments(f.args) }));

/** A valid literal for each argument a query requires besides the cursor (e.g. `days: 3`), so only `after` is wrong. */
function requiredArguments(args: readonly GraphQLArgument[]): string {
  const samples: Record<string, string> = { Int: '3' };
  return args
    .filter((a) => a.name !== 'after' && isNonNullType(a.type) && a.defaultValue === undefined)
    .map((a) => {
      const sample = samples[getNamedType(a.type).name];
      if (!sample) throw new Error(`no sample value for the required argument ${a.name}: add one to requiredArguments`);
      return `, ${a.name}: ${sample}`;
    })
    .join('');
}

const cursor = (value: string) => Buffer.from(value).toString('base64url');
const malformedCursors: [string, string][] = [
  ['not base64 JSON', '%%%not-a-cursor%%%'],
  ['JSON that is not a list', cursor('{"a":1}')],
  ['a list of the wrong length', cursor('[1,2,3]')],
  ['values of the wrong types', cursor('[{"x":1},{"y":2}]')],
  ['a date that is not one and an id that is not a UUID', cursor('["2026-13-45T99:99:99.000Z","nope"]')],
  ['text where a number or date belongs', cursor('["abc","def"]')],
];

type Err = GraphQLFormattedError & { extensions?: Record<string, unknown> };

/** The one error of a response (fails the test when there is none or several). */
function onlyError(response: GqlResponse<unknown>): Err {
  expect(response.errors).toHaveLength(1);
  return response.errors![0] as Err;
}

/** Runs one operation over graphql-ws and returns the errors it answered (from `next` or `error`). */
async function overWebSocket(t: TestApi, token: string | undefined, query: string, variables?: Record<string, unknown>): Promise<Err[]> {
  const ws = createClient({
    url: t.api.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });
  try {
    return await new Promise<Err[]>((resolve, reject) => {
      let errors: Err[] = [];
      ws.subscribe(
        { query, variables },
        {
          next: (value) => void (errors = [...errors, ...((value.errors ?? []) as Err[])]),
          error: (err) => (Array.isArray(err) ? resolve(err as Err[]) : reject(err)),
          complete: () => resolve(errors),
        },
      );
    });
  } finally {
    await ws.dispose();
  }
}

describe('bad input answers BAD_USER_INPUT with the field named, never INTERNAL_SERVER_ERROR', () => {
  let t: TestApi;
  let master: GqlClient;
  let customer: TestCustomer;

  beforeAll(async () => {
    t = await startTestApi();
    master = await t.asStaff('MASTER');
    customer = await t.newCustomer();
  });
  afterAll(() => t.stop());

  it('finds the twenty-seven paginated queries in the schema (products, sales, tickets, faqEntries, chatInbox, myChats and traceUnits among them)', () => {
    expect(paginatedQueries.map((q) => q.name).sort()).toHaveLength(27);
  });

  describe.each(paginatedQueries)('$name', ({ name, required }) => {
    it.each(malformedCursors)('refuses a cursor that is %s as BAD_USER_INPUT on `after`', async (_label, after) => {
      const query = `query Page($after: String) { ${name}(after: $after${required}) { totalCount } }`;
      // Customer lists answer customers, staff lists the Master: whoever may run the query gets the refusal.
      const answers = await Promise.all([customer.request(query, { after }), master.request(query, { after })]);
      const allowed = answers.filter((a) => !['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(a.errors?.[0]?.extensions?.code)));
      expect(allowed.length).toBeGreaterThan(0);
      for (const answer of allowed) {
        expect(onlyError(answer).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      }
    });
  });

  it('still pages with the cursors it handed out', async () => {
    const page = `query Page($after: String) { users(first: 1, after: $after) { edges { node { id } } pageInfo { endCursor } } }`;
    const first = await master.ok<{ users: { edges: { node: { id: string } }[]; pageInfo: { endCursor: string } } }, unknown>(page, {});
    const second = await master.ok<{ users: { edges: { node: { id: string } }[] } }, unknown>(page, { after: first.users.pageInfo.endCursor });
    expect(second.users.edges[0]!.node.id).not.toBe(first.users.edges[0]!.node.id);
  });

  describe('a NUL character in any string', () => {
    const signIn = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }`;

    it('is refused in a variable of an anonymous sign-in, naming the field and not echoing the value', async () => {
      const error = onlyError(await t.anonymous().request(signIn, { input: { login: 'ana', password: 'secreto\u0000' } }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
      expect(JSON.stringify(error)).not.toContain('secreto');
    });

    it('is refused in an inline literal, naming the field', async () => {
      const error = onlyError(await t.anonymous().request(`mutation { signIn(input: { login: "ana\\u0000", password: "x" }) { accessToken } }`));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'login' });
    });

    it('is refused in a plain String argument given as a variable, naming the variable', async () => {
      const query = `query Audit($action: String) { auditLog(action: $action) { totalCount } }`;
      const error = onlyError(await master.request(query, { action: 'auth.\u0000' }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'action' });
    });

    it('is refused over WebSocket too, in variables and literals', async () => {
      // WebSocket connections need a signed-in user; the guard runs before any resolver all the same.
      const variable = await overWebSocket(t, master.token, signIn, { input: { login: 'ana\u0000', password: 'x' } });
      expect(variable).toHaveLength(1);
      expect(variable[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'login' });
      const literal = await overWebSocket(t, master.token, `mutation { signIn(input: { login: "ana", password: "x\\u0000" }) { accessToken } }`);
      expect(literal).toHaveLength(1);
      expect(literal[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    });
  });

  describe('an id that is not a UUID', () => {
    it.each([
      ['setUserActive (argument, variable)', `mutation M($id: ID!) { setUserActive(userId: $id, active: false) { id } }`, { id: 'abc' }, 'userId'],
      ['setUserActive (argument, literal)', `mutation { setUserActive(userId: "abc", active: false) { id } }`, undefined, 'userId'],
      ['setUserRoles (input field, variable)', `mutation M($input: SetUserRolesInput!) { setUserRoles(input: $input) { id } }`, { input: { userId: '1 OR 1=1', roles: ['SALES'] } }, 'userId'],
      ['setUserRoles (input field, literal)', `mutation { setUserRoles(input: { userId: "xyz", roles: [SALES] }) { id } }`, undefined, 'userId'],
      ['order (argument, variable)', `query Q($id: ID!) { order(id: $id) { id } }`, { id: '42' }, 'id'],
      ['createBox (list of ids, literal)', `mutation { createBox(input: { packageIds: ["00000000-0000-4000-8000-000000000000", "nope"] }) { id } }`, undefined, 'packageIds'],
      ['auditLog (nullable filter argument, variable)', `query Q($actor: ID) { auditLog(actorId: $actor) { totalCount } }`, { actor: 'me' }, 'actorId'],
    ])('is refused in %s', async (_label, query, variables, field) => {
      const error = onlyError(await master.request(query, variables));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });

    it('is refused over WebSocket too', async () => {
      const errors = await overWebSocket(t, master.token, `query Q($id: ID!) { order(id: $id) { id } }`, { id: 'not-a-uuid' });
      expect(errors).toHaveLength(1);
      expect(errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    });
  });

  it('answers an automatic persisted query whose hash does not match with a 400 and a stable code', async () => {
    const query = '{ __typename }';
    const wrongHash = createHash('sha256').update('{ somethingElse }').digest('hex');
    const response = await fetch(t.api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: wrongHash } } }),
    });
    expect(response.status).toBe(400);
    const error = onlyError((await response.json()) as GqlResponse<unknown>);
    expect(error.extensions).toMatchObject({ code: 'PERSISTED_QUERY_HASH_MISMATCH', field: 'extensions.persistedQuery.sha256Hash' });
  });

  describe('validation errors', () => {
    const create = `mutation C($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id } }`;

    it('list the fields and constraints without echoing any value', async () => {
      const response = await master.request(create, {
        input: { username: 'x', displayName: 'Nombre válido', email: 'not-an-email', password: 'corta', roles: ['SALES'] },
      });
      const error = onlyError(response);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const fields = (error.extensions!.fields as { field: string; constraints: string[] }[]).map((f) => [f.field, f.constraints]);
      expect(fields).toEqual(
        expect.arrayContaining([
          ['username', ['matches']],
          ['email', ['isEmail']],
          ['password', ['isLength']],
        ]),
      );
      const text = JSON.stringify(response);
      expect(text).not.toContain('corta');
      expect(text).not.toContain('not-an-email');
      expect(text).not.toContain('Nombre válido');
    });

    it('name USERNAME_TAKEN for a taken username and EMAIL_TAKEN for a taken email', async () => {
      const input = { username: 'nuevo.staff', displayName: 'Nuevo', email: 'nuevo.staff@example.com', password: 'clave-segura-1', roles: ['SALES'] };
      await master.ok(create, { input });
      const taken = await master.request(create, { input: { ...input, email: 'otro@example.com' } });
      expect(onlyError(taken).extensions).toMatchObject({ code: 'USERNAME_TAKEN' });
      const email = await master.request(create, { input: { ...input, username: 'otro.staff' } });
      expect(onlyError(email).extensions).toMatchObject({ code: 'EMAIL_TAKEN' });
    });
  });

  describe('money that cannot be priced', () => {
    const createRequest = `mutation R($input: CreatePurchaseRequestInput!) { createPurchaseRequest(input: $input) { id } }`;
    const submitSourcing = `mutation S($requestId: ID!, $input: SubmitSourcingInput!) { submitSourcing(requestId: $requestId, input: $input) { state } }`;
    const sourcing = { supplierUnitPriceMinor: 1_000_000_000, chinaShippingMinor: 0, lengthCm: 10, widthCm: 10, heightCm: 10, weightKg: '1', supplierDispatchDays: 1 };

    async function requestOf(quantity: number): Promise<string> {
      const answer = await customer.ok<{ createPurchaseRequest: { id: string } }, unknown>(createRequest, {
        input: { productUrl: 'https://example.com/p/1', description: 'Muchas unidades', quantity, purchaseType: 'RETAIL', shippingMethods: ['AIR', 'SEA'], nationalDelivery: 'COURIER' },
      });
      return answer.createPurchaseRequest.id;
    }

    it('is refused at sourcing with the field named, so the request never gets stuck in PRICING', async () => {
      const china = await t.asStaff('CHINA_AGENT');
      const requestId = await requestOf(1_000_000);
      const error = onlyError(await china.request(submitSourcing, { requestId, input: sourcing }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'supplierUnitPriceMinor' });
      const [row] = await t.sql<{ state: string }>('SELECT state FROM purchase_request WHERE id = $1', [requestId]);
      expect(row!.state).toBe('SUBMITTED');
    });

    it('prices the largest request the bounds allow', async () => {
      const china = await t.asStaff('CHINA_AGENT');
      const venezuela = await t.asStaff('VENEZUELA_AGENT');
      const requestId = await requestOf(1_000);
      await china.ok(submitSourcing, { requestId, input: { ...sourcing, supplierUnitPriceMinor: 100_000_000 } });
      const preview = await venezuela.request(`query P($id: ID!) { quotePricePreview(requestId: $id) { options { totalUsdMinor totalVesMinor } } }`, { id: requestId });
      expect(preview.errors).toBeUndefined();
    });

    it('refuses sizes, weights and quantities beyond the shared bounds as BAD_USER_INPUT with the fields', async () => {
      const china = await t.asStaff('CHINA_AGENT');
      const requestId = await requestOf(1);
      const error = onlyError(await china.request(submitSourcing, { requestId, input: { ...sourcing, lengthCm: 1_000_001, weightKg: '9999999.999' } }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect((error.extensions!.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['lengthCm', 'weightKg']);
    });

    it('refuses a reported payment beyond the money bound as BAD_USER_INPUT on amountMinor', async () => {
      const order = await insertOrder(t, customer.customerId);
      const query = `mutation P($input: SubmitPaymentInput!) { submitPayment(input: $input) { id } }`;
      const error = onlyError(await customer.request(query, { input: { orderId: order.orderId, method: 'ZELLE', amountMinor: 9_000_000_000_000_000, reference: 'ZL-1' } }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect((error.extensions!.fields as { field: string }[]).map((f) => f.field)).toEqual(['amountMinor']);
    });
  });

  describe('over-payment', () => {
    const submit = `mutation P($input: SubmitPaymentInput!) { submitPayment(input: $input) { id creditedUsdMinor } }`;
    const balance = `query B($id: ID!) { order(id: $id) { outstandingVesMinor } }`;
    const pay = (c: GqlClient, orderId: string, method: string, amountMinor: number) =>
      c.request(submit, { input: { orderId, method, amountMinor, reference: `REF-${amountMinor}-${Math.random()}` } });

    it('refuses a payment beyond what is left once pending payments count, with the remaining amounts', async () => {
      const order = await insertOrder(t, customer.customerId, { totalUsdMinor: 105 });
      const error = onlyError(await pay(customer, order.orderId, 'ZELLE', 20_000));
      expect(error.extensions).toMatchObject({ code: 'PAYMENT_EXCEEDS_BALANCE', field: 'amountMinor', remainingUsdMinor: 105 });
      expect(error.extensions!.remainingVesMinor).toEqual(expect.any(Number));
      expect((await pay(customer, order.orderId, 'ZELLE', 50)).errors).toBeUndefined();
      const second = onlyError(await pay(customer, order.orderId, 'ZELLE', 90));
      expect(second.extensions).toMatchObject({ code: 'PAYMENT_EXCEEDS_BALANCE' });
    });

    it('accepts paying exactly the outstanding amount shown in bolívares', async () => {
      const order = await insertOrder(t, customer.customerId, { totalUsdMinor: 105 });
      const { order: shown } = await customer.ok<{ order: { outstandingVesMinor: number } }, unknown>(balance, { id: order.orderId });
      expect((await pay(customer, order.orderId, 'PAGO_MOVIL', shown.outstandingVesMinor)).errors).toBeUndefined();
    });

    it('lets only one of two concurrent payments of the whole balance through', async () => {
      const order = await insertOrder(t, customer.customerId, { totalUsdMinor: 10_000 });
      const { order: shown } = await customer.ok<{ order: { outstandingVesMinor: number } }, unknown>(balance, { id: order.orderId });
      const answers = await Promise.all([
        pay(customer, order.orderId, 'PAGO_MOVIL', shown.outstandingVesMinor),
        pay(customer, order.orderId, 'PAGO_MOVIL', shown.outstandingVesMinor),
      ]);
      expect(answers.filter((a) => !a.errors).length).toBe(1);
      expect(answers.flatMap((a) => a.errors ?? []).map((e) => e.extensions?.code)).toEqual(['PAYMENT_EXCEEDS_BALANCE']);
    });
  });
});
