import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { DomainError } from './errors';
import { Loaders } from './loaders';
import { retryTransient } from './retry';

/**
 * A WebSocket subscription keeps one context for its whole life; every event must read fresh data, not the
 * identity map and loader caches of the previous events.
 */
function renewEventScope(ctx: Context): void {
  ctx.em = ctx.app.orm.em.fork();
  ctx.loaders = new Loaders(ctx.em);
}

/**
 * The item a subscription resolver reads for one event, in a fresh scope. A transient failure (database blip)
 * is retried with backoff (`retryTransient`) rather than losing the event; NOT_FOUND when the item is gone
 * (deleted since the event).
 */
export async function readForEvent<T extends object>(ctx: Context, read: (em: EntityManager) => Promise<T | null>): Promise<T> {
  const item = await retryTransient(() => {
    renewEventScope(ctx);
    return read(ctx.em);
  });
  if (item === null) throw new DomainError('NOT_FOUND');
  return item;
}
