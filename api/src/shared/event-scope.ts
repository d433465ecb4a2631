import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { Loaders } from './loaders';
import { retryTransient } from './retry';

/**
 * A WebSocket subscription keeps one context for its whole life; every event must read fresh data, not the
 * identity map and loader caches of the previous events.
 */
export function renewEventScope(ctx: Context): void {
  ctx.em = ctx.app.orm.em.fork();
  ctx.loaders = new Loaders(ctx.em);
}

/**
 * What a subscription resolver reads for one event, in a fresh scope; a failed read (database blip) is
 * retried with backoff (`retryTransient`) rather than losing the event. Refusals (DomainError) are not retried.
 */
export function readForEvent<T>(ctx: Context, read: (em: EntityManager) => Promise<T>): Promise<T> {
  return retryTransient(() => {
    renewEventScope(ctx);
    return read(ctx.em);
  });
}
