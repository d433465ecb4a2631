import pino from 'pino';
import { loadConfig } from '../../api/src/config';
import { startApi } from '../../api/src/main';
import { GqlClient, type GqlResponse } from '../helpers/client';
import { TINY_PNG } from '../helpers/images';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { insertSubmittedPayment } from './factories/logistics';
import { insertOrder } from './factories/orders';

/**
 * API keys for third parties (issue 8), through the public surface: the Master's mutations, then requests that
 * carry a key (`Authorization: Bearer mk_live_…` or `X-Api-Key`) over HTTP and in graphql-ws connection_init.
 */

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name role state prefix lastUsedAt requestsPerMinute requestsPerDay customer { id } } } }`;
const ROTATE = `mutation($id: ID!, $grace: Int!) { rotateApiKey(id: $id, graceMinutes: $grace) { secret apiKey { id rotatedAt previousValidUntil } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id state revokedAt } }`;
const LIST = `query($search: String, $state: ApiKeyState, $first: Int!, $after: String) { apiKeys(search: $search, state: $state, first: $first, after: $after) { totalCount edges { node { id name state lastUsedAt requestsToday } } pageInfo { hasNextPage endCursor } } }`;
const MY_ORDERS = `{ myOrders(first: 20) { edges { node { id } } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id } }`;
const ME = `{ me { id } }`;

let t: TestApi;
let master: GqlClient;
beforeAll(async () => {
  t = await startTestApi();
  master = await t.asStaff('MASTER');
});
afterAll(async () => {
  await t.stop();
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
let seq = 0;

interface CreatedKey {
  id: string;
  secret: string;
}

async function createKey(input: { role: string; customerCode?: string; requestsPerMinute?: number; requestsPerDay?: number; expiresAt?: string }): Promise<CreatedKey> {
  const data = await master.ok<{ createApiKey: { secret: string; apiKey: { id: string } } }, unknown>(CREATE, {
    input: { name: `Integración ${++seq}`, expiresAt: inDays(30), ...input },
  });
  return { id: data.createApiKey.apiKey.id, secret: data.createApiKey.secret };
}

/** One GraphQL request over HTTP with `key` in the Authorization header (or X-Api-Key), with status and headers. */
async function call<TData = Record<string, unknown>>(key: string, query: string, variables: Record<string, unknown> = {}, via: 'bearer' | 'x-api-key' = 'bearer') {
  const response = await fetch(t.api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(via === 'bearer' ? { authorization: `Bearer ${key}` } : { 'x-api-key': key }) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GqlResponse<TData> };
}

const codeOf = (body: GqlResponse<unknown>) => body.errors?.[0]?.extensions?.code;

/** A graphql-ws client that sends `key` in connection_init. */
function wsClient(key: string): GqlClient {
  return new GqlClient(t.anonymous().endpoints, key);
}

/** Runs `work` again (once) when a UTC minute ended while it ran: fixed-window counts restart at minute boundaries. */
async function inOneMinute(work: () => Promise<void>): Promise<void> {
  const minute = async () => (await t.sql<{ m: Date }>(`SELECT date_trunc('minute', now(), 'UTC') AS m`))[0]!.m.getTime();
  for (let attempt = 0; ; attempt++) {
    const before = await minute();
    let failure: unknown;
    try {
      await work();
    } catch (err) {
      failure = err;
    }
    if ((await minute()) === before || attempt === 1) {
      if (failure) throw failure;
      return;
    }
  }
}

describe('creating keys', () => {
  it('shows the whole key once, stores only its hash, and lists the key without it', async () => {
    const data = await master.ok<{ createApiKey: { secret: string; apiKey: { id: string; state: string; prefix: string; lastUsedAt: null; requestsPerMinute: number; requestsPerDay: number } } }, unknown>(CREATE, {
      input: { name: 'Tienda aliada', role: 'SUPPORT', expiresAt: inDays(90) },
    });
    const { secret, apiKey } = data.createApiKey;
    expect(secret).toMatch(/^mk_live_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(`${apiKey.prefix}_`)).toBe(true);
    expect(apiKey).toMatchObject({ state: 'ACTIVE', lastUsedAt: null, requestsPerMinute: 60, requestsPerDay: 10_000 });
    const [row] = await t.sql<Record<string, unknown>>(`SELECT * FROM api_key WHERE id = $1`, [apiKey.id]);
    expect(JSON.stringify(row)).not.toContain(secret.slice(-43));
    expect(row!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    const listed = await master.ok<{ apiKeys: { edges: { node: { id: string; name: string } }[] } }, unknown>(LIST, { search: 'aliada', first: 10 });
    expect(listed.apiKeys.edges.map((e) => e.node.id)).toEqual([apiKey.id]);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(-43));
  });

  it('refuses a customer key without its customer or with an unknown code, a staff key with one, and an expiry in the past or too far', async () => {
    const customer = await t.newCustomer();
    const refusal = async (input: Record<string, unknown>) => (await master.request(CREATE, { input: { name: 'x', expiresAt: inDays(10), ...input } })).errors?.[0]?.extensions;
    expect(await refusal({ role: 'CUSTOMER' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customerCode', reason: 'CUSTOMER_REQUIRED' });
    expect(await refusal({ role: 'SALES', customerCode: customer.code })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customerCode', reason: 'CUSTOMER_NOT_ALLOWED' });
    expect(await refusal({ role: 'SALES', expiresAt: inDays(-1) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt', reason: 'IN_THE_PAST' });
    expect(await refusal({ role: 'SALES', expiresAt: inDays(400) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt', reason: 'TOO_FAR' });
    expect(await refusal({ role: 'CUSTOMER', customerCode: 'MC-000000' })).toMatchObject({ code: 'NOT_FOUND', field: 'customerCode' });
  });

  it('lists keys with search, state filter and cursor pagination', async () => {
    const a = await createKey({ role: 'SALES' });
    const b = await createKey({ role: 'SALES' });
    await master.ok(REVOKE, { id: a.id });
    const revoked = await master.ok<{ apiKeys: { edges: { node: { id: string; state: string } }[] } }, unknown>(LIST, { state: 'REVOKED', first: 100 });
    expect(revoked.apiKeys.edges.map((e) => e.node.id)).toContain(a.id);
    expect(revoked.apiKeys.edges.map((e) => e.node.id)).not.toContain(b.id);
    const first = await master.ok<{ apiKeys: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }, unknown>(LIST, { search: 'Integración', first: 1 });
    expect(first.apiKeys.pageInfo.hasNextPage).toBe(true);
    const second = await master.ok<{ apiKeys: { edges: { node: { id: string } }[] } }, unknown>(LIST, { search: 'Integración', first: 1, after: first.apiKeys.pageInfo.endCursor });
    expect(second.apiKeys.edges[0]!.node.id).not.toBe(first.apiKeys.edges[0]!.node.id);
  });
});

describe('what a key may do', () => {
  it('does only its role\'s operations, and never manages keys, even with the Master role', async () => {
    const validator = await createKey({ role: 'PAYMENT_VALIDATOR' });
    const customer = await t.newCustomer();
    const order = await insertOrder(t, customer.customerId);
    const paymentId = await insertSubmittedPayment(t, order, customer.customerId, 1);
    const validated = await call<{ validatePayment: { state: string } }>(validator.secret, `mutation($id: ID!) { validatePayment(paymentId: $id) { state } }`, { id: paymentId });
    expect(validated.body.data?.validatePayment.state).toBe('VALIDATED');
    expect(codeOf((await call(validator.secret, `{ users(first: 1) { totalCount } }`)).body)).toBe('FORBIDDEN');
    const masterKey = await createKey({ role: 'MASTER' });
    expect((await call(masterKey.secret, `{ users(first: 1) { totalCount } }`)).body.errors).toBeUndefined();
    expect(codeOf((await call(masterKey.secret, LIST, { first: 1 })).body)).toBe('FORBIDDEN');
    expect(codeOf((await call(masterKey.secret, CREATE, { input: { name: 'x', role: 'SALES', expiresAt: inDays(1) } })).body)).toBe('FORBIDDEN');
  });

  it('acts as its customer: sees that customer\'s orders only, NOT_FOUND for another\'s, FORBIDDEN for staff lists', async () => {
    const ana = await t.newCustomer({ fullName: 'Ana Key' });
    const bob = await t.newCustomer({ fullName: 'Bob Key' });
    const anas = await insertOrder(t, ana.customerId);
    const bobs = await insertOrder(t, bob.customerId);
    const key = await createKey({ role: 'CUSTOMER', customerCode: ana.code.toLowerCase() });
    const mine = await call<{ myOrders: { edges: { node: { id: string } }[] } }>(key.secret, MY_ORDERS, {}, 'x-api-key');
    expect(mine.body.data?.myOrders.edges.map((e) => e.node.id)).toEqual([anas.orderId]);
    expect((await call<{ me: { id: string } }>(key.secret, ME)).body.data?.me.id).toBe(ana.userId);
    expect((await call(key.secret, ORDER, { id: anas.orderId })).body.errors).toBeUndefined();
    expect(codeOf((await call(key.secret, ORDER, { id: bobs.orderId })).body)).toBe('NOT_FOUND');
    expect(codeOf((await call(key.secret, `{ orders(first: 5) { totalCount } }`)).body)).toBe('FORBIDDEN');
  });

  it('is refused by the first-party upload route, and a malformed or unknown key is anonymous', async () => {
    const customer = await t.newCustomer();
    const key = await createKey({ role: 'CUSTOMER', customerCode: customer.code });
    const uploaded = await fetch(`${t.api.url}/uploads`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${key.secret}` }, body: Buffer.from(TINY_PNG) });
    expect(uploaded.status).toBe(401);
    const unknown = key.secret.replace(/_[^_]+$/, `_${'A'.repeat(43)}`);
    expect(codeOf((await call(unknown, ME)).body)).toBe('UNAUTHENTICATED');
    expect(codeOf((await call('mk_live_nonsense', ME)).body)).toBe('UNAUTHENTICATED');
  });
});

