import type { EntityManager } from '@mikro-orm/postgresql';
import { verifyAccessToken } from '../auth/tokens';
import type { Principal } from '../context';
import { Customer } from '../modules/identity/customer.entity';
import { type Permission, permissionsOf } from '../modules/identity/permission';
import { UserKind } from '../modules/identity/role';
import { Session } from '../modules/identity/session.entity';
import { retryTransient } from '../shared/retry';

interface Waiting {
  token: string;
  resolve(principal: Principal | null): void;
  reject(err: unknown): void;
}

/**
 * Reads the principals of many access tokens at once, with the rules of `resolvePrincipal` (token valid, its
 * session open and the user's, the user active, roles fresh from the database). One event reaches every open
 * connection in the same turn of the event loop; each asks for its principal, and the asks of one turn are
 * answered by two statements (sessions with their users, then the customers among them) whatever their number.
 */
export class PrincipalBatch {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly fork: () => EntityManager,
    private readonly secret: string,
  ) {}

  /** The principal `token` names now, or null (see `resolvePrincipal`); transient database faults are retried. */
  read(token: string): Promise<Principal | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ token, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // After the microtasks of this turn: every connection woken by the same event has asked by then.
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    try {
      const principals = await retryTransient(() => this.resolveAll(batch.map((w) => w.token)));
      batch.forEach((w, i) => w.resolve(principals[i]!));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }

  private async resolveAll(tokens: string[]): Promise<(Principal | null)[]> {
    const claims = await Promise.all(tokens.map((token) => verifyAccessToken(token, this.secret)));
    const sessionIds = [...new Set(claims.flatMap((c) => (c ? [c.sessionId] : [])))];
    if (sessionIds.length === 0) return tokens.map(() => null);
    const em = this.fork();
    const sessions = await em.find(Session, { id: { $in: sessionIds }, user: { active: true }, revokedAt: null }, { populate: ['user'] });
    const bySession = new Map(sessions.map((s) => [s.id, s]));
    const customerUsers = [...new Set(sessions.filter((s) => s.user.kind === UserKind.CUSTOMER).map((s) => s.user.id))];
    const customers = customerUsers.length === 0 ? [] : await em.find(Customer, { user: { $in: customerUsers } }, { fields: ['id', 'user'] });
    const customerOf = new Map(customers.map((c) => [c.user.id, c.id]));
    // One permission set per user, shared by its connections: the fan-out groups subscribers by it.
    const permissions = new Map<string, ReadonlySet<Permission>>();
    return claims.map((c) => {
      const session = c ? bySession.get(c.sessionId) : undefined;
      if (!c || !session || session.user.id !== c.userId) return null;
      const user = session.user;
      let held = permissions.get(user.id);
      if (!held) permissions.set(user.id, (held = permissionsOf(user.roles)));
      return { user, sessionId: session.id, customerId: customerOf.get(user.id) ?? null, permissions: held };
    });
  }
}

const batches = new WeakMap<object, PrincipalBatch>();

/** The one batch of an API instance (`app`), created on first use. */
export function principalBatchOf(app: { orm: { em: { fork(): EntityManager } }; config: { jwtSecret: string } }): PrincipalBatch {
  let batch = batches.get(app);
  if (!batch) batches.set(app, (batch = new PrincipalBatch(() => app.orm.em.fork(), app.config.jwtSecret)));
  return batch;
}
