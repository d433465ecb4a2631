import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EVENT_CHANNEL, EVENT_LOCK_KEY } from '../events/event-bus';
import { Topic } from '../events/topics';
import { notifyUser } from '../modules/notifications/notification.service';
import { transact } from '../shared/transaction';
import { codes, post, postOk } from '../shared/graphql-http';
import { health, subscribe } from './client';
import { deepOrder, fragmentFanOut, LIST_FAN_OUT, NOTIFICATION_FEED, ORDER_WITH_PAYMENTS_AND_TRACKING, shortAliases, SIGN_IN, STAFF_ORDER_LIST } from './documents';
import type { BenchFixture } from './fixture';
import { median, timeEach, wallAndCpu } from './stats';

/** Sequential requests per latency median. */
const SAMPLES = 50;
/** Requests before each series, not counted (connection set-up, JIT, caches). */
const WARM_UP = 5;

/** Median latency (ms) of `SAMPLES` sequential runs of `once`, after a warm-up. */
async function medianLatency(once: () => Promise<unknown>, samples = SAMPLES): Promise<number> {
  await timeEach(WARM_UP, once);
  return median(await timeEach(samples, once));
}

/** Baseline: the customer's order with its payments and tracking events over HTTP (median ms). */
export async function orderBaseline(f: BenchFixture): Promise<number> {
  const once = async () => {
    const data = await postOk<{ order: { payments: unknown[]; trackingEvents: unknown[] } }>(f.api.graphqlUrl, ORDER_WITH_PAYMENTS_AND_TRACKING, { id: f.customer.orderId }, f.customer.token);
    if (data.order.payments.length === 0 || data.order.trackingEvents.length === 0) throw new Error('the baseline order lost its payments or tracking events');
  };
  return medianLatency(once);
}

/** One attack of issue 5: its name, the code that must refuse it, and how long the refusal took (median ms). */
export interface Refusal {
  attack: string;
  code: string;
  medianMs: number;
}

/** Sends each attack document `SAMPLES` times; throws unless every answer is a refusal with the expected code and no data. */
export async function attackRefusals(f: BenchFixture): Promise<Refusal[]> {
  const { graphqlUrl } = f.api;
  const orderId = f.customer.orderId;
  const attacks = [
    { attack: '20-level order { payments { order … } }', code: 'QUERY_TOO_DEEP', query: deepOrder(20), variables: { id: orderId }, token: f.customer.token },
    { attack: '2^18 fragment fan-out', code: 'TOO_MANY_ALIASES', query: fragmentFanOut(18), variables: { id: orderId }, token: f.customer.token },
    { attack: '1,000 short aliases', code: 'QUERY_TOO_LARGE', query: shortAliases(1000), variables: undefined, token: f.customer.token },
    { attack: 'list fan-out over the cost limit (staff)', code: 'QUERY_TOO_COMPLEX', query: LIST_FAN_OUT, variables: undefined, token: f.staffToken },
  ];
  const refusals: Refusal[] = [];
  for (const a of attacks) {
    const once = async () => {
      const answer = await post(graphqlUrl, a.query, a.variables, a.token);
      if (answer.data != null || !codes(answer).includes(a.code)) throw new Error(`${a.attack}: expected ${a.code}, got HTTP ${answer.status} ${JSON.stringify(answer).slice(0, 300)}`);
    };
    refusals.push({ attack: a.attack, code: a.code, medianMs: await medianLatency(once) });
  }
  return refusals;
}

/** The largest staff order page the cost limit allows, and its estimated cost. */
export interface HeaviestList {
  first: number;
  cost: number;
  maximumCost: number;
}

/**
 * Finds the largest `first` of the staff order list within the cost limit. The cost is linear in `first`;
 * the refusals of two pages beyond the limit (100 and 99, which the limit refuses before execution) report
 * their costs, which give the line. Throws if those are not refused (`healthUnderLoad` checks that the page
 * found is answered in full).
 */