describe('the life of a key', () => {
  let customer: TestCustomer;
  beforeAll(async () => {
    customer = await t.newCustomer();
  });

  it('stops working once expired', async () => {
    const key = await createKey({ role: 'CUSTOMER', customerCode: customer.code });
    expect((await call(key.secret, ME)).body.errors).toBeUndefined();
    await t.sql(`UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1`, [key.id]);
    expect(codeOf((await call(key.secret, ME)).body)).toBe('UNAUTHENTICATED');
    const listed = await master.ok<{ apiKeys: { edges: { node: { id: string } }[] } }, unknown>(LIST, { state: 'EXPIRED', first: 100 });
    expect(listed.apiKeys.edges.map((e) => e.node.id)).toContain(key.id);
  });

  it('stops working once revoked, and cannot then be rotated', async () => {
    const key = await createKey({ role: 'CUSTOMER', customerCode: customer.code });
    const revoked = await master.ok<{ revokeApiKey: { state: string } }, unknown>(REVOKE, { id: key.id });
    expect(revoked.revokeApiKey.state).toBe('REVOKED');
    expect(codeOf((await call(key.secret, ME)).body)).toBe('UNAUTHENTICATED');
    expect(await master.errorCode(ROTATE, { id: key.id, grace: 0 })).toBe('API_KEY_NOT_ACTIVE');
  });

  it('refuses the old secret after a rotation at once, or once the grace period ends', async () => {
    const key = await createKey({ role: 'CUSTOMER', customerCode: customer.code });
    const rotated = (await master.ok<{ rotateApiKey: { secret: string } }, unknown>(ROTATE, { id: key.id, grace: 0 })).rotateApiKey.secret;
    expect(rotated).not.toBe(key.secret);
    expect(codeOf((await call(key.secret, ME)).body)).toBe('UNAUTHENTICATED');
    expect((await call(rotated, ME)).body.errors).toBeUndefined();

    const graced = (await master.ok<{ rotateApiKey: { secret: string; apiKey: { previousValidUntil: string } } }, unknown>(ROTATE, { id: key.id, grace: 60 })).rotateApiKey;
    expect(new Date(graced.apiKey.previousValidUntil).getTime()).toBeGreaterThan(Date.now());
    expect((await call(rotated, ME)).body.errors).toBeUndefined();
    expect((await call(graced.secret, ME)).body.errors).toBeUndefined();
    await t.sql(`UPDATE api_key SET previous_valid_until = now() - interval '1 second' WHERE id = $1`, [key.id]);
    expect(codeOf((await call(rotated, ME)).body)).toBe('UNAUTHENTICATED');
    expect((await call(graced.secret, ME)).body.errors).toBeUndefined();
  });

  it('records its last use and audits creation, the first use of the day, rotation and revocation', async () => {
    const key = await createKey({ role: 'CUSTOMER', customerCode: customer.code });
    for (let i = 0; i < 3; i++) expect((await call(key.secret, ME)).body.errors).toBeUndefined();
    const listed = await master.ok<{ apiKeys: { edges: { node: { id: string; lastUsedAt: string | null; requestsToday: number } }[] } }, unknown>(LIST, { state: 'ACTIVE', first: 100 });
    const node = listed.apiKeys.edges.find((e) => e.node.id === key.id)!.node;
    expect(node.lastUsedAt).not.toBeNull();
    expect(node.requestsToday).toBe(3);
    await master.ok(ROTATE, { id: key.id, grace: 0 });
    await master.ok(REVOKE, { id: key.id });
    const rows = await t.sql<{ action: string; actor_id: string; detail: Record<string, unknown> }>(`SELECT action, actor_id, detail FROM audit_log_entry WHERE target_type = 'ApiKey' AND target_id = $1 ORDER BY id`, [key.id]);
    expect(rows.map((r) => r.action)).toEqual(['api_key.created', 'api_key.used', 'api_key.rotated', 'api_key.revoked']);
    // The use is the customer's (the key acts as them); the rest the Master's.
    expect(rows[1]!.actor_id).toBe(customer.userId);
    expect(rows[1]!.detail).toMatchObject({ previousDayRequests: 0 });
  });
});

