import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { EVENT_LISTENER_NAME } from '../../api/src/events/event-relay';
import { notifyUser } from '../../api/src/modules/notifications/notification.service';
import { transact } from '../../api/src/shared/transaction';
import { loadConfig } from '../../api/src/config';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';

const Feed = 'subscription RelayFeed { notificationReceived { cursor notification { id title } } }';
type FeedEvent = { notificationReceived: { cursor: string; notification: { id: string; title: string } } };

let t: TestApi;
let ana: TestCustomer;
beforeAll(async () => {
  // Writers here wait up to 5 s for the event lock: longer than the default statement timeout allows.
  const defaults = loadConfig();
  t = await startTestApi({ graphql: { ...defaults.graphql, timeBudgetMs: 20_000 } });
  ana = await t.newCustomer();
});
afterAll(async () => {
  await t.stop();
});

/**
 * What another API instance does when it notifies `userId`: the notification and its event in one
 * transaction, the event under the event lock, NOTIFY at commit; `extraSql` runs in that transaction too.
 */
async function notifyFromElsewhere(api: TestApi, userId: string, title: string, extraSql?: string): Promise<void> {
  const id = randomUUID();
  await api.sql('BEGIN');
  await api.sql(`INSERT INTO notification (id, recipient_id, kind, title, body, data, created_at) VALUES ($1, $2, 'RELAY_TEST', $3, $3, '{}', now())`, [id, userId, title]);
  await api.sql('SELECT pg_advisory_xact_lock(7418500001)');
  await api.sql(`INSERT INTO domain_event (topic, payload, created_at) VALUES ('NOTIFICATION_CREATED', $1, clock_timestamp())`, [
    JSON.stringify({ notificationId: id, userId, at: new Date().toISOString() }),
  ]);
  if (extraSql) await api.sql(extraSql);
  await api.sql(`SELECT pg_notify('morna_events', '')`);
  await api.sql('COMMIT');
}

/** Notifies ana in its own committed transaction, as any service does. */
function notifyAna(title: string): Promise<unknown> {
  return transact({ em: t.app.orm.em.fork(), app: t.app }, async (em) => {
    notifyUser(em, { userId: ana.userId, kind: 'RELAY_TEST', title: { es: title, en: title }, body: { es: title, en: title } });
  });
}

/** Advisory locks of this database: the event lock held (granted) and the transactions waiting for it. */
async function eventLock(): Promise<{ held: number; waiting: number }> {
  const [row] = await t.sql<{ held: string; waiting: string }>(
    `SELECT count(*) FILTER (WHERE granted)::text AS held, count(*) FILTER (WHERE NOT granted)::text AS waiting
       FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return { held: Number(row!.held), waiting: Number(row!.waiting) };
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('event relay', () => {
  it('delivers every committed event exactly once in commit order when another instance holds an event id for 5 s before committing', async () => {
    const feed = ana.subscribe<FeedEvent, unknown>(Feed);
    await feed.ready;
    await notifyAna('before');
    // Another instance's transaction: the notification, the event lock, its event row and NOTIFY, then 5 s of
    // work before COMMIT. Its event id is taken, and not yet visible, for those 5 s.
    const other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
    const id = randomUUID();
    await other.query('BEGIN');
    await other.query(`INSERT INTO notification (id, recipient_id, kind, title, body, data, created_at) VALUES ($1, $2, 'RELAY_TEST', 'slow', 'slow', '{}', now())`, [id, ana.userId]);
    await other.query('SELECT pg_advisory_xact_lock(7418500001)');
    await other.query(`INSERT INTO domain_event (topic, payload, created_at) VALUES ('NOTIFICATION_CREATED', $1, clock_timestamp())`, [
      JSON.stringify({ notificationId: id, userId: ana.userId, at: new Date().toISOString() }),
    ]);
    await other.query(`SELECT pg_notify('morna_events', '')`);
    const slow = other.query('SELECT pg_sleep(5)').then(() => other.query('COMMIT'));
    // Meanwhile this instance commits three events, one after another, each queued behind the event lock.
    const fast: Promise<unknown>[] = [];
    for (const [i, title] of ['fast-1', 'fast-2', 'fast-3'].entries()) {
      fast.push(notifyAna(title));
      await until(async () => (await eventLock()).waiting === i + 1, `${title} waits for the event lock`);
    }
    await slow;
    await other.end();
    await Promise.all(fast);
    await notifyAna('after');
    const received: FeedEvent['notificationReceived'][] = [];
    for (let i = 0; i < 6; i += 1) received.push((await feed.next(10000)).notificationReceived);
    expect(received.map((e) => e.notification.title)).toEqual(['before', 'slow', 'fast-1', 'fast-2', 'fast-3', 'after']);
    const cursors = received.map((e) => BigInt(e.cursor));
    expect([...cursors].sort((a, b) => (a < b ? -1 : 1))).toEqual(cursors);
    await t.settle();
    expect(feed.pending()).toEqual([]);
    feed.close();
  });

  it('delivers promptly after 20 event transactions rolled back after taking their ids, one gap after another', async () => {
    const feed = ana.subscribe<FeedEvent, unknown>(Feed);
    await feed.ready;
    const started = Date.now();
    for (let i = 0; i < 20; i += 1) {
      // A transaction that wrote its event under the event lock (its id taken) and then rolled back.
      await t.sql('BEGIN');
      await t.sql('SELECT pg_advisory_xact_lock(7418500001)');
      await t.sql(`INSERT INTO domain_event (topic, payload, created_at) VALUES ('ALERT_RAISED', $1, clock_timestamp())`, [
        JSON.stringify({ alertId: '00000000-0000-4000-8000-000000000000', at: new Date().toISOString() }),
      ]);
      await t.sql(`SELECT pg_notify('morna_events', '')`);
      await t.sql('ROLLBACK');
      await notifyAna(`after-gap-${i}`);
    }
    const received: FeedEvent['notificationReceived'][] = [];
    for (let i = 0; i < 20; i += 1) received.push((await feed.next(10000)).notificationReceived);
    const elapsedMs = Date.now() - started;
    expect(received.map((e) => e.notification.title)).toEqual(Array.from({ length: 20 }, (_, i) => `after-gap-${i}`));
    // Each delivered event follows a rolled-back id: the gaps are real.
    for (let i = 1; i < 20; i += 1) expect(BigInt(received[i]!.cursor) - BigInt(received[i - 1]!.cursor)).toBe(2n);
    // Generous: the old 3 s wait per gap took a minute here.
    expect(elapsedMs).toBeLessThan(10000);
    feed.close();
  });

  it('retries a subscription read that fails (database blip) instead of losing the event', async () => {
    const feed = ana.subscribe<FeedEvent, unknown>(Feed);
    await feed.ready;
    // The principal read for the event waits on a lock; its connection is then terminated (57P01), as in a
    // database restart, and the read is retried once the lock is gone.
    const locker = new Client({ connectionString: t.databaseUrl });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE auth_session IN ACCESS EXCLUSIVE MODE');
    await notifyFromElsewhere(t, ana.userId, 'during-blip');
    const blocked = () =>
      t.sql<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%auth_session%'`,
      );
    await until(async () => (await blocked()).length > 0, 'the principal read waits on the lock');
    for (const { pid } of await blocked()) await t.sql('SELECT pg_terminate_backend($1)', [pid]);
    await locker.query('COMMIT');
    await locker.end();
    expect((await feed.next(10000)).notificationReceived.notification.title).toBe('during-blip');
    feed.close();
  });
});

