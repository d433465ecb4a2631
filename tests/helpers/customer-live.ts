import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { graphql } from '../graphql/generated';
import type { CustomerLiveNotificationsSubscription, CustomerLiveOrdersSubscription, CustomerLiveRequestsSubscription } from '../graphql/generated/graphql';
import type { GqlClient } from './client';
import type { TestPortal } from './test-portal';

/**
 * A customer's live session beside the browser tests: the customer's own graphql-ws connection to the
 * `npm start` server (as the portal's pages hold one), subscribed to their quote requests, orders and
 * notifications. It subscribes from a cursor (`after`) taken before the staff act, so the server replays
 * whatever happened before the subscription was attached: no event is missed, whatever the timing.
 */

const Requests = graphql(`
  subscription CustomerLiveRequests($after: String) {
    purchaseRequestUpdated(after: $after) { cursor request { id number state options { id shippingMethod totalUsdMinor } } }
  }
`);
const Orders = graphql(`
  subscription CustomerLiveOrders($after: String) {
    orderUpdated(after: $after) { cursor order { id number state outstandingUsdMinor usdPayableMinor trackingEvents { phase place photos { id } } } }
  }
`);
const Notifications = graphql(`
  subscription CustomerLiveNotifications($after: String) {
    notificationReceived(after: $after) { cursor notification { kind data } }
  }
`);

export type LiveRequest = CustomerLiveRequestsSubscription['purchaseRequestUpdated']['request'];
export type LiveOrder = CustomerLiveOrdersSubscription['orderUpdated']['order'];
export type LiveNotification = CustomerLiveNotificationsSubscription['notificationReceived']['notification'];

/** How long a wait for an event may last before it fails naming what was awaited and what arrived (not a timing rule). */
const WAIT_MS = 60_000;

/** Every item one subscription delivered, in order; `saw` waits for the first that matches. */
export class LiveFeed<T> {
  private readonly items: T[] = [];
  private readonly waiters: { matches: (item: T) => boolean; resolve: (item: T) => void }[] = [];
  private failure: Error | undefined;

  constructor(private readonly name: string) {}

  /** What the subscription delivered so far. */
  get all(): readonly T[] {
    return this.items;
  }

  push(item: T): void {
    this.items.push(item);
    for (const waiter of this.waiters.filter((w) => w.matches(item))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(item);
    }
  }

  fail(error: Error): void {
    this.failure = error;
  }

  /** The first item delivered (before or after this call) that `matches`; fails with `what` and the items seen when none comes. */
  saw(what: string, matches: (item: T) => boolean): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const found = this.items.find(matches);
    if (found) return Promise.resolve(found);
    const failure = new Error(`the customer's ${this.name} subscription did not deliver ${what}; it delivered ${JSON.stringify(this.items)}`);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.failure ?? failure), WAIT_MS);
      this.waiters.push({ matches, resolve: (item) => (clearTimeout(timer), resolve(item)) });
    });
  }
}

/** One customer's live session: their request, order and notification subscriptions. */
export class CustomerLive {
  readonly requests = new LiveFeed<LiveRequest>('purchaseRequestUpdated');
  readonly orders = new LiveFeed<LiveOrder>('orderUpdated');
  readonly notifications = new LiveFeed<LiveNotification>('notificationReceived');

  private constructor(private readonly ws: Client) {}

  /**
   * Opens `customer`'s session on `portal`, replaying from `after` (a `domain_event` id taken with
   * `latestEventCursor` before the steps it must hear of).
   */
  static open(portal: TestPortal, customer: GqlClient, after: string): CustomerLive {
    const ws = createClient({
      url: `${portal.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${customer.token}` },
      retryAttempts: 0,
    });
    const live = new CustomerLive(ws);
    live.follow(Requests, after, live.requests, (data) => data.purchaseRequestUpdated.request);
    live.follow(Orders, after, live.orders, (data) => data.orderUpdated.order);
    live.follow(Notifications, after, live.notifications, (data) => data.notificationReceived.notification);
    return live;
  }

  private follow<D, T>(document: TypedDocumentNode<D, { after?: string | null }>, after: string, feed: LiveFeed<T>, item: (data: D) => T): void {
    this.ws.subscribe<D>(
      { query: print(document), variables: { after } },
      {
        next: (result) => (result.errors?.length ? feed.fail(new Error(JSON.stringify(result.errors))) : feed.push(item(result.data as D))),
        error: (error) => feed.fail(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => undefined,
      },
    );
  }

  /** The request's state as last delivered is `state` (waits for it). */
  requestIn(id: string, state: string): Promise<LiveRequest> {
    return this.requests.saw(`request ${id} in ${state}`, (r) => r.id === id && r.state === state);
  }

  /** An update of order `id` in `state` (waits for it). */
  orderIn(id: string, state: string): Promise<LiveOrder> {
    return this.orders.saw(`order ${id} in ${state}`, (o) => o.id === id && o.state === state);
  }

  /** A notification of `kind` about order or request `id` (its `data` names it). */
  notified(kind: string, id: string): Promise<LiveNotification> {
    return this.notifications.saw(`a ${kind} notification about ${id}`, (n) => n.kind === kind && Object.values(n.data).includes(id));
  }

  close(): Promise<void> {
    return this.ws.dispose() as Promise<void>;
  }
}

/** The newest domain event's id: subscribing with it as `after` delivers every event that follows. */
export async function latestEventCursor(portal: TestPortal): Promise<string> {
  const [row] = await portal.sql<{ id: string }>(`SELECT max(id)::text AS id FROM domain_event`);
  if (!row?.id) throw new Error('no domain event yet to subscribe after');
  return row.id;
}