describe('rate limits', () => {
  it('answers the N+1th request of a minute with 429, Retry-After, RateLimit headers and RATE_LIMITED', async () => {
    const key = await createKey({ role: 'SUPPORT', requestsPerMinute: 3, requestsPerDay: 1000 });
    await inOneMinute(async () => {
      await t.sql(`UPDATE api_key SET minute_count = 0, minute_start = NULL WHERE id = $1`, [key.id]);
      const remaining: (string | null)[] = [];
      for (let i = 0; i < 3; i++) {
        const ok = await call(key.secret, ME);
        expect(ok.status).toBe(200);
        expect(ok.headers.get('ratelimit-limit')).toBe('3');
        expect(ok.headers.get('ratelimit-policy')).toBe('3;w=60, 1000;w=86400');
        remaining.push(ok.headers.get('ratelimit-remaining'));
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const refused = await call(key.secret, ME);
      expect(refused.status).toBe(429);
      expect(codeOf(refused.body)).toBe('RATE_LIMITED');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body.errors![0]!.extensions!.retryAfterSeconds).toBe(retryAfter);
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    });
  });

  it('holds the daily quota, counted in PostgreSQL across API instances', async () => {
    const key = await createKey({ role: 'SUPPORT', requestsPerMinute: 1000, requestsPerDay: 2 });
    const second = await startApi(loadConfig(process.env, { port: 0, host: '127.0.0.1', logLevel: 'silent', sweepIntervalSeconds: 3600 }), t.databaseUrl, pino({ level: 'silent' }));
    try {
      expect((await call(key.secret, ME)).status).toBe(200);
      const viaSecond = await fetch(second.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key.secret }, body: JSON.stringify({ query: ME }) });
      expect(viaSecond.status).toBe(200);
      expect(viaSecond.headers.get('ratelimit-remaining')).toBe('0');
      const refused = await call(key.secret, ME);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('ratelimit-limit')).toBe('2');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(codeOf(refused.body)).toBe('RATE_LIMITED');
    } finally {
      await second.stop();
    }
  });
});

