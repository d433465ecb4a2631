import WebSocket from 'ws';
import { signAccessToken } from '../../api/src/auth/tokens';
import { recordEvent } from '../../api/src/events/event-bus';
import { EVENT_RETENTION_PRUNE } from '../../api/src/events/event-retention';
import { Topic } from '../../api/src/events/topics';
import { notifyUser } from '../../api/src/modules/notifications/notification.service';
import { transact } from '../../api/src/shared/transaction';
import { randomUUID } from 'node:crypto';
import { insertOrder } from './factories/orders';
import { GqlClient } from '../helpers/client';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';

const Feed = 'subscription Feed($after: String) { notificationReceived(after: $after) { cursor notification { title } } }';
type FeedEvent = { notificationReceived: { cursor: string; notification: { title: string } } };
const Alerts = 'subscription Alerts { alertRaised { cursor alert { id } } }';
const CreateStaff = 'mutation CreateStaff($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id } }';
const SignIn = 'mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }';
const SetActive = 'mutation SetActive($userId: ID!, $active: Boolean!) { setUserActive(userId: $userId, active: $active) { id } }';
const SetRoles = 'mutation SetRoles($input: SetUserRolesInput!) { setUserRoles(input: $input) { id } }';

let t: TestApi;
let ana: TestCustomer;
let ben: TestCustomer;
let master: GqlClient;
beforeAll(async () => {
  t = await startTestApi({ wsMaxConnectionsPerIp: 8, wsMaxConnectionsPerUser: 2, wsMaxSubscriptionsPerConnection: 3 });
  ana = await t.newCustomer();
  ben = await t.newCustomer();
  master = await t.asStaff('MASTER');
});
afterAll(async () => {
  await t.stop();
});

function notify(userId: string, title: string): Promise<unknown> {
  return transact({ em: t.app.orm.em.fork(), app: t.app }, async (em) => {
    notifyUser(em, { userId, kind: 'SUBSCRIPTION_TEST', title: { es: title, en: title }, body: { es: title, en: title } });
  });
}

/** Another connection of the same caller (a reconnect, another tab). */
function reconnect(client: GqlClient): GqlClient {
  return new GqlClient(client.endpoints, client.token);
}

/** Opens a raw WebSocket to /graphql; resolves with the HTTP status of a refused upgrade, or 101. */
function upgradeStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(t.api.wsUrl, 'graphql-transport-ws', { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('error', reject);
  });
}

/** A fresh staff user holding `roles`, signed in. */
async function newStaff(roles: string[]): Promise<{ client: GqlClient; userId: string }> {
  const username = `staff_${Math.random().toString(36).slice(2, 10)}`;
  const created = await master.ok<{ createStaffUser: { id: string } }, unknown>(CreateStaff, {
    input: { username, displayName: username, password: 'clave-segura-staff-1', roles },
  });
  const signedIn = await t.anonymous().ok<{ signIn: { accessToken: string } }, unknown>(SignIn, { input: { login: username, password: 'clave-segura-staff-1' } });
  return { client: reconnect(new GqlClient(master.endpoints, signedIn.signIn.accessToken)), userId: created.createStaffUser.id };
}

