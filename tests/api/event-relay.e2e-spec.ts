import { Client } from 'pg';
import { recordEvent } from '../../api/src/events/event-bus';
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
});
