import type { App } from '../../api/src/app';
import { wsOperationContext } from '../../api/src/graphql/ws-context';

describe('wsOperationContext', () => {
  it('forks its EntityManager on first use only, keeps it, and lets a subscription renew it for each event', () => {
    let forks = 0;
    const app = { orm: { em: { fork: () => ({ fork: (forks += 1) }) } } } as unknown as App;
    const ctx = wsOperationContext(app, { principal: null, requestId: 'r', ip: null });
    expect(forks).toBe(0);
    expect({ ...ctx }).not.toHaveProperty('em');
    const first = ctx.em;
    expect(ctx.em).toBe(first);
    expect(forks).toBe(1);
    const renewed = app.orm.em.fork();
    ctx.em = renewed;
    expect(ctx.em).toBe(renewed);
    const loaders = ctx.loaders;
    expect(ctx.loaders).toBe(loaders);
    ctx.loaders = { renewed: true } as unknown as typeof loaders;
    expect(ctx.loaders).toEqual({ renewed: true });
  });
});