describe('resuming after a reconnect', () => {
  it('replays exactly the missed events that pass the filter, in order, then continues live', async () => {
    const first = reconnect(ana);
    const feed = first.subscribe<FeedEvent, unknown>(Feed, {});
    await feed.ready;
    await notify(ana.userId, 'before');
    const last = (await feed.next()).notificationReceived;
    expect(last.notification.title).toBe('before');
    await first.close();

    for (const title of ['missed-1', 'missed-2']) await notify(ana.userId, title);
    await notify(ben.userId, 'not-for-ana');
    await notify(ana.userId, 'missed-3');
    await t.settle();

    const second = reconnect(ana);
    const resumed = second.subscribe<FeedEvent, unknown>(Feed, { after: last.cursor });
    await resumed.ready;
    await notify(ana.userId, 'live');
    const received: FeedEvent['notificationReceived'][] = [];
    for (let i = 0; i < 4; i += 1) received.push((await resumed.next()).notificationReceived);
    expect(received.map((e) => e.notification.title)).toEqual(['missed-1', 'missed-2', 'missed-3', 'live']);
    const cursors = received.map((e) => BigInt(e.cursor));
    expect([...cursors].sort((a, b) => (a < b ? -1 : 1))).toEqual(cursors);
    await t.settle();
    expect(resumed.pending()).toEqual([]);
    await second.close();
  });

  it('refuses a cursor older than the retention window with EVENT_CURSOR_EXPIRED, and a malformed one with BAD_USER_INPUT', async () => {
    const client = reconnect(ana);
    const feed = client.subscribe<FeedEvent, unknown>(Feed, {});
    await feed.ready;
    await notify(ana.userId, 'old');
    const old = (await feed.next()).notificationReceived.cursor;
    await client.close();
    await t.sql(`UPDATE domain_event SET created_at = now() - interval '400 days'`);
    await notify(ana.userId, 'newer');
    await t.sql(`UPDATE domain_event SET created_at = now() - interval '399 days' WHERE id = (SELECT max(id) FROM domain_event)`);
    await notify(ana.userId, 'newest');
    await t.app.jobs.runNow(EVENT_RETENTION_PRUNE);

    const expired = reconnect(ana).subscribe<FeedEvent, unknown>(Feed, { after: old });
    await expect(expired.next()).rejects.toThrow(/EVENT_CURSOR_EXPIRED/);
    const malformed = reconnect(ana).subscribe<FeedEvent, unknown>(Feed, { after: 'abc' });
    await expect(malformed.next()).rejects.toThrow(/BAD_USER_INPUT/);
  });

  it('refuses a cursor beyond the newest event with BAD_USER_INPUT naming `after`, instead of silently skipping events up to it', async () => {
    const [{ max }] = (await t.sql<{ max: string }>('SELECT max(id)::text AS max FROM domain_event')) as [{ max: string }];
    const client = reconnect(ana);
    const ahead = client.subscribe<FeedEvent, unknown>(Feed, { after: (BigInt(max) + 1000n).toString() });
    const refusal = await ahead.next().then(
      () => undefined,
      (err: Error) => err.message,
    );
    await client.close();
    expect(JSON.parse(refusal ?? '[]')).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT', field: 'after' } }]);
  });

  it('reads the subscriber\'s principal once per page of replayed events, not once per event', async () => {
    const [{ max }] = (await t.sql<{ max: string }>('SELECT max(id)::text AS max FROM domain_event')) as [{ max: string }];
    await transact({ em: t.app.orm.em.fork(), app: t.app }, async (em) => {
      for (let i = 0; i < 250; i += 1) notifyUser(em, { userId: ana.userId, kind: 'SUBSCRIPTION_TEST', title: { es: `bulk-${i}`, en: `bulk-${i}` }, body: { es: 'bulk', en: 'bulk' } });
    });
    await t.settle();
    const logger = t.app.orm.config.getLogger();
    const logQuery = jest.spyOn(logger, 'logQuery');
    try {
      const client = reconnect(ana);
      const resumed = client.subscribe<FeedEvent, unknown>(Feed, { after: max });
      for (let i = 0; i < 250; i += 1) expect((await resumed.next()).notificationReceived.notification.title).toBe(`bulk-${i}`);
      const sessionReads = logQuery.mock.calls.filter(([entry]) => /from "auth_session"/.test(String(entry.query))).length;
      // Connection, subscription, and one per page of 200 replayed events.
      expect(sessionReads).toBeLessThanOrEqual(5);
      await client.close();
    } finally {
      logQuery.mockRestore();
    }
  });
});

