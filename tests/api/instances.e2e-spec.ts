import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../../api/src/config';
import { EVENT_LISTENER_NAME } from '../../api/src/events/event-relay';
import { EVENT_RETENTION_PRUNE } from '../../api/src/events/event-retention';
import { PRINCIPAL_LISTENER_NAME } from '../../api/src/auth/principal-cache';
import { CHAT_TYPING_LISTENER_NAME } from '../../api/src/modules/support-chat/chat-typing';
import { JobName } from '../../api/src/jobs/definitions';
import { JOB_QUEUE_POOL } from '../../api/src/jobs/jobs';
import { startApi, type RunningApi } from '../../api/src/main';
import { migrationsList } from '../../migrations';
import { STAFF_ALERT_SWEEP } from '../../api/src/modules/alerts/alert.jobs';
import { CLAIM_LAPSE_SWEEP } from '../../api/src/modules/claims/claims.jobs';
import { IDENTITY_SWEEP } from '../../api/src/modules/identity/identity.jobs';
import { ORDER_PAYMENT_DEADLINE_SWEEP } from '../../api/src/modules/orders/order.jobs';
import { QUOTE_EXPIRY_SWEEP } from '../../api/src/modules/quotes/quote.jobs';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { GqlClient, type GqlResponse } from '../helpers/client';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { adminQuery, testDatabaseUrl } from '../helpers/test-database';
import { insertSubmittedPayment, insertWaitingRequest } from './factories/logistics';
import { insertOrder } from './factories/orders';

/**
 * Two API instances, A and B, on one PostgreSQL database (issue 8): what one instance commits, the other's
 * subscribers hear; sweeps run once per period; throttles and key limits count once; webhooks go out once.
 */

/** The sweeps' period here (seconds): short, so a few periods pass within the test. */
const PERIOD = 2;
/** Each instance's query pool here, small enough that the connection budget below is reached under load. */
const POOL = 3;
/** What one instance opens besides its pool: the event relay's, the principal cache's and the chat typing LISTEN connections (and pg-boss's pool). */
const LISTENERS = 3;

