import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';

/**
 * Runs `work` in one database transaction (flushed at the end) and, only after it committed, wakes the
 * event relay so subscribers hear about the change. A thrown error rolls everything back, events included.
 */
export async function transact<T>(ctx: Pick<Context, 'em' | 'app'>, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const result = await ctx.em.transactional(work);
  ctx.app.relay.afterCommit();
  return result;
}