describe('live delivery', () => {
  it('delivers a burst of events committed at once in commit order, each once, though their reads run side by side', async () => {
    const client = reconnect(ana);
    const feed = client.subscribe<FeedEvent, unknown>(Feed, {});
    const other = reconnect(ana).subscribe<FeedEvent, unknown>(Feed, {});
    await Promise.all([feed.ready, other.ready]);
    const titles = Array.from({ length: 40 }, (_, i) => `burst-${i}`);
    await Promise.all(titles.map((title) => notify(ana.userId, title)));
    for (const subscription of [feed, other]) {
      const received: FeedEvent['notificationReceived'][] = [];
      for (const _ of titles) received.push((await subscription.next()).notificationReceived);
      const cursors = received.map((e) => BigInt(e.cursor));
      expect([...cursors].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(cursors);
      expect(new Set(cursors).size).toBe(titles.length);
      expect(received.map((e) => e.notification.title).sort()).toEqual([...titles].sort());
    }
    await t.settle();
    expect(feed.pending()).toEqual([]);
    await client.close();
  });
});

describe('slow subscribers and missing items', () => {
  it('ends a subscription with SUBSCRIPTION_LAGGING once more than 1,000 of its events wait, instead of queueing without bound', async () => {
    const client = reconnect(ana);
    const feed = client.subscribe<FeedEvent, unknown>(Feed, {});
    await feed.ready;
    // 1,001 events for ana arrive at once, faster than any client takes them.
    for (let i = 0; i < 1001; i += 1) {
      t.app.hub.publish({ id: String(9_000_000_000_000_000n + BigInt(i)), topic: Topic.NotificationCreated, payload: { notificationId: randomUUID(), userId: ana.userId, at: new Date().toISOString() } });
    }
    const unended = new Promise((resolve) => setTimeout(() => resolve({ kind: 'still open' }), 15000));
    const end = await Promise.race([feed.ended, unended]);
    expect(end).toMatchObject({ kind: 'error', errors: [{ extensions: { code: 'SUBSCRIPTION_LAGGING' } }] });
    await client.close();
  });

  it('answers NOT_FOUND at once, without retrying, when an event\'s order no longer exists', async () => {
    const staff = reconnect(master);
    const feed = staff.subscribe('subscription { orderUpdated { cursor order { id } } }', {});
    await feed.ready;
    t.app.hub.publish({ id: '9100000000000000', topic: Topic.OrderChanged, payload: { orderId: randomUUID(), customerId: ana.customerId, state: 'PAID', previousState: null, at: new Date().toISOString() } });
    await expect(feed.next()).rejects.toThrow(/"code":"NOT_FOUND"/);
    await staff.close();
  });
});

describe('WebSocket connections', () => {
  it('closes with 4401 at connection_init without a valid token', async () => {
    const forged = new GqlClient(ana.endpoints, `${ana.token}x`).subscribe(Feed, {});
    expect(await forged.ended).toMatchObject({ kind: 'closed', code: 4401 });
    const anonymous = t.anonymous().subscribe(Feed, {});
    expect(await anonymous.ended).toMatchObject({ kind: 'closed', code: 4401 });
  });

  it('refuses the upgrade from a foreign Origin even with the cookie, and accepts the app\'s origins and its own', async () => {
    const cookie = `morna_access=${ana.token}`;
    const host = new URL(t.api.wsUrl).host;
    expect(await upgradeStatus({ origin: 'https://evil.example', cookie })).toBe(403);
    expect(await upgradeStatus({ origin: `http://${host}.evil.example`, cookie })).toBe(403);
    expect(await upgradeStatus({ origin: 'http://localhost:5173', cookie })).toBe(101);
    expect(await upgradeStatus({ origin: `http://${host}`, cookie })).toBe(101);
    expect(await upgradeStatus({ cookie })).toBe(101);
  });

  it('caps subscriptions per connection (TOO_MANY_SUBSCRIPTIONS) and connections per user (4429) and per IP (429)', async () => {
    const client = reconnect(ben);
    // One at a time: `ready` counts one more subscription attached than before it was sent.
    const subs = [];
    for (let i = 0; i < 3; i += 1) {
      const sub = client.subscribe<FeedEvent, unknown>(Feed, {});
      await sub.ready;
      subs.push(sub);
    }
    const fourth = client.subscribe<FeedEvent, unknown>(Feed, {});
    await expect(fourth.next()).rejects.toThrow(/TOO_MANY_SUBSCRIPTIONS/);
    await notify(ben.userId, 'still served');
    for (const s of subs) expect((await s.next()).notificationReceived.notification.title).toBe('still served');

    const second = reconnect(ben);
    const secondSub = second.subscribe<FeedEvent, unknown>(Feed, {});
    await secondSub.ready;
    const third = reconnect(ben).subscribe<FeedEvent, unknown>(Feed, {});
    expect(await third.ended).toMatchObject({ kind: 'closed', code: 4429 });
    await client.close();
    await second.close();

    const sockets: WebSocket[] = [];
    for (let i = 0; i < 8; i += 1) {
      const socket = new WebSocket(t.api.wsUrl, 'graphql-transport-ws');
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      sockets.push(socket);
    }
    expect(await upgradeStatus({})).toBe(429);
    for (const socket of sockets) socket.close();
  });
});

describe('authorization over time on an open subscription', () => {
  it('delivers orders to staff who gained order:read:any after subscribing without it', async () => {
    const clerk = await newStaff(['SUPPORT']);
    await t.sql(`UPDATE app_user SET roles = '{}' WHERE id = $1`, [clerk.userId]);
    const feed = clerk.client.subscribe<{ orderUpdated: { order: { id: string } } }, unknown>('subscription { orderUpdated { cursor order { id } } }', {});
    await feed.ready;
    const order = await insertOrder(t, ana.customerId);
    const changed = () =>
      transact({ em: t.app.orm.em.fork(), app: t.app }, async (em) => {
        recordEvent(em, Topic.OrderChanged, { orderId: order.orderId, customerId: ana.customerId, state: 'PENDING_PAYMENT', previousState: null, at: new Date().toISOString() });
      });
    await changed();
    await t.settle();
    await master.ok(SetRoles, { input: { userId: clerk.userId, roles: ['SUPPORT'] } });
    await changed();
    expect((await feed.next()).orderUpdated.order.id).toBe(order.orderId);
    await t.settle();
    expect(feed.pending()).toEqual([]);
    feed.close();
  });

  it('closes the socket (4403) once the user is disabled, delivering nothing more', async () => {
    const carla = await t.newCustomer();
    const feed = reconnect(carla).subscribe<FeedEvent, unknown>(Feed, {});
    await feed.ready;
    await master.ok(SetActive, { userId: carla.userId, active: false });
    await notify(carla.userId, 'after disabling');
    expect(await feed.ended).toMatchObject({ kind: 'closed', code: 4403 });
    expect(feed.pending()).toEqual([]);
  });

  it('completes a subscription once its permission is removed', async () => {
    const deputy = await newStaff(['MASTER']);
    const feed = deputy.client.subscribe(Alerts, {});
    await feed.ready;
    await master.ok(SetRoles, { input: { userId: deputy.userId, roles: ['SUPPORT'] } });
    await transact({ em: t.app.orm.em.fork(), app: t.app }, async (em) => {
      recordEvent(em, Topic.AlertRaised, { alertId: '00000000-0000-4000-8000-000000000000', at: new Date().toISOString() });
    });
    expect(await feed.ended).toEqual({ kind: 'complete' });
    expect(feed.pending()).toEqual([]);
  });

  it('closes the socket (4401) when the access token expires', async () => {
    const [session] = await t.sql<{ id: string }>('SELECT id FROM auth_session WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1', [ana.userId]);
    const shortLived = await signAccessToken({ userId: ana.userId, sessionId: session!.id }, t.app.config.jwtSecret, 2);
    const feed = new GqlClient(ana.endpoints, shortLived).subscribe(Feed, {});
    await feed.ready;
    expect(await feed.ended).toMatchObject({ kind: 'closed', code: 4401 });
  });

  it('closes the socket once the user signs out', async () => {
    const dora = await t.newCustomer();
    const feed = reconnect(dora).subscribe<FeedEvent, unknown>(Feed, {});
    await feed.ready;
    await dora.ok('mutation SignOut { signOut }');
    await notify(dora.userId, 'after sign-out');
    const end = await Promise.race([feed.ended, feed.next().then(() => ({ kind: 'delivered' as const }))]);
    expect(end).toMatchObject({ kind: 'closed', code: 4403 });
  });
});
