import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { recordEvent } from '../../api/src/events/event-bus';
import { EVENT_LISTENER_NAME } from '../../api/src/events/event-relay';
import { Topic } from '../../api/src/events/topics';
import { notifyUser } from '../../api/src/modules/notifications/notification.service';
import { transact } from '../../api/src/shared/transaction';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';

const Feed = 'subscription RelayFeed { notificationReceived { cursor notification { id title } } }';
type FeedEvent = { notificationReceived: { cursor: string; notification: { id: string; title: string } } };

let t: TestApi;
let ana: TestCustomer;
beforeAll(async () => {
  t = await startTestApi();
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
    notifyUser(em, { userId: ana.userId, kind: 'RELAY_TEST', title, body: title });
  });
}

describe('event relay', () => {
  it('delivers every committed event exactly once in commit order when a transaction waits 5 s on a lock after recording', async () => {
    const feed = ana.subscribe<FeedEvent, unknown>(Feed);
    await feed.ready;
    const locker = new Client({ connectionString: t.databaseUrl });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM customer WHERE id = $1 FOR UPDATE', [ana.customerId]);
    // Records its event, writes it out, then waits on the row the test holds.
    const slow = transact({ em: t.app.orm.em.fork(), app: t.app }, async (em) => {
      notifyUser(em, { userId: ana.userId, kind: 'RELAY_TEST', title: 'slow', body: 'slow' });
      await em.flush();
      await em.execute('SELECT 1 FROM customer WHERE id = ? FOR UPDATE', [ana.customerId]);
    });
    for (const title of ['fast-1', 'fast-2', 'fast-3']) await notifyAna(title);
    await new Promise((r) => setTimeout(r, 5000));
    await locker.query('COMMIT');
    await locker.end();
    await slow;
    await notifyAna('after');
    const titles: string[] = [];
    for (let i = 0; i < 5; i += 1) titles.push((await feed.next(10000)).notificationReceived.notification.title);
    expect(titles).toEqual(['fast-1', 'fast-2', 'fast-3', 'slow', 'after']);
    await t.settle();
    expect(feed.pending()).toEqual([]);
    feed.close();
  });

  it('delivers promptly after 20 rolled-back event transactions, one gap after another', async () => {
    const feed = ana.subscribe<FeedEvent, unknown>(Feed);
    await feed.ready;
    const started = Date.now();
    for (let i = 0; i < 20; i += 1) {
      // A transaction that took an event id and rolled back (a failure after its events were written).
      await t.sql('BEGIN');
      await t.sql(`SELECT nextval('domain_event_id_seq')`);
      await t.sql('ROLLBACK');
      await expect(
        transact({ em: t.app.orm.em.fork(), app: t.app }, async (em) => {
          recordEvent(em, Topic.AlertRaised, { alertId: '00000000-0000-4000-8000-000000000000', at: new Date().toISOString() });
          await em.flush();
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await notifyAna(`after-gap-${i}`);
    }
    const titles: string[] = [];
    for (let i = 0; i < 20; i += 1) titles.push((await feed.next(10000)).notificationReceived.notification.title);
    const elapsedMs = Date.now() - started;
    expect(titles).toEqual(Array.from({ length: 20 }, (_, i) => `after-gap-${i}`));
    // Generous: the old 3 s wait per gap took a minute here.
    expect(elapsedMs).toBeLessThan(10000);
    feed.close();
  });

  it('retries a subscription read that fails (database blip) instead of losing the event', async () => {
    const feed = ana.subscribe<FeedEvent, unknown>(Feed);
    await feed.ready;
    // The notification table is away when the event is delivered, and back half a second later.
    await notifyFromElsewhere(t, ana.userId, 'during-blip', 'ALTER TABLE notification RENAME TO notification_away');
    await new Promise((r) => setTimeout(r, 500));
    await t.sql('ALTER TABLE notification_away RENAME TO notification');
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