describe('graphql-ws with a key', () => {
  it('opens a connection with the key in connection_init and hears its customer\'s order updates', async () => {
    const customer = await t.newCustomer();
    const order = await insertOrder(t, customer.customerId);
    const paymentId = await insertSubmittedPayment(t, order, customer.customerId, 1);
    const key = await createKey({ role: 'CUSTOMER', customerCode: customer.code });
    const client = wsClient(key.secret);
    try {
      const sub = client.subscribe<{ orderUpdated: { order: { id: string; state: string } } }, unknown>(`subscription { orderUpdated { order { id state } } }`);
      await sub.ready;
      const validator = await t.asStaff('PAYMENT_VALIDATOR');
      await validator.ok(`mutation($id: ID!) { validatePayment(paymentId: $id) { state } }`, { id: paymentId });
      expect(await sub.next()).toEqual({ orderUpdated: { order: { id: order.orderId, state: 'PAID' } } });
      sub.close();
    } finally {
      await client.close();
    }
  });

  it('refuses a revoked key at connection_init (4401), and operations over the key\'s limit with RATE_LIMITED', async () => {
    const customer = await t.newCustomer();
    const revoked = await createKey({ role: 'CUSTOMER', customerCode: customer.code });
    await master.ok(REVOKE, { id: revoked.id });
    const refusedClient = wsClient(revoked.secret);
    const limitedKey = await createKey({ role: 'CUSTOMER', customerCode: customer.code, requestsPerMinute: 1000, requestsPerDay: 1 });
    const limited = wsClient(limitedKey.secret);
    try {
      expect(await refusedClient.subscribe(ME).ended).toMatchObject({ kind: 'closed', code: 4401 });
      expect(await limited.subscribe<{ me: { id: string } }, unknown>(ME).next()).toEqual({ me: { id: customer.userId } });
      const over = await limited.subscribe(ME).ended;
      expect(over.kind).toBe('error');
      expect(JSON.stringify(over)).toContain('RATE_LIMITED');
    } finally {
      await refusedClient.close();
      await limited.close();
    }
  });
});
