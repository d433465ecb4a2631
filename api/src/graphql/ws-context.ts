import type { App } from '../app';
import type { Context, Principal, PrincipalSource } from '../context';
import { Loaders } from '../shared/loaders';

/**
 * The context of one WebSocket operation, whose EntityManager fork and DataLoaders are made on first use. A
 * subscription's events execute in their group's own fork (`FanoutExecutor`), so most subscriptions never
 * touch theirs: thousands of idle subscribers then hold no EntityManager (memory, and the garbage collector's
 * work on every event). `em` and `loaders` are not enumerable: spreading the context does not make them.
 */
export function wsOperationContext(app: App, fields: { principal: Principal | null; session?: PrincipalSource; requestId: string; ip: string | null }): Context {
  let em: Context['em'] | undefined;
  let loaders: Loaders | undefined;
  const context = { app, ...fields } as Context;
  // Writable too: a subscription resolver renews both for every event (`readForEvent`).
  return Object.defineProperties(context, {
    em: { get: () => (em ??= app.orm.em.fork()), set: (value: Context['em']) => void (em = value) },
    loaders: { get: () => (loaders ??= new Loaders(context.em)), set: (value: Loaders) => void (loaders = value) },
  });
}
