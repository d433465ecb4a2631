import { Repeater } from '@graphql-yoga/subscription';
import type { Context, Principal } from '../context';
import { DomainError } from '../shared/errors';
import { retryTransient } from '../shared/retry';
import type { EventKey, PublishedEvent } from './event-hub';
import { checkEventCursor } from './event-retention';
import type { TopicPayloads } from './topics';

/** One event as a subscription resolver receives it: the payload and its cursor (the event id, opaque to clients). */
export interface StreamedEvent<P> {
  cursor: string;
  payload: P;
}

export interface EventStreamOptions<T extends keyof TopicPayloads> {
  topic: T;
  /** Cursor of the last event the client received: stored events after it are replayed first. */
  after?: string | null;
  /** Whether the principal may hold this subscription at all; checked on subscribing and before every event. */
  allowed(principal: Principal): boolean;
  /**
   * Whether the event may be for this subscriber, from its payload, the subscription's arguments and the
   * subscriber's identity (user and customer ids, which never change) — never their rights, which do. Cheap and
   * synchronous: it runs as events arrive, and only events that pass wait in the backlog and cost a look at the
   * principal. Default: every event of the topic.
   */
  matches?(payload: TopicPayloads[T]): boolean;
  /**
   * The payload field and value every event for this subscriber holds (its customer's id, the one record it
   * follows), when there is one: the hub then offers it only those events. `matches` still runs.
   */
  key?: EventKey | null;
  /** Whether the subscriber, with the rights it has now (`principal` was just read again), sees this event. */
  visible(payload: TopicPayloads[T], principal: Principal, ctx: Context): boolean | Promise<boolean>;
}

/**
 * Where a WebSocket subscription's live events can go straight to its socket (`LiveDelivery`): the stream it
 * returns never yields; it ends (normally or with an error) when the subscription does.
 */
export interface LiveChannel {
  attach<T extends keyof TopicPayloads>(options: EventStreamOptions<T>): AsyncIterable<never>;
}

const REPLAY_PAGE = 200;
/** Matching live events that may wait for a slow subscriber; beyond, it ends with SUBSCRIPTION_LAGGING. */
export const MAX_EVENT_BACKLOG = 1000;

/**
 * The events of one subscription: the stored ones after `after` that pass the filter, then the live ones,
 * in id (= commit) order, none twice and none skipped. Before each live event the subscriber's principal is
 * read again (once per connection and event; once per page of replayed events): when it is gone (disabled,
 * signed out, token expired) the connection is closed; when it lost the subscription's permission the
 * subscription completes. FORBIDDEN / UNAUTHENTICATED on subscribing; see `checkEventCursor` for cursor
 * refusals. A subscriber that lets more than MAX_EVENT_BACKLOG matching events wait gets SUBSCRIPTION_LAGGING
 * and the subscription ends: it resubscribes with the last cursor it received. A live subscription (no `after`) on
 * a WebSocket is delivered by its context's `live` channel, with the same rules, once per event for all subscribers.
 */
export async function eventStream<T extends keyof TopicPayloads>(ctx: Context, options: EventStreamOptions<T>): Promise<AsyncIterable<StreamedEvent<TopicPayloads[T]>>> {
  if (!ctx.principal) throw new DomainError('UNAUTHENTICATED');
  if (!options.allowed(ctx.principal)) throw new DomainError('FORBIDDEN');
  if (options.after == null && ctx.live) return ctx.live.attach(options);
  const after = options.after == null ? null : await checkEventCursor(ctx.app.orm.em.fork(), options.after);
  const { hub } = ctx.app;
  const matches = (event: PublishedEvent) => options.matches?.(event.payload as unknown as TopicPayloads[T]) ?? true;
  return new Repeater<StreamedEvent<TopicPayloads[T]>>(async (push, stop) => {
    let stopped = false;
    void stop.then(() => (stopped = true));
    const live: PublishedEvent[] = [];
    let wake: (() => void) | undefined;
    // Listen before replaying: an event published meanwhile is both replayed and queued, and the id check drops the copy.
    const unsubscribe = hub.on(options.topic, (event) => {
      if (stopped || !matches(event)) return;
      if (live.length >= MAX_EVENT_BACKLOG) {
        live.length = 0;
        stop(new DomainError('SUBSCRIPTION_LAGGING', { maxBacklog: MAX_EVENT_BACKLOG }));
        return;
      }
      live.push(event);
      wake?.();
    }, options.key ?? undefined);
    let last = -1n;
    /** Delivers one event if `principal` (read for it) still holds the subscription and sees it; false when the subscription must end. */
    const offer = async (event: PublishedEvent, principal: Principal | null): Promise<boolean> => {
      const id = BigInt(event.id);
      if (id <= last) return true;
      last = id;
      if (!principal || !options.allowed(principal)) return false;
      ctx.principal = principal;
      const payload = event.payload as unknown as TopicPayloads[T];
      if (await options.visible(payload, principal, ctx)) await Promise.race([push({ cursor: event.id, payload }), stop]);
      return !stopped;
    };
    try {
      if (after !== null) {
        last = BigInt(after);
        for (;;) {
          const page = await retryTransient(() => storedEvents(ctx, options.topic, last));
          const wanted = page.filter(matches);
          const principal = wanted.length === 0 ? ctx.principal : ctx.session ? await ctx.session.current() : ctx.principal;
          for (const event of wanted) if (!(await offer(event, principal))) return;
          if (page.length < REPLAY_PAGE) break;
          last = BigInt(page.at(-1)!.id);
        }
      }
      while (!stopped) {
        const event = live.shift();
        if (event) {
          if (!(await offer(event, ctx.session ? await ctx.session.principalAt(event.id) : ctx.principal))) return;
          continue;
        }
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), stop]);
        wake = undefined;
      }
    } finally {
      unsubscribe();
      stop();
    }
  });
}

async function storedEvents(ctx: Context, topic: string, after: bigint): Promise<PublishedEvent[]> {
  return ctx.app.orm.em.fork().getConnection().execute<PublishedEvent[]>(
    'SELECT e.id::text AS id, e.topic, e.payload FROM domain_event e WHERE e.topic = ? AND e.id > ? ORDER BY e.id LIMIT ?',
    [topic, after.toString(), REPLAY_PAGE],
  );
}
