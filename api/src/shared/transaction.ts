import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { openEventLog, writeRecordedEvents } from '../events/event-bus';
import type { PublishedEvent } from '../events/event-hub';

/**
 * Runs `work` in one database transaction and, only after it committed, hands the events it wrote to the event
 * relay so subscribers hear about the change. The work is flushed first; the events it recorded (`recordEvent`)
 * are written last, under the event lock, so their ids follow commit order. A thrown error rolls everything
 * back, events included.
 */
export async function transact<T>(ctx: Pick<Context, 'em' | 'app'>, work: (em: EntityManager) => Promise<T>): Promise<T> {
  // Inside an outer transaction, "committed" here is only a savepoint: the outer commit's NOTIFY wakes the relay.
  const nested = ctx.em.isInTransaction();
  let written: PublishedEvent[] = [];
  let writtenAt = 0;
  const { relay } = ctx.app;
  try {
    const result = await ctx.em.transactional(async (em) => {
      openEventLog(em);
      const value = await work(em);
      await em.flush();
      writtenAt = performance.now();
      written = await writeRecordedEvents(em, nested ? null : relay.tag);
      return value;
    });
    if (written.length > 0 && !nested) relay.committed(written, writtenAt);
    return result;
  } catch (err) {
    // The commit may have happened before its answer was lost: read the table rather than count on the hand-over.
    if (written.length > 0) relay.wake();
    throw err;
  }
}
