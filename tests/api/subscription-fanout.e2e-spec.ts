import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { recordEvent } from '../../api/src/events/event-bus';
import { Topic } from '../../api/src/events/topics';
import { transact } from '../../api/src/shared/transaction';
import { insertOrder } from './factories/orders';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';

const OrderFeed = 'subscription OrderFeed { orderUpdated { cursor order { id customer { id } } } }';
type OrderFeedData = { orderUpdated: { cursor: string; order: { id: string; customer: { id: string } | null } } };

/** One subscriber on a connection of its own, keeping every result whole (data and errors). */
interface Subscriber {
  results: FormattedExecutionResult<OrderFeedData, unknown>[];
  /** The result at `index` once it arrived. */
  nth(index: number): Promise<FormattedExecutionResult<OrderFeedData, unknown>>;
}

let t: TestApi;
let ana: TestCustomer;
let ben: TestCustomer;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestApi({ wsMaxConnectionsPerIp: 100, wsMaxConnectionsPerUser: 20 });
  // The webhook sender also reads each event (a fixed few statements, whoever listens): not what is counted here.
  await t.app.webhooks.stop();
  ana = await t.newCustomer();
  ben = await t.newCustomer();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await t.stop();
});

function subscriber(token: string): Subscriber {
  const client = createClient({ url: t.api.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  clients.push(client);
  const results: FormattedExecutionResult<OrderFeedData, unknown>[] = [];
  const waiters = new Map<number, () => void>();
  client.subscribe<OrderFeedData>(
    { query: OrderFeed },
    {
      next: (value) => {
        results.push(value);
        waiters.get(results.length - 1)?.();
      },
      error: (err) => {
        throw new Error(`subscription failed: ${err instanceof Error ? err.message : JSON.stringify(err, ['code', 'reason'])}`);
      },
      complete: () => undefined,
    },
  );
  return {
    results,
    nth: async (index) => {
      if (results.length <= index) await new Promise<void>((resolve) => waiters.set(index, resolve));
      return results[index]!;
    },
  };
}

function orderChanged(orderId: string, customerId: string): Promise<unknown> {
  return transact({ em: t.app.orm.em.fork(), app: t.app }, async (em) => {
    recordEvent(em, Topic.OrderChanged, { orderId, customerId, state: 'PENDING_PAYMENT', previousState: null, at: new Date().toISOString() });
  });
}

function times<T>(n: number, make: () => T): T[] {
  return Array.from({ length: n }, make);
}

describe('one order event reaching many subscribers', () => {
  it('is resolved once per kind of subscriber, reaches every allowed one, and no one else', async () => {
    const master = await t.asStaff('MASTER');
    const china = await t.asStaff('CHINA_AGENT');
    const support = await t.asStaff('SUPPORT');
    const attachedBefore = t.api.subscriptionsStarted();
    const masters = times(15, () => subscriber(master.token!));
    const chinaAgents = times(10, () => subscriber(china.token!));
    const withoutPermission = times(10, () => subscriber(support.token!));
    const owners = times(10, () => subscriber(ana.token!));
    const others = times(5, () => subscriber(ben.token!));
    const deadline = Date.now() + 10_000;
    while (t.api.subscriptionsStarted() < attachedBefore + 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(t.api.subscriptionsStarted()).toBe(attachedBefore + 50);

    const anaOrder = await insertOrder(t, ana.customerId);
    const benOrder = await insertOrder(t, ben.customerId);
    // Support staff lose order:read:any while subscribed: the event must not reach them.
    await t.sql(`UPDATE app_user SET roles = '{}' WHERE username = 'soporte'`);

    const knex = t.app.orm.em.getConnection().getKnex();
    let statements = 0;
    const count = () => void (statements += 1);
    knex.on('query', count);
    await orderChanged(anaOrder.orderId, ana.customerId);
    const [masterResults, chinaResults, ownerResults] = await Promise.all(
      [masters, chinaAgents, owners].map((group) => Promise.all(group.map((s) => s.nth(0)))),
    );
    await t.settle();
    knex.off('query', count);

    // About 15: the event's transaction (5), the relay's reads, the principals of all 50 connections (2: sessions
    // with users, customers), the order once for each of the three kinds of subscriber that see it (3) and the
    // customer for the two allowed to read it (2). Never one statement per subscriber (the old way: 124).
    expect(statements).toBeLessThanOrEqual(20);
    for (const result of [...masterResults!, ...ownerResults!]) {
      expect(result.errors).toBeUndefined();
      expect(result.data!.orderUpdated.order).toEqual({ id: anaOrder.orderId, customer: { id: ana.customerId } });
    }
    // China agents may read orders but not customers: their group's result keeps the field refused.
    for (const result of chinaResults!) {
      expect(result.data!.orderUpdated.order).toEqual({ id: anaOrder.orderId, customer: null });
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }

    // The next event is Ben's: the first (and only) thing Ben's connections and the support staff (allowed again) hear.
    await t.sql(`UPDATE app_user SET roles = '{SUPPORT}' WHERE username = 'soporte'`);
    await orderChanged(benOrder.orderId, ben.customerId);
    const [benResults, supportResults] = await Promise.all([others, withoutPermission].map((group) => Promise.all(group.map((s) => s.nth(0)))));
    expect(benResults!.map((r) => r.data!.orderUpdated.order)).toEqual(times(5, () => ({ id: benOrder.orderId, customer: { id: ben.customerId } })));
    expect(supportResults!.map((r) => r.data!.orderUpdated.order.id)).toEqual(times(10, () => benOrder.orderId));
    await Promise.all(masters.map((s) => s.nth(1)));
    await t.settle();
    expect(owners.map((s) => s.results.length)).toEqual(times(10, () => 1));
  });
});
