import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import type { App } from '../app';
import { signAccessToken } from '../auth/tokens';
import { loadConfig } from '../config';
import { startEmbeddedPostgres } from '../db/embedded';
import { ormOptions } from '../db/orm';
import { recordEvent } from '../events/event-bus';
import { Topic } from '../events/topics';
import { startApi } from '../main';
import { seedDemoData } from '../seed/demo';
import { freePort } from '../shared/free-port';
import { transact } from '../shared/transaction';
import { insertOrders } from './fixture';
import { percentileOrNaN } from './stats';
import { now, type FanoutCommand, type FanoutMessage, type FanoutPlan } from './fanout-worker';

/** What `measureFanout` reports. Latencies from the commit of the event's transaction to its arrival at a client. */
export interface FanoutResult {
  subscribers: number;
  /** Events measured (after one uncounted warm-up event). */
  events: number;
  p50Ms: number;
  p99Ms: number;
  /** Share of (subscriber, event) pairs that arrived within `deadlineMs`, in percent. */
  deliveredPercent: number;
  /** SQL statements the API ran per event, its own transaction included (median over the events). */
  sqlPerEvent: number;
  /** API heap and external memory per open, idle subscription (connection included), in KiB. */
  idleKiBPerSubscriber: number;
  /** Events answered with errors instead of the order, by error code (warm-up included). */
  errors: Record<string, number>;
}

export interface FanoutOptions {
  subscribers: number;
  /** Events measured; default 10. */
  events?: number;
  /** How long an event may take to reach everyone before it counts as not delivered (ms); default 15 000. */
  deadlineMs?: number;
}

/** The staff order feed: every staff member with order:read:any hears of every order. */
const ORDER_FEED = 'subscription FanoutFeed { orderUpdated { cursor order { id number state totalUsdMinor customer { id code } payments { id state } } } }';
/** Staff roles the subscribers get in turn: four visibility classes (permission sets), as in a real back-office. */
const ROLES = ['MASTER', 'SALES', 'SUPPORT', 'SUPERVISOR'];
/** Connections per worker thread: the client side spread over threads so that it is not the bottleneck. */
const PER_WORKER = 2500;

/**
 * Measures the fan-out of order events to `subscribers` staff members, each on a WebSocket connection of
 * their own (one user and one session each, in four permission sets), against an API with default settings
 * except the connection caps, over an embedded PostgreSQL in a temporary folder. The clients run in worker
 * threads. Self-contained: starts and stops everything it uses.
 */
