import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { openEventLog, writeRecordedEvents } from '../events/event-bus';

/**
 * Runs `work` in one database transaction and, only after it committed, wakes the event relay so
 * subscribers hear about the change. The work is flushed first; the events it recorded (`recordEvent`) are
 * written last, under the event lock, so their ids follow commit order. A thrown error rolls everything
 * back, events included.
 */
export async function transact<T>(ctx: Pick<Context, 'em' | 'app'>, work: (em: EntityManager) => Promise<T>): Promise<T> {
  let written = 0;
  const result = await ctx.em.transactional(async (em) => {
    openEventLog(em);
    const value = await work(em);
    await em.flush();
    written = await writeRecordedEvents(em);
    return value;
  });
  if (written > 0) ctx.app.relay.wake();
  return result;
}