export async function heaviestAllowedList(f: BenchFixture): Promise<HeaviestList> {
  const refusedCost = async (first: number) => {
    const answer = await post(f.api.graphqlUrl, STAFF_ORDER_LIST, { first }, f.staffToken);
    const error = answer.errors?.find((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX');
    if (!error) throw new Error(`a staff list of ${first} orders was expected to be over the cost limit: ${JSON.stringify(answer).slice(0, 300)}`);
    return { cost: Number(error.extensions!.cost), maximumCost: Number(error.extensions!.maximumCost) };
  };
  const [at100, at99] = [await refusedCost(100), await refusedCost(99)];
  const perOrder = at100.cost - at99.cost;
  const fixed = at100.cost - 100 * perOrder;
  const first = Math.floor((at100.maximumCost - fixed) / perOrder);
  return { first, cost: fixed + first * perOrder, maximumCost: at100.maximumCost };
}

/** `/health` medians (ms) idle and while the heaviest allowed list runs in a loop, and that list's median. */
export interface HealthUnderLoad {
  idleMs: number;
  loadedMs: number;
  heavyMedianMs: number;
  heavyRuns: number;
}

/**
 * `/health` alone, then while one client requests the heaviest allowed list over and over (each answer
 * checked: a full page, no errors). Throws if the list fails.
 */
export async function healthUnderLoad(f: BenchFixture, heaviest: HeaviestList): Promise<HealthUnderLoad> {
  const idleMs = await medianLatency(() => health(f.api.url));
  const heavy = async () => {
    const data = await postOk<{ orders: { edges: unknown[] } }>(f.api.graphqlUrl, STAFF_ORDER_LIST, { first: heaviest.first }, f.staffToken);
    if (data.orders.edges.length !== heaviest.first) throw new Error(`the heaviest list answered ${data.orders.edges.length} orders, not ${heaviest.first}`);
  };
  await heavy();
  let running = true;
  const heavyTimes: number[] = [];
  // Handled at once (a failure is rethrown below): a loop that died would otherwise be an unhandled rejection.
  const loop = (async () => {
    while (running) heavyTimes.push(...(await timeEach(1, heavy)));
  })().then(
    () => undefined,
    (err: unknown) => err,
  );
  let loadedMs: number;
  try {
    loadedMs = await medianLatency(() => health(f.api.url));
  } finally {
    running = false;
  }
  const failure = await loop;
  if (failure) throw failure;
  return { idleMs, loadedMs, heavyMedianMs: median(heavyTimes), heavyRuns: heavyTimes.length };
}

/** Sign-in attempts of one kind: how many, how fast, and the CPU of this process (API and client) each took. */
export interface SignInBatch {
  attempts: number;
  perSecond: number;
  cpuMsPerAttempt: number;
}

/** Wrong passwords for distinct unknown logins (each hashed), then refused attempts on a blocked account. */
export interface SignInCost {
  hashing: SignInBatch;
  throttled: SignInBatch;
}

const HASHING_ATTEMPTS = 6;
const THROTTLED_ATTEMPTS = 50;

/**
 * Anonymous sign-ins with wrong passwords. Unthrottled: each for a different unknown login, so every one
 * passes the throttle and costs its argon2 checks. Throttled: the customer's login after 5 wrong passwords
 * blocked it, so each is refused (TOO_MANY_ATTEMPTS) before any hashing. CPU is this process's (the API runs
 * here; PostgreSQL's own is not counted). Throws on any other answer.
 */
export async function signInCost(f: BenchFixture): Promise<SignInCost> {
  const attempt = async (login: string, expected: string) => {
    const answer = await post(f.api.graphqlUrl, SIGN_IN, { input: { login, password: 'not-the-password' } });
    if (codes(answer)[0] !== expected) throw new Error(`sign-in as ${login}: expected ${expected}, got ${JSON.stringify(answer).slice(0, 300)}`);
  };
  const batch = async (attempts: number, one: (i: number) => Promise<void>): Promise<SignInBatch> => {
    const { wallMs, cpuMs } = await wallAndCpu(async () => {
      for (let i = 0; i < attempts; i += 1) await one(i);
    });
    return { attempts, perSecond: (attempts * 1000) / wallMs, cpuMsPerAttempt: cpuMs / attempts };
  };
  const run = Date.now().toString(36);
  const hashing = await batch(HASHING_ATTEMPTS, (i) => attempt(`nobody-${run}-${i}`, 'INVALID_CREDENTIALS'));
  for (let i = 0; i < 5; i += 1) await attempt(f.customer.login, 'INVALID_CREDENTIALS');
  await attempt(f.customer.login, 'TOO_MANY_ATTEMPTS');
  const throttled = await batch(THROTTLED_ATTEMPTS, () => attempt(f.customer.login, 'TOO_MANY_ATTEMPTS'));
  return { hashing, throttled };
}

/** Median delivery latency (ms) of an event to a subscriber, without and right after rolled-back event transactions. */
export interface EventDelivery {
  plainMs: number;
  afterRollbacksMs: number;
  rollbacksPerEvent: number;
}

const EVENT_ROUNDS = 15;
const ROLLBACKS = 20;

/** Waits until the API runs its `count`-th subscription, and its listener is attached (throws after 10 s). */
async function subscriptionStarted(f: BenchFixture, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (f.api.subscriptionsStarted() < count) {
    if (Date.now() > deadline) throw new Error('the subscription did not start');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // The hub listener is attached when the server first pulls from the iterator, right after.
  await new Promise((resolve) => setTimeout(resolve, 50));
}

type FeedEvent = { notificationReceived: { cursor: string; notification: { title: string } } };

/**
 * Latency from the start of a committing transaction (a notification for the customer, written by the API's
 * own `transact`) to its arrival on the customer's `notificationReceived` subscription. Then the same, each
 * event preceded by `ROLLBACKS` transactions on another connection that wrote an event row (taking its id)
 * and rolled back; the cursors received must skip those ids, or this throws (the gaps would not be real).
 */
export async function eventDelivery(f: BenchFixture): Promise<EventDelivery> {
  const { app } = f.api;
  const startedBefore = f.api.subscriptionsStarted();
  const feed = subscribe<FeedEvent>(f.api.wsUrl, NOTIFICATION_FEED, f.customer.token);
  const notify = (em: Parameters<typeof notifyUser>[0], title: string) => notifyUser(em, { userId: f.customer.userId, kind: 'BENCHMARK', title: { es: title, en: title }, body: { es: title, en: title } });
  const commitOne = (title: string) => transact({ em: app.orm.em.fork(), app }, async (em) => void notify(em, title));
  // Another instance's event transaction that took its event id (under the event lock, as writeRecordedEvents
  // does) and then failed: its NOTIFY is never sent, and the id stays a gap for good.
  const rollBackOne = async () => {
    await f.sql.query('BEGIN');
    await f.sql.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOCK_KEY]);
    await f.sql.query(`INSERT INTO domain_event (topic, payload, created_at) VALUES ($1, $2, clock_timestamp())`, [
      Topic.NotificationCreated,
      JSON.stringify({ notificationId: randomUUID(), userId: f.customer.userId, at: new Date().toISOString() }),
    ]);
    await f.sql.query(`SELECT pg_notify($1, '')`, [EVENT_CHANNEL]);
    await f.sql.query('ROLLBACK');
  };
  const delivered = async (title: string, started: number) => {
    const event = (await feed.next()).notificationReceived;
    if (event.notification.title !== title) throw new Error(`expected event "${title}", got "${event.notification.title}"`);
    return { ms: performance.now() - started, cursor: BigInt(event.cursor) };
  };
  try {
    await subscriptionStarted(f, startedBefore + 1);
    const plain: number[] = [];
    const afterRollbacks: number[] = [];
    // Alternated, so that the load of other processes on the machine weighs on both alike.
    for (let i = 0; i < EVENT_ROUNDS; i += 1) {
      const t0 = performance.now();
      await commitOne(`plain-${i}`);
      const event = await delivered(`plain-${i}`, t0);
      plain.push(event.ms);
      for (let r = 0; r < ROLLBACKS; r += 1) await rollBackOne();
      const t1 = performance.now();
      await commitOne(`after-gaps-${i}`);
      const afterGaps = await delivered(`after-gaps-${i}`, t1);
      if (afterGaps.cursor - event.cursor <= BigInt(ROLLBACKS)) throw new Error(`the rolled-back transactions left no gap before cursor ${afterGaps.cursor} (previous ${event.cursor})`);
      afterRollbacks.push(afterGaps.ms);
    }
    return { plainMs: median(plain), afterRollbacksMs: median(afterRollbacks), rollbacksPerEvent: ROLLBACKS };
  } finally {
    await feed.close();
  }
}
