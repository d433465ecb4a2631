import { Repeater } from '@graphql-yoga/subscription';
import type { Context, Principal } from '../context';
import { DomainError } from '../shared/errors';
import { retryTransient } from '../shared/retry';
import type { PublishedEvent } from './event-hub';
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
  /** Whether this event is for this subscriber. */
  concerns(payload: TopicPayloads[T], principal: Principal, ctx: Context): boolean | Promise<boolean>;
}

const REPLAY_PAGE = 200;

/**
 * The events of one subscription: the stored ones after `after` that pass the filter, then the live ones,
 * in id (= commit) order, none twice and none skipped. Before each event the subscriber's principal is read
 * again (once per connection and event): when it is gone (disabled, signed out, token expired) the
 * connection is closed; when it lost the subscription's permission the subscription completes.
 * FORBIDDEN / UNAUTHENTICATED on subscribing; see `checkEventCursor` for cursor refusals.
 */
export async function eventStream<T extends keyof TopicPayloads>(ctx: Context, options: EventStreamOptions<T>): Promise<AsyncIterable<StreamedEvent<TopicPayloads[T]>>> {
  if (!ctx.principal) throw new DomainError('UNAUTHENTICATED');
  if (!options.allowed(ctx.principal)) throw new DomainError('FORBIDDEN');
  const after = options.after == null ? null : await checkEventCursor(ctx.app.orm.em.fork(), options.after);
  const { hub } = ctx.app;
  return new Repeater<StreamedEvent<TopicPayloads[T]>>(async (push, stop) => {
    let stopped = false;
    void stop.then(() => (stopped = true));
    const live: PublishedEvent[] = [];
    let wake: (() => void) | undefined;
    // Listen before replaying: an event published meanwhile is both replayed and queued, and the id check drops the copy.
    const unsubscribe = hub.on(options.topic, (event) => {
      live.push(event);
      wake?.();
    });
    let last = -1n;
    /** Delivers one event if it is for this subscriber; false when the subscription must end. */
    const offer = async (event: PublishedEvent): Promise<boolean> => {
      const id = BigInt(event.id);
      if (id <= last) return true;
      last = id;
      const payload = event.payload as unknown as TopicPayloads[T];
      // Who an event concerns does not change with the principal's rights, so most events are skipped without a query.
      if (!(await options.concerns(payload, ctx.principal!, ctx))) return true;
      const principal = ctx.session ? await ctx.session.principalAt(event.id) : ctx.principal;
      if (!principal || !options.allowed(principal)) return false;
      ctx.principal = principal;
      if (await options.concerns(payload, principal, ctx)) await Promise.race([push({ cursor: event.id, payload }), stop]);
      return !stopped;
    };
    try {
      if (after !== null) {
        last = BigInt(after);
        for (;;) {
          const page = await retryTransient(() => storedEvents(ctx, options.topic, last));
          for (const event of page) if (!(await offer(event))) return;
          if (page.length < REPLAY_PAGE) break;
        }
      }
      while (!stopped) {
        const event = live.shift();
        if (event) {
          if (!(await offer(event))) return;
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
