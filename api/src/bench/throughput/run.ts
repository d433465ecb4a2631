import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { repoRoot } from '../../config';
import { startEmbeddedPostgres } from '../../db/embedded';
import { ormOptions } from '../../db/orm';
import { EVENT_CHANNEL, EVENT_LOCK_KEY } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { DEMO_PASSWORD, seedDemoData } from '../../seed/demo';
import { freePort } from '../../shared/free-port';
import { postOk } from '../../shared/graphql-http';
import { SIGN_IN } from '../documents';
import { seedOrders } from '../seed-orders';
import { markdownTable, percentile } from '../stats';
import { MY_ORDERS, ORDER_FEED, ORDER_FULL, ORDER_MINIMAL, PUBLIC_TRACKING, requestBody, STAFF_ORDERS } from './documents';
import type { LoadOutcome, LoadSpec } from './load-process';
import { startServerProcess, type ServerProcess } from './server-process';
import { SubscriberPool } from './subscriber-pool';
import { monotonicMs } from './subscribers';

/** Settings, from the environment (see `settings`). */
interface Settings {
  orders: number;
  trackingPerOrder: number;
  durationSeconds: number;
  warmUpSeconds: number;
  connections: number;
  subscribers: number[];
  eventsPerSize: number;
  /** Events sent to each size's subscribers before the measured ones (code paths warmed, the subscriptions' set-up garbage collected). */
  warmUpEvents: number;
  /** Child processes the fan-out's subscribers are spread over (BENCH_SUBSCRIBER_PROCESSES). */
  subscriberProcesses: number;
  databaseUrl?: string;
  cpuProfile: boolean;
  /** Operation names (e.g. BenchOrderFull) whose throughput is measured; all when empty. */
  only: string[];
}

