import { Repeater } from '@graphql-yoga/subscription';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { MAX_EVENT_BACKLOG } from '../../events/event-stream';
import { Topic, type TraceAnchoringChangedPayload } from '../../events/topics';

/** Subscription fields a WebSocket without credentials may run (a unit's or an order's public trace page). */
export const PUBLIC_SUBSCRIPTION_FIELDS: ReadonlySet<string> = new Set(['unitTraceUpdated', 'orderTraceUpdated']);

/**
 * Live TRACE_ANCHORING_CHANGED events of one chain for a subscriber who need not be signed in (a unit's or an
 * order's public page): no replay (the page reads the trace again after a reconnect, it is always whole), at
 * most MAX_EVENT_BACKLOG waiting (then SUBSCRIPTION_LAGGING and the end).
 */
export function publicTraceStream(ctx: Context, matches: (p: TraceAnchoringChangedPayload) => boolean): AsyncIterable<TraceAnchoringChangedPayload> {
  return new Repeater<TraceAnchoringChangedPayload>(async (push, stop) => {
    const waiting: TraceAnchoringChangedPayload[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = ctx.app.hub.on(Topic.TraceAnchoringChanged, (event) => {
      const payload = event.payload as unknown as TraceAnchoringChangedPayload;
      if (!matches(payload)) return;
      if (waiting.length >= MAX_EVENT_BACKLOG) {
        waiting.length = 0;
        stop(new DomainError('SUBSCRIPTION_LAGGING', { maxBacklog: MAX_EVENT_BACKLOG }));
        return;
      }
      waiting.push(payload);
      wake?.();
    });
    let stopped = false;
    void stop.then(() => (stopped = true));
    try {
      while (!stopped) {
        const next = waiting.shift();
        if (next) {
          await Promise.race([push(next), stop]);
          continue;
        }
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), stop]);
        wake = undefined;
      }
    } finally {
      unsubscribe();
    }
  });
}
