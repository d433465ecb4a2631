import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, GraphQLID } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import pg from 'pg';
import { WebSocketServer } from 'ws';
import { EVENT_CHANNEL } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { countStatements, serveStats, type ChildReady } from './protocol';

/**
 * The fan-out baseline of `npm run bench`: a bare graphql-ws server over a graphql-js schema with one
 * subscription, `orderUpdated { cursor order { id number state stateChangedAt } }`. It LISTENs to Morna's
 * event channel, reads the new ORDER_CHANGED events past its cursor and each changed order once, and
 * publishes that one payload to every subscriber. No authentication, no per-subscriber reads.
 */

interface OrderPayload {
  cursor: string;
  order: { id: string; number: string; state: string; stateChangedAt: string };
}

async function main(): Promise<void> {
  countStatements();
  const subscribers = new Set<(payload: OrderPayload) => void>();
  const publish = (payload: OrderPayload) => {
    for (const push of subscribers) push(payload);
  };
  // One queue per subscriber, emptied as graphql-ws pulls; `return` (the client left) removes it at once.
  const subscribe = (): AsyncIterableIterator<OrderPayload> => {
    const queue: OrderPayload[] = [];
    let waiting: ((result: IteratorResult<OrderPayload>) => void) | undefined;
    const push = (payload: OrderPayload) => {
      if (waiting) {
        waiting({ value: payload, done: false });
        waiting = undefined;
      } else queue.push(payload);
    };
    subscribers.add(push);
    const iterator: AsyncIterableIterator<OrderPayload> = {
      next: () => (queue.length ? Promise.resolve({ value: queue.shift()!, done: false }) : new Promise((resolve) => (waiting = resolve))),
      return: async () => {
        subscribers.delete(push);
        waiting?.({ value: undefined, done: true });
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  };
  const Order = new GraphQLObjectType({
    name: 'Order',
    fields: { id: { type: new GraphQLNonNull(GraphQLID) }, number: { type: new GraphQLNonNull(GraphQLString) }, state: { type: new GraphQLNonNull(GraphQLString) }, stateChangedAt: { type: new GraphQLNonNull(GraphQLString) } },
  });
  const OrderUpdate = new GraphQLObjectType({ name: 'OrderUpdate', fields: { cursor: { type: new GraphQLNonNull(GraphQLString) }, order: { type: new GraphQLNonNull(Order) } } });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString, resolve: () => 'ok' } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: { orderUpdated: { type: new GraphQLNonNull(OrderUpdate), subscribe: () => subscribe(), resolve: (payload: OrderPayload) => payload } },
    }),
  });

  const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const reader = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await listener.connect();
  await reader.connect();
  let cursor = (await reader.query<{ max: string | null }>('SELECT max(id)::text AS max FROM domain_event')).rows[0]?.max ?? '0';
  let reading = Promise.resolve();
  const readNew = async () => {
    const events = (await reader.query<{ id: string; payload: { orderId: string } }>({
      name: 'events', text: 'SELECT id::text AS id, payload FROM domain_event WHERE id > $1 AND topic = $2 ORDER BY id', values: [cursor, Topic.OrderChanged],
    })).rows;
    for (const event of events) {
      cursor = event.id;
      const [o] = (await reader.query({ name: 'order', text: 'SELECT id, number, state, state_changed_at FROM purchase_order WHERE id = $1', values: [event.payload.orderId] })).rows;
      if (o) publish({ cursor: event.id, order: { id: o.id, number: o.number, state: o.state, stateChangedAt: (o.state_changed_at as Date).toISOString() } });
    }
  };
  listener.on('notification', () => {
    reading = reading.then(readNew, readNew);
  });
  await listener.query(`LISTEN ${EVENT_CHANNEL}`);

  let subscriptions = 0;
  const server = createServer((_, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ server, path: '/graphql' });
  useServer({ schema, onSubscribe: () => void (subscriptions += 1) }, wss);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  serveStats(async () => {
    for (const client of wss.clients) client.terminate();
    server.close();
    await listener.end();
    await reader.end();
  }, () => subscriptions);
  const url = `http://127.0.0.1:${port}`;
  const ready: ChildReady = { type: 'ready', url, graphqlUrl: `${url}/graphql`, wsUrl: `ws://127.0.0.1:${port}/graphql` };
  process.send!(ready);
}

main().catch((err: unknown) => {
  console.error('bare graphql-ws server failed:', err);
  process.exit(1);
});