function settings(env: NodeJS.ProcessEnv, argv: string[]): Settings {
  const int = (name: string, fallback: number) => {
    const value = env[name] === undefined ? fallback : Number(env[name]);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not "${env[name]}"`);
    return value;
  };
  return {
    orders: int('BENCH_ORDERS', 1000),
    trackingPerOrder: int('BENCH_TRACKING_PER_ORDER', 20),
    durationSeconds: int('BENCH_DURATION_SECONDS', 8),
    warmUpSeconds: int('BENCH_WARM_UP_SECONDS', 2),
    connections: int('BENCH_CONNECTIONS', 10),
    // Empty (BENCH_SUBSCRIBERS=): no fan-out, e.g. to profile requests alone.
    subscribers: (env.BENCH_SUBSCRIBERS ?? '100,1000,5000').split(',').map((n) => n.trim()).filter(Boolean).map((n) => {
      const count = Number(n);
      if (!Number.isSafeInteger(count) || count < 1) throw new Error(`BENCH_SUBSCRIBERS must list whole numbers of at least 1, not "${n}"`);
      return count;
    }),
    eventsPerSize: int('BENCH_EVENTS', 10),
    warmUpEvents: env.BENCH_WARM_UP_EVENTS === '0' ? 0 : int('BENCH_WARM_UP_EVENTS', 2),
    subscriberProcesses: int('BENCH_SUBSCRIBER_PROCESSES', 1),
    databaseUrl: env.BENCH_DATABASE_URL || undefined,
    cpuProfile: argv.includes('--cpu-prof') || env.BENCH_CPU_PROF === '1',
    only: (env.BENCH_ONLY ?? '').split(',').map((n) => n.trim()).filter(Boolean),
  };
}

/** One operation both servers answer. */
interface Operation {
  name: string;
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
  token?: string;
}

interface ThroughputRow {
  operation: string;
  server: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  requests: number;
}

interface FanOutRow {
  subscribers: number;
  server: string;
  p50Ms: number;
  p99Ms: number;
  deliveredPercent: number;
  /** Subscribers that received the event as errors (e.g. TIME_BUDGET_EXCEEDED), percent. */
  erroredPercent: number;
  firstError?: unknown;
  statementsPerEvent: number;
  /** CPU the server process spent per event, ms (load on the machine barely changes it, unlike latency). */
  serverCpuMsPerEvent: number;
  /** CPU the subscriber processes spent per event reading and timing the frames, ms. */
  subscribersCpuMsPerEvent: number;
  heapBytesPerSubscriber: number;
  rssBytesPerSubscriber: number;
}

const SEQUENTIAL_REQUESTS = 10;

async function send(server: ServerProcess, op: Operation): Promise<string> {
  const response = await fetch(server.graphqlUrl, { method: 'POST', headers: headersOf(op), body: requestBody(op.operationName, op.query, op.variables) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${server.name} answered ${op.name} with HTTP ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

function headersOf(op: Operation): Record<string, string> {
  return { 'content-type': 'application/json', ...(op.token ? { authorization: `Bearer ${op.token}` } : {}) };
}

/** Throws, showing where, unless both servers answer `op` with the same bytes and without errors. */
async function sameAnswers(servers: ServerProcess[], op: Operation): Promise<string> {
  const [first, ...others] = await Promise.all(servers.map((s) => send(s, op)));
  if (!first!.startsWith('{"data":') || first!.includes('"errors"')) throw new Error(`${servers[0]!.name} answered ${op.name} with errors: ${first!.slice(0, 500)}`);
  others.forEach((text, i) => {
    if (text === first) return;
    let at = 0;
    while (text[at] === first![at]) at += 1;
    throw new Error(
      `${op.name}: ${servers[i + 1]!.name} and ${servers[0]!.name} answer differently at byte ${at}:\n  ${servers[0]!.name}: …${first!.slice(Math.max(0, at - 80), at + 120)}\n  ${servers[i + 1]!.name}: …${text.slice(Math.max(0, at - 80), at + 120)}`,
    );
  });
  return first!;
}

/** Runs autocannon in its own process against `server` and returns its outcome. */
function load(server: ServerProcess, op: Operation, expectBody: string, connections: number, durationSeconds: number): Promise<LoadOutcome> {
  const child = fork(join(__dirname, 'load-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const spec: LoadSpec = { url: server.graphqlUrl, headers: headersOf(op), body: requestBody(op.operationName, op.query, op.variables), expectBody, connections, durationSeconds };
  return new Promise((resolve, reject) => {
    child.once('message', (outcome: LoadOutcome) => resolve(outcome));
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
    child.send(spec);
  });
}

/** Requests per second, latency and CPU per request of `server` answering `op` under fixed-concurrency load. */
async function throughput(server: ServerProcess, op: Operation, expectBody: string, s: Settings): Promise<ThroughputRow> {
  await load(server, op, expectBody, s.connections, s.warmUpSeconds);
  const before = await server.stats();
  const outcome = await load(server, op, expectBody, s.connections, s.durationSeconds);
  const after = await server.stats();
  if (outcome.requests === 0) throw new Error(`${server.name}: no ${op.name} request completed in ${s.durationSeconds} s (raise BENCH_DURATION_SECONDS)`);
  if (outcome.failures > 0) throw new Error(`${server.name}: ${outcome.failures} of ${outcome.requests} ${op.name} requests failed or answered other bytes`);
  return {
    operation: op.name,
    server: server.name,
    requestsPerSecond: outcome.requests / outcome.durationSeconds,
    p50Ms: outcome.p50Ms,
    p99Ms: outcome.p99Ms,
    cpuMsPerRequest: (after.cpuMicros - before.cpuMicros) / 1000 / outcome.requests,
    requests: outcome.requests,
  };
}

/** SQL statements `server` sends per request of `op` (mean of sequential requests). */
async function statementsPerRequest(server: ServerProcess, op: Operation): Promise<number> {
  await send(server, op);
  const before = await server.stats();
  for (let i = 0; i < SEQUENTIAL_REQUESTS; i += 1) await send(server, op);
  const after = await server.stats();
  return (after.statements - before.statements) / SEQUENTIAL_REQUESTS;
}

/** Commits one change of `orderId` as Morna's services do: the row, an ORDER_CHANGED event under the event lock, NOTIFY. Returns when COMMIT was sent (`monotonicMs`). */
async function commitOrderChange(sql: Client, orderId: string): Promise<number> {
  await sql.query('BEGIN');
  const [order] = (await sql.query<{ customer_id: string; state: string }>('UPDATE purchase_order SET state_changed_at = clock_timestamp() WHERE id = $1 RETURNING customer_id, state', [orderId])).rows;
  await sql.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOCK_KEY]);
  await sql.query('INSERT INTO domain_event (topic, payload, created_at) VALUES ($1, $2, clock_timestamp())', [
    Topic.OrderChanged,
    JSON.stringify({ orderId, customerId: order!.customer_id, state: order!.state, previousState: order!.state, at: new Date().toISOString() }),
  ]);
  await sql.query(`SELECT pg_notify('${EVENT_CHANNEL}', '')`);
  const committedAt = monotonicMs();
  await sql.query('COMMIT');
  return committedAt;
}

/** `count` graphql-ws subscribers of `server`'s order feed: commit→client latency, delivery, statements per event, memory per idle subscriber. */
async function fanOut(server: ServerProcess, sql: Client, orderId: string, token: string, count: number, s: Settings): Promise<FanOutRow & { payload: unknown }> {
  const idle = await server.stats();
  const pool = await SubscriberPool.open({ wsUrl: server.wsUrl, token, query: ORDER_FEED, count }, s.subscriberProcesses);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await pool.close();
    // Let the server notice the closed sockets before its memory is read.
    await new Promise((r) => setTimeout(r, 1000));
  };
  try {
    const deadline = Date.now() + 60_000;
    while ((await server.stats()).subscriptions < idle.subscriptions + count) {
      if (Date.now() > deadline) throw new Error(`${server.name}: ${count} subscriptions did not all start within a minute`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const subscribed = await server.stats(true);
    const latencies: number[] = [];
    let delivered = 0;
    let errored = 0;
    let firstError: unknown;
    let payload: unknown;
    let subscribersCpuMs = 0;
    /** One order change, and when each subscriber received it. */
    const round = async () => {
      pool.expect(30_000);
      // Let the children take the `expect` before the event can reach them.
      await new Promise((r) => setTimeout(r, 50));
      const committedAt = await commitOrderChange(sql, orderId);
      return { committedAt, arrivals: await pool.arrivals() };
    };
    for (let i = 0; i < s.warmUpEvents; i += 1) await round();
    const before = await server.stats();
    for (let i = 0; i < s.eventsPerSize; i += 1) {
      const { committedAt, arrivals } = await round();
      latencies.push(...arrivals.atMs.map((at) => at - committedAt));
      delivered += arrivals.atMs.length;
      errored += arrivals.errors;
      subscribersCpuMs += arrivals.cpuMs;
      firstError ??= arrivals.firstError;
      payload ??= arrivals.payload;
    }
    // Anything the server still does for these events (late reads) is counted too.
    await new Promise((r) => setTimeout(r, 500));
    const after = await server.stats();
    await close();
    // Idle memory is measured once these subscribers are gone: the same process state, less them.
    const gone = await server.stats(true);
    return {
      subscribers: count,
      server: server.name,
      p50Ms: latencies.length ? percentile(latencies, 50) : NaN,
      p99Ms: latencies.length ? percentile(latencies, 99) : NaN,
      deliveredPercent: (100 * delivered) / (count * s.eventsPerSize),
      erroredPercent: (100 * errored) / (count * s.eventsPerSize),
      firstError,
      statementsPerEvent: (after.statements - before.statements) / s.eventsPerSize,
      serverCpuMsPerEvent: (after.cpuMicros - before.cpuMicros) / 1000 / s.eventsPerSize,
      subscribersCpuMsPerEvent: subscribersCpuMs / s.eventsPerSize,
      heapBytesPerSubscriber: (subscribed.heapUsedBytes - gone.heapUsedBytes) / count,
      rssBytesPerSubscriber: (subscribed.rssBytes - gone.rssBytes) / count,
      payload,
    };
  } finally {
    await close();
  }
}

/** Applies the migrations without MikroORM's progress lines, and the demo data. */
async function migrateAndSeedDemo(url: string): Promise<void> {
  const orm = await MikroORM.init(ormOptions(url, { logger: () => undefined }));
  try {
    await orm.getMigrator().up();
    await seedDemoData(orm.em.fork());
  } finally {
    await orm.close(true);
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => (Number.isNaN(n) ? '—' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const ratio = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)}×`;

/**
 * `npm run bench`: issue 8's throughput table. Morna in production mode and a hand-written baseline
 * (node:http + pg, named statements) answer the same operations with the same bytes over the same seeded
 * database, each in its own process (CPU per request is that process's), under autocannon (its own process)
 * at fixed concurrency; then SQL statements per request and page size; then order-update fan-out to
 * graphql-ws subscribers against a bare graphql-ws server. Writes bench-results/throughput.{json,md} and
 * prints the Markdown. Settings: BENCH_ORDERS, BENCH_TRACKING_PER_ORDER, BENCH_DURATION_SECONDS,
 * BENCH_WARM_UP_SECONDS, BENCH_CONNECTIONS, BENCH_SUBSCRIBERS (e.g. 100,1000,5000; empty: no fan-out), BENCH_EVENTS, BENCH_WARM_UP_EVENTS,
 * BENCH_SUBSCRIBER_PROCESSES (child processes holding the subscribers' sockets, default 1),
 * BENCH_DATABASE_URL (a database `npm run bench:seed-large` filled; nothing is seeded), BENCH_ONLY (operation
 * names whose throughput is measured, e.g. BenchOrderFull: a profile of one operation), `--cpu-prof` (the
 * Morna process's CPU profile into bench-results/). Exits 1 when any step fails or the answers differ.
 */
async function main(): Promise<void> {
  const s = settings(process.env, process.argv.slice(2));
  const started = performance.now();
  const results = join(repoRoot, 'bench-results');
  mkdirSync(results, { recursive: true });
  const folder = mkdtempSync(join(tmpdir(), 'morna-throughput-'));
  const stops: (() => Promise<unknown>)[] = [async () => rmSync(folder, { recursive: true, force: true })];
  try {
    let url = s.databaseUrl;
    if (!url) {
      const database = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), port: await freePort(), database: 'morna' });
      stops.unshift(database.stop);
      url = database.url;
      await migrateAndSeedDemo(url);
      const seedSql = new Client({ connectionString: url });
      await seedSql.connect();
      const seedStarted = performance.now();
      await seedOrders(seedSql, { orders: s.orders, trackingPerOrder: s.trackingPerOrder, customers: Math.max(1, Math.floor(s.orders / 10)) });
      await seedSql.end();
      console.log(`seeded ${fmt(s.orders)} orders × ${s.trackingPerOrder} tracking events in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    }
    const sql = new Client({ connectionString: url });
    await sql.connect();
    stops.unshift(() => sql.end());
    const [counts] = (await sql.query<{ orders: number; events: number }>('SELECT (SELECT count(*) FROM purchase_order)::int AS orders, (SELECT count(*) FROM tracking_event)::int AS events')).rows;

    const jwtSecret = randomBytes(32).toString('hex');
    const cpuProfileDir = s.cpuProfile ? results : undefined;
    const morna = await startServerProcess('Morna', 'morna-server.js', {
      NODE_ENV: 'production',
      JWT_SECRET: jwtSecret,
      API_KEY_PEPPER: randomBytes(32).toString('hex'),
      DATABASE_URL: url,
      MORNA_DATA_DIR: folder,
      THROTTLE_EXEMPT_IPS: '127.0.0.1,::1,::ffff:127.0.0.1',
      // Thousands of subscribers of one staff user from one address: the per-user and per-IP caps would refuse them.
      WS_MAX_CONNECTIONS_PER_USER: '100000',
      WS_MAX_CONNECTIONS_PER_IP: '100000',
    }, cpuProfileDir);
    stops.unshift(() => morna.stop());
    const raw = await startServerProcess('raw', 'raw-server.js', { DATABASE_URL: url, JWT_SECRET: jwtSecret });
    stops.unshift(() => raw.stop());

    const signIn = async (login: string) => (await postOk<{ signIn: { accessToken: string } }>(morna.graphqlUrl, SIGN_IN, { input: { login, password: DEMO_PASSWORD } })).signIn.accessToken;
    const [maria, master] = [await signIn('maria'), await signIn('master')];
    const [order] = (await sql.query<{ id: string; number: string; code: string }>(
      `SELECT o.id, o.number, c.code FROM purchase_order o JOIN customer c ON c.id = o.customer_id JOIN app_user u ON u.id = c.user_id
       WHERE u.username = 'maria' AND o.number LIKE 'PO-B%' ORDER BY o.created_at DESC LIMIT 1`,
    )).rows;
    if (!order) throw new Error('no seeded order of maria in the database (run npm run bench:seed-large for BENCH_DATABASE_URL)');

    const operations: Operation[] = [
      { name: `order(id) full: payments, packages, ${s.trackingPerOrder} tracking events`, operationName: 'BenchOrderFull', query: ORDER_FULL, variables: { id: order.id }, token: maria },
      { name: 'order(id) minimal { number state }', operationName: 'BenchOrderMinimal', query: ORDER_MINIMAL, variables: { id: order.id }, token: maria },
      { name: 'staff orders(first: 50) with nested lists', operationName: 'BenchStaffOrders', query: STAFF_ORDERS, variables: { first: 50 }, token: master },
      { name: 'myOrders(first: 20)', operationName: 'BenchMyOrders', query: MY_ORDERS, variables: { first: 20 }, token: maria },
      { name: 'publicTracking(number, secondFactor)', operationName: 'BenchPublicTracking', query: PUBLIC_TRACKING, variables: { number: order.number, secondFactor: order.code } },
    ];
    const pages: Operation[] = [1, 10, 100].map((first) => ({
      name: `staff orders(first: ${first})`, operationName: 'BenchStaffOrders', query: STAFF_ORDERS, variables: { first }, token: master,
    }));

    // Identical bytes first: a faster baseline that answers something else would prove nothing.
    const expected = new Map<Operation, string>();
    for (const op of [...operations, ...pages]) expected.set(op, await sameAnswers([morna, raw], op));
    console.log(`both servers answer the ${operations.length + pages.length} operations with identical bytes`);

    const throughputRows: ThroughputRow[] = [];
    for (const op of operations.filter((o) => s.only.length === 0 || s.only.includes(o.operationName))) {
      for (const server of [morna, raw]) {
        const row = await throughput(server, op, expected.get(op)!, s);
        throughputRows.push(row);
        console.log(`  ${op.name} — ${server.name}: ${fmt(row.requestsPerSecond)} req/s, p50 ${ms(row.p50Ms)} ms, p99 ${ms(row.p99Ms)} ms, ${ms(row.cpuMsPerRequest)} ms CPU/request`);
      }
    }
    const statementRows: { operation: string; morna: number; raw: number }[] = [];
    for (const op of [...operations, ...pages]) statementRows.push({ operation: op.name, morna: await statementsPerRequest(morna, op), raw: await statementsPerRequest(raw, op) });
    await raw.stop();

    const bare = await startServerProcess('bare graphql-ws', 'bare-ws-server.js', { DATABASE_URL: url });
    stops.unshift(() => bare.stop());
    const fanOutRows: FanOutRow[] = [];
    for (const count of s.subscribers) {
      for (const server of [morna, bare]) {
        const { payload, ...row } = await fanOut(server, sql, order.id, master, count, s);
        const update = (payload as { data?: { orderUpdated?: { cursor?: unknown; order?: { id?: string } } } })?.data?.orderUpdated;
        if (row.deliveredPercent > 0 && (!update?.cursor || update.order?.id !== order.id)) throw new Error(`${server.name}: the subscribers received another payload: ${JSON.stringify(payload)}`);
        fanOutRows.push(row);
        console.log(`  ${count} subscribers — ${server.name}: p50 ${ms(row.p50Ms)} ms, p99 ${ms(row.p99Ms)} ms, ${row.deliveredPercent.toFixed(1)} % delivered, ${row.erroredPercent.toFixed(1)} % errors, ${row.statementsPerEvent.toFixed(1)} statements/event, ${ms(row.serverCpuMsPerEvent)} ms server CPU/event, ${ms(row.subscribersCpuMsPerEvent)} ms subscribers' CPU/event${row.firstError ? ` (first error: ${JSON.stringify(row.firstError).slice(0, 200)})` : ''}`);
      }
    }

    const markdown = report(s, counts!, throughputRows, statementRows, fanOutRows, (performance.now() - started) / 1000);
    writeFileSync(join(results, 'throughput.md'), markdown);
    writeFileSync(join(results, 'throughput.json'), JSON.stringify({ settings: s, database: counts, node: process.version, cpus: cpus().length, throughput: throughputRows, statements: statementRows, fanOut: fanOutRows }, null, 2));
    console.log(`\n${markdown}`);
  } finally {
    for (const stop of stops) await stop().catch((err: unknown) => console.error('stopping failed:', err));
  }
}