describe('event listener', () => {
  let slow: TestApi;
  beforeAll(async () => {
    // Polling once an hour: only NOTIFY can bring another instance's events in time.
    slow = await startTestApi({ eventPollSeconds: 3600 });
  });
  afterAll(async () => {
    await slow.stop();
  });

  it('publishes its own commits at once, handed over by their writer (it skips their NOTIFY), also one nested in an outer transaction', async () => {
    const cleo = await slow.newCustomer();
    const feed = cleo.subscribe<FeedEvent, unknown>(Feed);
    await feed.ready;
    const notifyCleo = (em: EntityManager, title: string) =>
      transact({ em, app: slow.app }, async (inner) => {
        notifyUser(inner, { userId: cleo.userId, kind: 'RELAY_TEST', title: { es: title, en: title }, body: { es: title, en: title } });
      });
    await notifyCleo(slow.app.orm.em.fork(), 'own');
    expect((await feed.next(5000)).notificationReceived.notification.title).toBe('own');
    // Inside an outer transaction the inner commit is a savepoint: nothing is handed over, the outer commit's NOTIFY is read.
    await slow.app.orm.em.fork().transactional((outer) => notifyCleo(outer, 'nested'));
    expect((await feed.next(5000)).notificationReceived.notification.title).toBe('nested');
    // Another instance's commit right after one of ours: read, in order.
    await notifyCleo(slow.app.orm.em.fork(), 'own-again');
    await notifyFromElsewhere(slow, cleo.userId, 'elsewhere');
    expect((await feed.next(5000)).notificationReceived.notification.title).toBe('own-again');
    expect((await feed.next(5000)).notificationReceived.notification.title).toBe('elsewhere');
    feed.close();
  });

  it('re-establishes LISTEN after its connection is terminated, so other instances\' events still arrive at once', async () => {
    const ben = await slow.newCustomer();
    const feed = ben.subscribe<FeedEvent, unknown>(Feed);
    await feed.ready;
    const listenerPids = () =>
      slow.sql<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database() AND query ILIKE 'LISTEN%' AND state = 'idle'`,
        [EVENT_LISTENER_NAME],
      );
    const [before] = await listenerPids();
    await slow.sql('SELECT pg_terminate_backend($1)', [before!.pid]);
    const deadline = Date.now() + 15000;
    while (!(await listenerPids()).some((r) => r.pid !== before!.pid)) {
      if (Date.now() > deadline) throw new Error('LISTEN was not re-established');
      await new Promise((r) => setTimeout(r, 100));
    }
    await notifyFromElsewhere(slow, ben.userId, 'after-reconnect');
    expect((await feed.next(5000)).notificationReceived.notification.title).toBe('after-reconnect');
    feed.close();
  });
});
