import { serverAudits } from 'graphql-http';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Topic } from '../../api/src/events/topics';
import type { GqlResponse } from '../helpers/client';
import { startTestApi, type TestApi } from '../helpers/test-api';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.stop();
});

/** Nothing an attacker could use: no HTML, stack frames, file paths or SQL. */
function expectNothingLeaked(body: string): void {
  expect(body).not.toMatch(/<html|<pre|<!DOCTYPE/i);
  expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\/api\/src\/|\.ts:\d+|\.js:\d+/);
  expect(body).not.toMatch(/\bselect\b.*\bfrom\b|\binsert into\b|invalid input syntax|\bdetail\b.*\bkey\b/i);
}

async function raw(path: string, init?: RequestInit): Promise<{ status: number; type: string; text: string; headers: Headers }> {
  const response = await fetch(`${t.api.url}${path}`, init);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text(), headers: response.headers };
}

const errorShape = (code: string) => ({ errors: [{ message: expect.any(String), extensions: { code, messageEn: expect.any(String), requestId: expect.any(String) } }] });

describe('HTTP errors are JSON, in one shape, and leak nothing', () => {
  it.each([
    ['a malformed JSON body', '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ me { id } }"' }, 400, 'BAD_REQUEST'],
    ['a body over the size limit', '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'x'.repeat(2 * 1024 * 1024) }) }, 413, 'PAYLOAD_TOO_LARGE'],
    ['a body of the wrong content type', '/graphql', { method: 'POST', headers: { 'content-type': 'application/xml', 'apollo-require-preflight': 'yes' }, body: '<query/>' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a bad URL encoding', '/graphql%', { method: 'GET' }, 404, 'NOT_FOUND'],
    ['a bad URL encoding in a route parameter', '/uploads/%E0%A4%A', { method: 'GET' }, 404, 'NOT_FOUND'],
    ['an unknown route', '/wp-admin.php', { method: 'GET' }, 404, 'NOT_FOUND'],
  ] as const)('answers %s with a JSON error', async (_name, path, init, status, code) => {
    const response = await raw(path, init as RequestInit);
    expect(response.status).toBe(status);
    expect(response.type).toMatch(/json/);
    expectNothingLeaked(response.text);
    expect(JSON.parse(response.text)).toEqual(errorShape(code));
  });

  it('answers a signed-in request for an upload id that is not a UUID in JSON, without the SQL error', async () => {
    const customer = await t.newCustomer();
    const response = await raw('/uploads/------------------------------------', { headers: { authorization: `Bearer ${customer.token}` } });
    expect(response.type).toMatch(/json/);
    expectNothingLeaked(response.text);
  });

  it('sends security headers on every response (GraphQL, health, errors)', async () => {
    for (const response of [
      await raw('/health'),
      await raw('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }),
      await raw('/nowhere'),
    ]) {
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('keeps CSRF prevention: a GET without a preflight header is refused, with one it runs', async () => {
    const query = encodeURIComponent('{ __typename }');
    const blocked = await raw(`/graphql?query=${query}`, { headers: { accept: 'application/json' } });
    expect(blocked.status).toBe(400);
    expectNothingLeaked(blocked.text);
    const allowed = await raw(`/graphql?query=${query}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(JSON.parse(allowed.text)).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a simple cross-site POST (text/plain) before it runs', async () => {
    const response = await raw('/graphql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: 'mutation { signOut }' }) });
    expect([400, 415]).toContain(response.status);
    expectNothingLeaked(response.text);
  });
});

describe('GraphQL over HTTP', () => {
  it("passes every MUST of graphql-http's audit", async () => {
    const results = await Promise.all(serverAudits({ url: t.api.graphqlUrl, fetchFn: fetch }).map((audit) => audit.fn()));
    const mustFailures = results.filter((r) => r.status !== 'ok' && r.name.startsWith('MUST'));
    expect(mustFailures.map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
  });
});

describe('WebSocket errors go through the same masking', () => {
  it('masks a database error raised while resolving a subscription event (no SQL reaches the client)', async () => {
    const staff = await t.asStaff('MASTER');
    const client = createClient({ url: t.api.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${staff.token}` }, retryAttempts: 0 });
    const received = new Promise<GqlResponse<unknown>>((resolve, reject) => {
      client.subscribe(
        { query: 'subscription { orderUpdated { cursor order { id number } } }' },
        { next: (value) => resolve(value as GqlResponse<unknown>), error: (err) => (Array.isArray(err) ? resolve({ errors: err }) : reject(err)), complete: () => undefined },
      );
    });
    const started = t.api.subscriptionsStarted();
    while (t.api.subscriptionsStarted() === started) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    // An event naming an order id PostgreSQL cannot even parse: the resolver's SELECT fails in the database.
    t.app.hub.publish({ id: '9007199254740000', topic: Topic.OrderChanged, payload: { orderId: 'not-a-uuid', customerId: 'x', state: 'PAID', previousState: null, at: new Date().toISOString() } });
    const result = await received;
    await client.dispose();
    expectNothingLeaked(JSON.stringify(result));
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
  });

  it('masks errors of a query over WebSocket the same way', async () => {
    const customer = await t.newCustomer();
    const client = createClient({ url: t.api.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${customer.token}` }, retryAttempts: 0 });
    const result = await new Promise<GqlResponse<unknown>>((resolve, reject) => {
      client.subscribe(
        { query: '{ order(id: "not-a-uuid") { id } }' },
        { next: (value) => resolve(value as GqlResponse<unknown>), error: (err) => (Array.isArray(err) ? resolve({ errors: err }) : reject(err)), complete: () => undefined },
      );
    });
    await client.dispose();
    expectNothingLeaked(JSON.stringify(result));
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', messageEn: expect.any(String) });
  });
});

describe('production defaults follow explicit settings', () => {
  let prod: TestApi;
  const saved = { ...process.env };
  beforeAll(async () => {
    process.env.NODE_ENV = 'production';
    process.env.JWT_SECRET = 'test-secret-for-production-defaults-0123456789';
    process.env.API_KEY_PEPPER = 'test-pepper-for-production-defaults-0123456789';
    // Anvil's well-known first development key (no chain is configured, so it never signs here).
    process.env.CHAIN_PRIVATE_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
    prod = await startTestApi();
  });
  afterAll(async () => {
    await prod.stop();
    process.env = saved;
  });

  it('sets the session cookies Secure (and httpOnly, SameSite=Lax) in production, and not Secure in development', async () => {
    const signIn = (api: TestApi) =>
      fetch(api.api.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { signIn(input: { login: "master", password: "morna-demo" }) { accessTokenExpiresAt } }' }),
      });
    const production = (await signIn(prod)).headers.getSetCookie();
    expect(production).toHaveLength(2);
    for (const cookie of production) {
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
    }
    const development = (await signIn(t)).headers.getSetCookie();
    expect(development).toHaveLength(2);
    for (const cookie of development) expect(cookie).not.toMatch(/; Secure/i);
  });

  it('turns off introspection, "Did you mean" suggestions and the landing page with NODE_ENV=production', async () => {
    const anonymous = prod.anonymous();
    expect(await anonymous.errorCode('{ __schema { types { name } } }')).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await anonymous.request('{ mee { id } }');
    expect(typo.errors![0]!.message).not.toMatch(/Did you mean/);
    const landing = await fetch(prod.api.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await landing.text()).not.toMatch(/<html|<!DOCTYPE/i);
  });

  it('keeps them on in development', async () => {
    const anonymous = t.anonymous();
    expect((await anonymous.request('{ __schema { queryType { name } } }')).errors).toBeUndefined();
    expect((await anonymous.request('{ mee { id } }')).errors![0]!.message).toMatch(/Did you mean/);
  });

  it('refuses introspection over WebSocket too in production', async () => {
    const staff = await prod.asStaff('MASTER');
    const client = createClient({ url: prod.api.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${staff.token}` } });
    const result = await new Promise<GqlResponse<unknown>>((resolve, reject) => {
      client.subscribe(
        { query: '{ __schema { types { name } } }' },
        { next: (value) => resolve(value as GqlResponse<unknown>), error: (err) => (Array.isArray(err) ? resolve({ errors: err }) : reject(err)), complete: () => undefined },
      );
    });
    await client.dispose();
    expect(result.data).toBeUndefined();
    expect(result.errors![0]!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
