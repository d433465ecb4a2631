import type { Context } from '../context';
import { Loaders } from './loaders';

/**
 * A WebSocket subscription keeps one context for its whole life; every event must read fresh data, not the
 * identity map and loader caches of the previous events. Subscription resolvers call this first.
 */
export function renewEventScope(ctx: Context): void {
  ctx.em = ctx.app.orm.em.fork();
  ctx.loaders = new Loaders(ctx.em);
}
