import { randomUUID } from 'node:crypto';
import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { insertOrderInState } from './factories/logistics';

const MyNotifications = graphql(`
  query MyNotifications($unreadOnly: Boolean) {
    myNotifications(unreadOnly: $unreadOnly, first: 50) { totalCount edges { node { id kind title body data readAt createdAt } } }
  }
`);
const UnreadCount = graphql(`
  query UnreadNotificationCount { unreadNotificationCount }
`);
const MarkRead = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]) { markNotificationsRead(ids: $ids) }
`);
const NotificationReceived = graphql(`
  subscription NotificationReceived {
    notificationReceived { cursor notification { id kind title body titleEn: title(language: EN) bodyEn: body(language: EN) data } }
  }
`);
const NotificationLanguages = graphql(`
  query NotificationLanguages {
    myNotifications(first: 50) {
      edges { node { id title body titleEs: title(language: ES) bodyEs: body(language: ES) titleEn: title(language: EN) bodyEn: body(language: EN) } }
    }
  }
`);
const RecordArrival = graphql(`
  mutation RecordArrival($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id } }
`);

let t: TestApi;
let ana: TestCustomer;
let ben: TestCustomer;
let venezuela: GqlClient;
beforeAll(async () => {
  t = await startTestApi();
  ana = await t.newCustomer();
  ben = await t.newCustomer();
  venezuela = await t.asStaff('VENEZUELA_AGENT');
});
afterAll(async () => {
  await t.stop();
});

/** A notification row for `userId`, `minutesAgo` minutes old. */
async function insertNotification(userId: string, kind: string, minutesAgo: number): Promise<string> {
  const id = randomUUID();
  await t.sql(
    `INSERT INTO notification (id, recipient_id, kind, title, body, data, created_at) VALUES ($1, $2, $3, 'Título', 'Cuerpo', '{}', now() - make_interval(mins => $4))`,
    [id, userId, kind, minutesAgo],
  );
  return id;
}

describe('my notifications', () => {
  let anaOld: string;
  let anaNew: string;
  let bens: string;
  beforeAll(async () => {
    anaOld = await insertNotification(ana.userId, 'QUOTE_READY', 10);
    anaNew = await insertNotification(ana.userId, 'PAYMENT_VALIDATED', 5);
    bens = await insertNotification(ben.userId, 'QUOTE_READY', 1);
  });

  it('lists only the caller\'s own notifications, newest first', async () => {
    const data = await ana.ok(MyNotifications, {});
    expect(data.myNotifications.edges.map((e) => e.node.id)).toEqual([anaNew, anaOld]);
    expect((await ben.ok(MyNotifications, {})).myNotifications.edges.map((e) => e.node.id)).toEqual([bens]);
    expect(await ana.ok(UnreadCount, {})).toEqual({ unreadNotificationCount: 2 });
  });

  it('marks only the caller\'s own notifications read; ids of others are ignored', async () => {
    const data = await ana.ok(MarkRead, { ids: [anaOld, bens] });
    expect(data.markNotificationsRead).toBe(1);
    expect(await ana.ok(UnreadCount, {})).toEqual({ unreadNotificationCount: 1 });
    expect(await ben.ok(UnreadCount, {})).toEqual({ unreadNotificationCount: 1 });
    const unread = await ana.ok(MyNotifications, { unreadOnly: true });
    expect(unread.myNotifications.edges.map((e) => e.node.id)).toEqual([anaNew]);
    const all = await ana.ok(MyNotifications, {});
    expect(all.myNotifications.edges.find((e) => e.node.id === anaOld)!.node.readAt).not.toBeNull();
  });

  it('marks all of the caller\'s unread notifications when no ids are given', async () => {
    expect((await ana.ok(MarkRead, {})).markNotificationsRead).toBe(1);
    expect(await ana.ok(UnreadCount, {})).toEqual({ unreadNotificationCount: 0 });
    expect(await ben.ok(UnreadCount, {})).toEqual({ unreadNotificationCount: 1 });
    expect((await ana.ok(MarkRead, {})).markNotificationsRead).toBe(0);
  });

  it('reads a notification written before English in Spanish, whichever language is asked for', async () => {
    const node = (await ana.ok(NotificationLanguages, {})).myNotifications.edges.find((e) => e.node.id === anaOld)!.node;
    expect(node).toEqual({ id: anaOld, title: 'Título', body: 'Cuerpo', titleEs: 'Título', bodyEs: 'Cuerpo', titleEn: 'Título', bodyEn: 'Cuerpo' });
  });

  it('gives staff their own notifications too, and refuses anonymous callers', async () => {
    const master = await t.asStaff('MASTER');
    expect((await master.ok(MyNotifications, {})).myNotifications.edges.every((e) => e.node.id !== anaNew)).toBe(true);
    expect(await t.anonymous().errorCode(UnreadCount, {})).toBe('UNAUTHENTICATED');
    expect(await ana.errorCode(MarkRead, { ids: ['not-a-uuid'] })).toBe('BAD_USER_INPUT');
  });
});

describe('live notifications', () => {
  it('pushes a new notification to its recipient only', async () => {
    const anaFeed = ana.subscribe(NotificationReceived, {});
    await anaFeed.ready;
    const benFeed = ben.subscribe(NotificationReceived, {});
    await benFeed.ready;
    const order = await insertOrderInState(t, ana.customerId, { state: 'IN_CUSTOMS' });
    await venezuela.ok(RecordArrival, { input: { orderId: order.orderId, phase: 'AT_LOCAL_WAREHOUSE', place: 'Almacén Caracas' } });

    const event = await anaFeed.next();
    expect(event.notificationReceived.notification).toMatchObject({
      kind: 'ORDER_ARRIVED',
      title: 'Tu pedido llegó a Venezuela',
      body: `La orden ${order.number} llegó a nuestro almacén (Almacén Caracas).`,
      titleEn: 'Your order has arrived in Venezuela',
      bodyEn: `Order ${order.number} has reached our warehouse (Almacén Caracas).`,
      data: { orderId: order.orderId },
    });
    await t.settle();
    expect(benFeed.pending()).toEqual([]);
    anaFeed.close();
    benFeed.close();
  });

  it('refuses an anonymous subscription: the socket closes with 4401 at connection_init', async () => {
    const feed = t.anonymous().subscribe(NotificationReceived, {});
    expect(await feed.ended).toMatchObject({ kind: 'closed', code: 4401 });
  });
});