export async function measureFanout(options: FanoutOptions): Promise<FanoutResult> {
  const { subscribers, events = 10, deadlineMs = 15_000 } = options;
  const gc = collector();
  const folder = mkdtempSync(join(tmpdir(), 'morna-fanout-'));
  const stops: (() => Promise<unknown>)[] = [async () => rmSync(folder, { recursive: true, force: true })];
  try {
    const database = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), port: await freePort(), database: 'morna' });
    stops.unshift(database.stop);
    const config = loadConfig(
      { NODE_ENV: 'development', MORNA_DATA_DIR: folder },
      { port: 0, host: '127.0.0.1', logLevel: 'silent', sweepIntervalSeconds: 3600, wsMaxConnectionsPerIp: subscribers + 10, wsMaxConnectionsPerUser: 5 },
    );
    const migrating = await MikroORM.init(ormOptions(database.url, { logger: () => undefined }));
    await migrating.getMigrator().up();
    await migrating.close(true);
    const api = await startApi(config, database.url, pino({ level: 'silent' }));
    stops.unshift(api.stop);
    await seedDemoData(api.app.orm.em.fork());
    const sql = api.app.orm.em.fork().getConnection();
    const [maria] = await sql.execute<{ customer_id: string }[]>("SELECT c.id AS customer_id FROM customer c JOIN app_user u ON u.id = c.user_id WHERE u.username = 'maria'");
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    stops.unshift(() => pg.end());
    const [orderId] = await insertOrders(pg, maria!.customer_id, 1);
    const tokens = await staffTokens(pg, subscribers, config.jwtSecret);

    gc();
    const before = apiMemory();
    const workers: Worker[] = [];
    const inbox: FanoutMessage[] = [];
    let notify: (() => void) | undefined;
    let failure: string | undefined;
    const errorCodes = new Map<string, number>();
    for (let i = 0; i < tokens.length; i += PER_WORKER) {
      const plan: FanoutPlan = { wsUrl: api.wsUrl, query: ORDER_FEED, tokens: tokens.slice(i, i + PER_WORKER) };
      const worker = new Worker(join(__dirname, 'fanout-worker.js'), { workerData: plan });
      worker.on('message', (message: FanoutMessage) => {
        if (message.kind === 'failed') failure ??= message.error;
        else if (message.kind === 'errored') for (const code of message.codes) errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
        else inbox.push(message);
        notify?.();
      });
      worker.on('error', (err) => (failure ??= String(err)));
      workers.push(worker);
      stops.unshift(() => new Promise((resolve) => {
        worker.once('exit', resolve);
        worker.postMessage({ kind: 'close' } satisfies FanoutCommand);
      }));
    }
    const waitFor = async (done: () => boolean, timeoutMs: number, what: string) => {
      const deadline = Date.now() + timeoutMs;
      while (!done()) {
        if (failure) throw new Error(`fan-out subscriber failed: ${failure}`);
        if (Date.now() > deadline) throw new Error(`fan-out: ${what} did not happen within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          notify = resolve;
          setTimeout(resolve, 50);
        });
      }
    };
    await waitFor(() => api.subscriptionsStarted() >= subscribers, 60_000 + subscribers * 20, 'every subscription starting');
    await new Promise((resolve) => setTimeout(resolve, 500));
    gc();
    const idleKiBPerSubscriber = (apiMemory() - before) / subscribers / 1024;

    const knex = api.app.orm.em.getConnection().getKnex();
    let statements = 0;
    knex.on('query', () => void (statements += 1));
    const latencies: number[] = [];
    const sqlCounts: number[] = [];
    let delivered = 0;
    for (let round = 0; round <= events; round += 1) {
      statements = 0;
      const { cursor, committedAt } = await orderChanged(api.app, pg, orderId!, maria!.customer_id);
      for (const worker of workers) worker.postMessage({ kind: 'collect', cursor, expected: Math.min(PER_WORKER, subscribers), deadlineMs: committedAt + deadlineMs } satisfies FanoutCommand);
      const arrived: number[] = [];
      let reports = 0;
      await waitFor(() => {
        for (let m = inbox.shift(); m; m = inbox.shift()) {
          if (m.kind !== 'arrivals' || m.cursor !== cursor) continue;
          reports += 1;
          arrived.push(...m.atMs);
        }
        return reports === workers.length;
      }, deadlineMs + 10_000, `event ${cursor} reaching the subscribers`);
      await api.app.relay.drain();
      // The first event warms the caches and compiled code up; not counted.
      if (round === 0) continue;
      latencies.push(...arrived.map((at) => at - committedAt));
      delivered += arrived.length;
      sqlCounts.push(statements);
    }
    return {
      subscribers,
      events,
      p50Ms: percentileOrNaN(latencies, 50),
      p99Ms: percentileOrNaN(latencies, 99),
      deliveredPercent: (100 * delivered) / (subscribers * events),
      sqlPerEvent: [...sqlCounts].sort((a, b) => a - b)[Math.floor(sqlCounts.length / 2)]!,
      idleKiBPerSubscriber,
      errors: Object.fromEntries(errorCodes),
    };
  } finally {
    for (const stop of stops) await stop();
  }
}

/**
 * `count` staff users, each with one open session and an access token for it, in the roles of `ROLES` in turn;
 * written straight to the database (signing in thousands of times would hash thousands of passwords).
 */
async function staffTokens(pg: Client, count: number, secret: string): Promise<string[]> {
  const { rows } = await pg.query<{ user_id: string; session_id: string }>(
    `WITH users AS (
       INSERT INTO app_user (id, username, display_name, password_hash, kind, roles, active, created_at)
       SELECT gen_random_uuid(), 'fanout_' || g, 'Fan-out ' || g, (SELECT password_hash FROM app_user WHERE username = 'master'), 'STAFF',
              ARRAY[($2::text[])[1 + g % array_length($2::text[], 1)]], true, now()
       FROM generate_series(1, $1::int) g RETURNING id)
     INSERT INTO auth_session (id, user_id, created_at) SELECT gen_random_uuid(), id, now() FROM users RETURNING user_id, id AS session_id`,
    [count, ROLES],
  );
  return Promise.all(rows.map((r) => signAccessToken({ userId: r.user_id, sessionId: r.session_id }, secret, 3600)));
}

/** Records an ORDER_CHANGED event in a transaction of its own; returns its cursor (read over `pg`, not counted) and when it committed. */
async function orderChanged(app: App, pg: Client, orderId: string, customerId: string): Promise<{ cursor: string; committedAt: number }> {
  await transact({ em: app.orm.em.fork(), app }, async (em) => {
    recordEvent(em, Topic.OrderChanged, { orderId, customerId, state: 'PENDING_PAYMENT', previousState: 'PENDING_PAYMENT', at: new Date().toISOString() });
  });
  const committedAt = now();
  const { rows } = await pg.query<{ id: string }>("SELECT max(id)::text AS id FROM domain_event WHERE topic = 'ORDER_CHANGED'");
  return { cursor: rows[0]!.id, committedAt };
}

/** The API's memory that grows with connections: this thread's JS heap and the buffers outside it. */
function apiMemory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** A full garbage collection, to measure memory still held. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

/** `node api/dist/api/src/bench/fanout.js [subscribers…]`: one line of JSON per count (default 100 1000 5000). */
async function main(): Promise<void> {
  const counts = process.argv.slice(2).map(Number);
  for (const subscribers of counts.length > 0 ? counts : [100, 1000, 5000]) {
    console.log(JSON.stringify(await measureFanout({ subscribers })));
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
