import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../../api/src/config';
import { startApi } from '../../api/src/main';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { insertOrder } from './factories/orders';

const TIME_BUDGET_MS = 1500;
let t: TestApi;
let customer: TestCustomer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(async () => {
  process.env.GRAPHQL_TIME_BUDGET_MS = String(TIME_BUDGET_MS);
  process.on('unhandledRejection', onUnhandled);
  t = await startTestApi();
  customer = await t.newCustomer();
});
afterAll(async () => {
  await t.stop();
  process.off('unhandledRejection', onUnhandled);
  delete process.env.GRAPHQL_TIME_BUDGET_MS;
});

describe('time budget per operation', () => {
  it('stops an operation past its budget with TIME_BUDGET_EXCEEDED while /health keeps answering', async () => {
    const order = await insertOrder(t, customer.customerId);
    // A migration-style lock on payments: Order.payments waits on it for as long as the test holds it.
    const locker = new Client({ connectionString: t.app.orm.config.getClientUrl() });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE payment IN ACCESS EXCLUSIVE MODE');
    try {
      const started = Date.now();
      const pending = customer.request(`query ($id: ID!) { order(id: $id) { id payments { id } } }`, { id: order.orderId });
      await new Promise((r) => setTimeout(r, 200));
      const healthStarted = Date.now();
      expect((await fetch(`${t.api.url}/health`, { signal: AbortSignal.timeout(5000) })).status).toBe(200);
      expect(Date.now() - healthStarted).toBeLessThan(1000);
      const result = await Promise.race([pending, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 10 s')), 10_000))]);
      expect(result.errors?.map((e) => e.extensions?.code)).toContain('TIME_BUDGET_EXCEEDED');
      expect(Date.now() - started).toBeLessThan(TIME_BUDGET_MS + 2000);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });
});

describe('time budget and the database', () => {
  async function lockTable(table: string): Promise<Client> {
    const locker = new Client({ connectionString: t.app.orm.config.getClientUrl() });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    return locker;
  }
  async function release(locker: Client): Promise<void> {
    await locker.query('ROLLBACK');
    await locker.end();
  }

  it('gives queries cut off by the budget their database connections back: /health answers after a dozen of them', async () => {
    const order = await insertOrder(t, customer.customerId);
    const locker = await lockTable('payment');
    try {
      // More stuck queries than the pool has connections (10).
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => customer.request(`query ($id: ID!) { order(id: $id) { id payments { id } } }`, { id: order.orderId })),
      );
      for (const answer of answers) expect(answer.errors?.map((e) => e.extensions?.code)).toContain('TIME_BUDGET_EXCEEDED');
      const health = await fetch(`${t.api.url}/health`, { signal: AbortSignal.timeout(TIME_BUDGET_MS * 2) });
      expect(health.status).toBe(200);
    } finally {
      await release(locker);
    }
  });

  it('rolls back a mutation that outlives the budget, so TIME_BUDGET_EXCEEDED means nothing was written and a retry is safe', async () => {
    const order = await insertOrder(t, customer.customerId);
    const locker = new Client({ connectionString: t.app.orm.config.getClientUrl() });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM purchase_order WHERE id = $1 FOR UPDATE', [order.orderId]);
    let answer;
    try {
      answer = await customer.request(
        `mutation ($input: SubmitPaymentInput!) { submitPayment(input: $input) { id } }`,
        { input: { orderId: order.orderId, method: 'ZELLE', amountMinor: 100, reference: 'ZL-1' } },
      );
    } finally {
      await locker.query('COMMIT');
      await locker.end();
    }
    expect(answer.errors?.[0]?.extensions?.code).toBe('TIME_BUDGET_EXCEEDED');
    // Had the transaction gone on waiting for the lock, it would commit now that the lock is free.
    await new Promise((r) => setTimeout(r, 500));
    expect(await t.sql('SELECT id FROM payment WHERE order_id = $1', [order.orderId])).toEqual([]);
  });
});

describe('process faults', () => {
  it('rejects startApi when the port is taken, without leaving job workers or the event relay running', async () => {
    const url = t.app.orm.config.getClientUrl();
    // The connections whose last statement was LISTEN: the event relay's, the principal cache's (auth/principal-cache)
    // and the chat typing channel's.
    // The second instance must not add any.
    const listeners = async () =>
      Number((await t.sql<{ n: string }>(`SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'`))[0]!.n);
    expect(await listeners()).toBe(3);
    const port = Number(new URL(t.api.url).port);
    const config = loadConfig(process.env, { port, host: '127.0.0.1', sweepIntervalSeconds: 3600, logLevel: 'silent' });
    const second = startApi(config, url, pino({ level: 'silent' }));
    await expect(Promise.race([second, new Promise((_, reject) => setTimeout(() => reject(new Error('startApi hung')), 15_000))])).rejects.toThrow(/EADDRINUSE/);
    expect(await listeners()).toBe(3);
  });

  it('survives its database connections being terminated while jobs run, and /health recovers', async () => {
    const jobRuns = Array.from({ length: 6 }, () => t.app.jobs.runNow('whatsapp-dispatch', 20_000).catch(() => undefined));
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 3; i += 1) {
      await t.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      await new Promise((r) => setTimeout(r, 400));
    }
    await Promise.all(jobRuns);
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await fetch(`${t.api.url}/health`)).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    await expect(t.app.jobs.runNow('whatsapp-dispatch', 20_000)).resolves.toBeUndefined();
    expect((await customer.request('{ me { id } }')).errors).toBeUndefined();
    expect(unhandled).toEqual([]);
  });
});