function report(
  s: Settings,
  counts: { orders: number; events: number },
  rows: ThroughputRow[],
  statements: { operation: string; morna: number; raw: number }[],
  fanOut: FanOutRow[],
  seconds: number,
): string {
  const byOperation = new Map<string, ThroughputRow[]>();
  for (const row of rows) byOperation.set(row.operation, [...(byOperation.get(row.operation) ?? []), row]);
  const throughputTable = markdownTable(
    ['operation', 'Morna req/s', 'raw req/s', 'Morna ÷ raw', 'Morna p50 / p99 ms', 'raw p50 / p99 ms', 'Morna CPU ms/req', 'raw CPU ms/req', 'CPU Morna ÷ raw'],
    [...byOperation.entries()].map(([operation, [m, r]]) => [
      operation, fmt(m!.requestsPerSecond), fmt(r!.requestsPerSecond), ratio(m!.requestsPerSecond / r!.requestsPerSecond),
      `${ms(m!.p50Ms)} / ${ms(m!.p99Ms)}`, `${ms(r!.p50Ms)} / ${ms(r!.p99Ms)}`, ms(m!.cpuMsPerRequest), ms(r!.cpuMsPerRequest), ratio(m!.cpuMsPerRequest / r!.cpuMsPerRequest),
    ]),
  );
  const statementTable = markdownTable(['operation', 'Morna statements/req', 'raw statements/req'], statements.map((r) => [r.operation, fmt(r.morna, 1), fmt(r.raw, 1)]));
  const fanOutTable = markdownTable(
    ['subscribers', 'server', 'commit→client p50 ms', 'p99 ms', 'delivered', 'errors instead', 'SQL statements/event', 'server CPU ms/event', 'subscribers\' CPU ms/event', 'heap per idle subscriber', 'RSS per idle subscriber'],
    fanOut.map((r) => [fmt(r.subscribers), r.server, ms(r.p50Ms), ms(r.p99Ms), `${r.deliveredPercent.toFixed(1)} %`, `${r.erroredPercent.toFixed(1)} %`, fmt(r.statementsPerEvent, 1), ms(r.serverCpuMsPerEvent), ms(r.subscribersCpuMsPerEvent),
      `${fmt(r.heapBytesPerSubscriber / 1024, 1)} KiB`, `${fmt(r.rssBytesPerSubscriber / 1024, 1)} KiB`]),
  );
  return [
    `# Morna throughput — ${new Date().toISOString()}`,
    '',
    `Node ${process.version}, ${cpus().length} CPUs; ${fmt(counts.orders)} orders, ${fmt(counts.events)} tracking events${s.databaseUrl ? ' (BENCH_DATABASE_URL)' : ' (embedded PostgreSQL, seeded by the run)'}.`,
    `Load: autocannon in its own process, ${s.connections} connections, ${s.durationSeconds} s per server and operation after ${s.warmUpSeconds} s of warm-up.`,
    'Morna runs with NODE_ENV=production; "raw" is node:http + pg with named statements answering the same bytes. CPU is each server process\'s own (process.cpuUsage), PostgreSQL not counted.',
    '',
    '## Requests',
    '',
    throughputTable,
    '',
    `## SQL statements per request (mean of ${SEQUENTIAL_REQUESTS} sequential requests, every pg query call counted in the server process)`,
    '',
    statementTable,
    '',
    `## Order-update fan-out (${s.eventsPerSize} events per size after ${s.warmUpEvents} unmeasured; staff orderUpdated over graphql-ws, one connection per subscriber, the subscribers spread over ${s.subscriberProcesses} process(es) timing each frame as it arrives; an event not received within 30 s is not delivered)`,
    '',
    fanOutTable,
    '',
    `Run took ${seconds.toFixed(0)} s.`,
    '',
  ].join('\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('benchmark failed:', err);
    process.exit(1);
  },
);