const ORDER_UPDATED = `subscription { orderUpdated { order { id state } } }`;
const VALIDATE = `mutation($id: ID!) { validatePayment(paymentId: $id) { state } }`;
const SIGN_IN = `mutation SignIn($login: String!, $password: String!) { signIn(input: { login: $login, password: $password }) { accessToken } }`;
const TRACK = `query Track($number: String!, $secondFactor: String!) { publicTracking(number: $number, secondFactor: $secondFactor) { orderNumber } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`;
const CREATE_ENDPOINT = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`;
const CREATE_REQUEST = `mutation($input: CreatePurchaseRequestInput!) { createPurchaseRequest(input: $input) { id } }`;
const CLAIM = `mutation($id: ID!) { claimWork(subject: { type: PURCHASE_REQUEST, id: $id }) { subjectId } }`;
const ME = `{ me { id } }`;

type OrderUpdated = { orderUpdated: { order: { id: string; state: string } } };

let t: TestApi;
let a: RunningApi;
let b: RunningApi;
const clients: GqlClient[] = [];

beforeAll(async () => {
  const defaults = loadConfig();
  // Per-IP throttles on (X-Forwarded-For from the test names the client), short sweep periods, quick webhooks.
  t = await startTestApi({
    throttleExemptIps: [],
    trustProxy: 'loopback',
    sweepIntervalSeconds: PERIOD,
    eventPruneSeconds: PERIOD,
    eventRetentionHours: 1,
    databasePoolMax: POOL,
    webhooks: { ...defaults.webhooks, pollMs: 100, allowLoopback: true },
  });
  a = t.api;
  b = await t.startInstance();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await t.stop();
});

/** A GraphQL client of `instance` (HTTP and WebSocket), as `token`'s holder. */
function clientOf(instance: RunningApi, token?: string): GqlClient {
  const client = new GqlClient(
    {
      graphqlUrl: instance.graphqlUrl,
      wsUrl: instance.wsUrl,
      subscriptionsAttached: () => instance.subscriptionsStarted(),
      waitForSubscriptions: async (count) => waitFor('the subscription to start', () => instance.subscriptionsStarted() >= count),
    },
    token,
  );
  clients.push(client);
  return client;
}

/** Waits for `condition` (checked every 50 ms), failing after 40 s with `what`. */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 40_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every committed event has reached both instances' subscribers. */
const settleBoth = () => Promise.all([a.app.relay.drain(), b.app.relay.drain()]);

/** One GraphQL POST to `instance`, with extra headers (X-Forwarded-For names the client: the test is a loopback proxy). */
async function post<T>(instance: RunningApi, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(instance.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as GqlResponse<T> };
}

const codeOf = (body: GqlResponse<unknown>) => body.errors?.[0]?.extensions?.code;
let lastIp = 0;
const nextIp = () => `203.0.113.${++lastIp}`;
/** A or B, turn about. */
const either = (i: number) => (i % 2 === 0 ? a : b);

describe('several API instances on one database', () => {
  it('delivers an order change committed through one instance to subscribers on both, exactly once each, either way round', async () => {
    const customer: TestCustomer = await t.newCustomer();
    const onA = clientOf(a, customer.token).subscribe<OrderUpdated, unknown>(ORDER_UPDATED);
    await onA.ready;
    const onB = clientOf(b, customer.token).subscribe<OrderUpdated, unknown>(ORDER_UPDATED);
    await onB.ready;
    const validatorOnA = await t.asStaff('PAYMENT_VALIDATOR');
    const validatorOnB = clientOf(b, validatorOnA.token);
    for (const [validator, name] of [[validatorOnA, 'A'], [validatorOnB, 'B']] as const) {
      const order = await insertOrder(t, customer.customerId, { description: `Orden por ${name}` });
      const paymentId = await insertSubmittedPayment(t, order, customer.customerId, 1);
      await validator.ok(VALIDATE, { id: paymentId });
      const expected = { orderUpdated: { order: { id: order.orderId, state: 'PAID' } } };
      expect(await onA.next()).toEqual(expected);
      expect(await onB.next()).toEqual(expected);
      await settleBoth();
      expect(onA.pending()).toEqual([]);
      expect(onB.pending()).toEqual([]);
    }
    onA.close();
    onB.close();
  });

  it('runs each sweep and scheduled job once per period across both instances, and its effect happens once', async () => {
    const customer = await t.newCustomer();
    const china = await t.asStaff('CHINA_AGENT');
    // Delivered events aged past retention: the prune's work.
    const [{ newest }] = (await t.sql<{ newest: string }>('SELECT max(id)::text AS newest FROM domain_event')) as [{ newest: string }];
    await t.sql(`UPDATE domain_event SET created_at = created_at - interval '2 days' WHERE id <= $1`, [newest]);
    // An expired throttle counter: the identity sweep's.
    await t.sql(`INSERT INTO rate_limit (key, points, expire) VALUES ('instances-test:expired', 1, 1)`);
    // A request waiting on staff for 25 h (the threshold is 24 h): the alert sweep's.
    const waiting = await insertWaitingRequest(t, customer.customerId, 'SOURCING', 25);
    // A claim idle past CLAIM_IDLE_MINUTES: the claim-lapse sweep's.
    const claimed = await insertWaitingRequest(t, customer.customerId, 'SUBMITTED', 1);
    await china.ok(CLAIM, { id: claimed.requestId });
    await t.sql(`UPDATE work_claim SET last_active_at = now() - interval '31 minutes' WHERE subject_id = $1`, [claimed.requestId]);
    // A quote past its response deadline: the quote-expiry sweep's.
    const quoted = await insertWaitingRequest(t, customer.customerId, 'QUOTED', 0);
    await t.sql(`UPDATE purchase_request SET response_deadline = now() - interval '1 hour' WHERE id = $1`, [quoted.requestId]);
    // An order past its payment deadline: the deadline sweep's (its WhatsApp message, the dispatcher's).
    const overdue = await insertOrder(t, customer.customerId, { paymentDeadlineHours: -1 });

    const [{ since }] = (await t.sql<{ since: Date }>('SELECT now() AS since')) as [{ since: Date }];
    const sweeps = [STAFF_ALERT_SWEEP, CLAIM_LAPSE_SWEEP, QUOTE_EXPIRY_SWEEP, ORDER_PAYMENT_DEADLINE_SWEEP, IDENTITY_SWEEP, EVENT_RETENTION_PRUNE];
    const completed = async (name: string) =>
      Number((await t.sql<{ n: string }>(`SELECT count(*)::text AS n FROM pgboss.job WHERE name = $1 AND created_on >= $2 AND state = 'completed'`, [name, since]))[0]!.n);
    const overdueMessages = () =>
      t.sql<{ status: string; attempts: number }>(`SELECT status, attempts FROM outbound_message WHERE recipient = $1 AND body LIKE '%' || $2 || '%'`, [customer.phone, overdue.number]);
    // Two periods of every sweep, and a run of the WhatsApp dispatcher (every 5 s) after the cancellation's
    // message was written: a run before it (the order of the two is up to the clock) leaves it pending.
    await waitFor('two runs of every sweep and the cancellation message sent', async () => {
      for (const name of sweeps) if ((await completed(name)) < 2) return false;
      const messages = await overdueMessages();
      return (await completed(JobName.WhatsAppDispatch)) >= 1 && messages.length > 0 && messages.every((m) => m.status !== 'PENDING');
    });
    await settleBoth();

    // Runs: never two of one job in one slot of its period, whichever instance enqueued them.
    const slots = await t.sql<{ name: string; runs: string }>(
      `SELECT name, count(*)::text AS runs FROM pgboss.job WHERE name = ANY($1) AND created_on >= $2
        GROUP BY name, floor(extract(epoch FROM created_on) / CASE WHEN name = $3 THEN 5 ELSE $4 END) HAVING count(*) > 1`,
      [[...sweeps, JobName.WhatsAppDispatch], since, JobName.WhatsAppDispatch, PERIOD],
    );
    expect(slots).toEqual([]);

    // Effects, each once.
    const count = async (sql: string, params: unknown[]) => Number((await t.sql<{ n: string }>(sql, params))[0]!.n);
    const [alert] = await t.sql<{ id: string }>(`SELECT id FROM alert WHERE subject_id = $1`, [waiting.requestId]);
    expect(await count(`SELECT count(*)::text AS n FROM alert WHERE subject_id = $1`, [waiting.requestId])).toBe(1);
    expect(await count(`SELECT count(*)::text AS n FROM domain_event WHERE topic = 'ALERT_RAISED' AND payload->>'alertId' = $1`, [alert!.id])).toBe(1);
    const masters = await count(`SELECT count(*)::text AS n FROM app_user WHERE kind = 'STAFF' AND active AND 'MASTER' = ANY(roles)`, []);
    expect(await count(`SELECT count(*)::text AS n FROM notification WHERE kind = 'STAFF_ALERT' AND data->>'alertId' = $1`, [alert!.id])).toBe(masters);

    expect(await count(`SELECT count(*)::text AS n FROM work_claim WHERE subject_id = $1`, [claimed.requestId])).toBe(0);
    // One holder change when claimed, one when the claim lapsed.
    expect(await count(`SELECT count(*)::text AS n FROM domain_event WHERE topic = 'PURCHASE_REQUEST_CHANGED' AND payload->>'requestId' = $1 AND payload->>'holderChanged' = 'true'`, [claimed.requestId])).toBe(2);

    expect(await count(`SELECT count(*)::text AS n FROM purchase_request_event WHERE request_id = $1 AND to_state = 'EXPIRED'`, [quoted.requestId])).toBe(1);
    expect(await count(`SELECT count(*)::text AS n FROM notification WHERE kind = 'QUOTE_EXPIRED' AND data->>'requestId' = $1`, [quoted.requestId])).toBe(1);

    expect(await count(`SELECT count(*)::text AS n FROM order_event WHERE order_id = $1 AND to_state = 'CANCELLED'`, [overdue.orderId])).toBe(1);
    expect(await count(`SELECT count(*)::text AS n FROM notification WHERE kind = 'ORDER_CANCELLED' AND data->>'orderId' = $1`, [overdue.orderId])).toBe(1);
    expect(await overdueMessages()).toEqual([{ status: 'SENT', attempts: 1 }]);

    expect(await count(`SELECT count(*)::text AS n FROM rate_limit WHERE key = 'instances-test:expired'`, [])).toBe(0);
    // All aged events but the newest are pruned; the newest is kept so every handed-out cursor stays valid.
    expect(await count(`SELECT count(*)::text AS n FROM domain_event WHERE id < $1`, [newest])).toBe(0);
  });

  it('counts wrong passwords for one login and IP across both instances: the 6th attempt is refused, as on one', async () => {
    // A fresh IP: the demo China agent's count for it starts at zero.
    const ip = nextIp();
    for (let i = 0; i < 5; i++) {
      expect(codeOf((await post(either(i), SIGN_IN, { login: 'china', password: `mala-${i}` }, { 'x-forwarded-for': ip })).body)).toBe('INVALID_CREDENTIALS');
    }
    for (const instance of [a, b]) {
      expect(codeOf((await post(instance, SIGN_IN, { login: 'china', password: DEMO_PASSWORD }, { 'x-forwarded-for': ip })).body)).toBe('TOO_MANY_ATTEMPTS');
    }
  });

  it('lets exactly 10 of 20 simultaneous wrong tracking lookups of one number through, 10 sent to each instance', async () => {
    const number = `PO-2026-8${String(randomInt(1e5)).padStart(5, '0')}`;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(either(i), TRACK, { number, secondFactor: String(1000 + i) }, { 'x-forwarded-for': nextIp() })));
    const codes = answers.map((r) => codeOf(r.body));
    expect(codes.filter((c) => c === 'TRACKING_NOT_FOUND')).toHaveLength(10);
    expect(codes.filter((c) => c !== 'TRACKING_NOT_FOUND')).toEqual(Array(10).fill('TOO_MANY_ATTEMPTS'));
  });

  it('holds an API key to its requests per minute across both instances: the 5th of a 4-per-minute key is refused on either', async () => {
    const master = await t.asStaff('MASTER');
    const { createApiKey } = await master.ok<{ createApiKey: { secret: string; apiKey: { id: string } } }, unknown>(CREATE_KEY, {
      input: { name: 'Integración compartida', role: 'SUPPORT', requestsPerMinute: 4, requestsPerDay: 1000, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    const key = { 'x-api-key': createApiKey.secret };
    // Counts are per UTC minute: a run that straddles a minute's end is run again (once).
    const minute = async () => (await t.sql<{ m: Date }>(`SELECT date_trunc('minute', now(), 'UTC') AS m`))[0]!.m.getTime();
    for (let attempt = 0; ; attempt++) {
      const before = await minute();
      await t.sql(`UPDATE api_key SET minute_count = 0, minute_start = NULL WHERE id = $1`, [createApiKey.apiKey.id]);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(either(i), ME, {}, key)).status);
      const refused = await Promise.all([post(a, ME, {}, key), post(b, ME, {}, key)]);
      if ((await minute()) !== before && attempt === 0) continue;
      expect(statuses).toEqual([200, 200, 200, 200]);
      expect(refused.map((r) => [r.status, codeOf(r.body)])).toEqual([[429, 'RATE_LIMITED'], [429, 'RATE_LIMITED']]);
      return;
    }
  });

  it('sends each webhook once while both instances run their dispatchers', async () => {
    const received: string[] = [];
    const receiver: Server = createServer((req, res) => {
      received.push(String(req.headers['morna-event-id']));
      req.resume().on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const master = await t.asStaff('MASTER');
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      const { createWebhookEndpoint } = await master.ok<{ createWebhookEndpoint: { endpoint: { id: string } } }, unknown>(CREATE_ENDPOINT, {
        input: { url, description: 'Dos instancias', eventTypes: ['PURCHASE_REQUEST_CHANGED'] },
      });
      const customer = await t.newCustomer();
      const onB = clientOf(b, customer.token);
      // Four: a customer may ask for five quotes a month.
      for (let i = 0; i < 4; i++) {
        await (i % 2 === 0 ? customer : onB).ok(CREATE_REQUEST, {
          input: { productUrl: 'https://example.com/producto/123', description: `Pedido ${i}`, quantity: 1, purchaseType: 'RETAIL', shippingMethods: ['AIR'], nationalDelivery: 'COURIER' },
        });
      }
      await waitFor('4 deliveries', () => received.length >= 4);
      await Promise.all([a.app.webhooks.drain(), b.app.webhooks.drain()]);
      expect(received).toHaveLength(4);
      expect(new Set(received).size).toBe(4);
      const [row] = await t.sql<{ n: string; once: string }>(
        `SELECT count(*)::text AS n, count(*) FILTER (WHERE status = 'SUCCEEDED' AND attempts = 1)::text AS once FROM webhook_delivery WHERE endpoint_id = $1`,
        [createWebhookEndpoint.endpoint.id],
      );
      expect(row).toEqual({ n: '4', once: '4' });
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('opens no more than its pool, three LISTEN connections and the job queue\'s pool in PostgreSQL per instance, under load', async () => {
    const master = await t.asStaff('MASTER');
    const onB = clientOf(b, master.token);
    let peak = 0;
    const connections = async () =>
      Number((await t.sql<{ n: string }>(`SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`))[0]!.n);
    const burst = Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? master : onB).ok(`{ webhookEndpoints(first: 50) { totalCount edges { node { id url } } } }`)));
    let done = false;
    void burst.finally(() => (done = true));
    while (!done) {
      peak = Math.max(peak, await connections());
      await new Promise((r) => setTimeout(r, 5));
    }
    await burst;
    const listeners = await t.sql<{ application_name: string; n: string }>(
      `SELECT application_name, count(*)::text AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = ANY($1) GROUP BY 1 ORDER BY 1`,
      [[EVENT_LISTENER_NAME, PRINCIPAL_LISTENER_NAME, CHAT_TYPING_LISTENER_NAME]],
    );
    expect(Object.fromEntries(listeners.map((l) => [l.application_name, l.n]))).toEqual({ [EVENT_LISTENER_NAME]: '2', [PRINCIPAL_LISTENER_NAME]: '2', [CHAT_TYPING_LISTENER_NAME]: '2' });
    expect(peak).toBeLessThanOrEqual(2 * (POOL + LISTENERS + JOB_QUEUE_POOL));
  });

  it('applies pending migrations once when two instances start together on an empty database', async () => {
    const database = `morna_test_${process.pid}_empty_${randomInt(1e6)}`;
    await adminQuery(`CREATE DATABASE ${database}`);
    const url = testDatabaseUrl(database);
    const config = loadConfig(process.env, { port: 0, host: '127.0.0.1', logLevel: 'silent', sweepIntervalSeconds: 3600 });
    const started = await Promise.allSettled([0, 1].map(() => startApi(config, url, pino({ level: 'silent' }))));
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    try {
      expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
      const counts = new Client({ connectionString: url });
      await counts.connect();
      const { rows } = await counts.query<{ name: string; n: string }>('SELECT name, count(*)::text AS n FROM mikro_orm_migrations GROUP BY name');
      await counts.end();
      expect(rows.every((r) => r.n === '1')).toBe(true);
      expect(rows).toHaveLength(migrationsList.length);
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  });
});
