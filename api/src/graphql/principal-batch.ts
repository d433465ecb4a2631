import type { EntityManager } from '@mikro-orm/postgresql';
import type { App } from '../app';
import type { Principal } from '../context';
import { type Permission, permissionsOf } from '../modules/identity/permission';
import { User } from '../modules/identity/user.entity';
import { sessionPrincipalRows } from '../auth/principal';
import type { PrincipalCache } from '../auth/principal-cache';
import { queryRows } from '../db/raw-reads';
import { retryTransient } from '../shared/retry';

/** What a connection proved at `connection_init` (its token verified then): whose session, until when. */
export interface VerifiedToken {
  userId: string;
  sessionId: string;
  expiresAtMs: number;
}

interface Waiting {
  tokens: readonly VerifiedToken[];
  resolve(principals: (Principal | null)[]): void;
  reject(err: unknown): void;
}

/** A user of the sessions read: its row, its permissions, and its entity once asked for. */
interface HeldUser {
  id: string;
  row: Record<string, unknown>;
  permissions: ReadonlySet<Permission>;
  user?: User;
}

/** A session of an active user, with the user's row and customer id, as the batch query returns it. */
type SessionRow = Record<string, unknown> & { session_id: string; customer_id: string | null };

/**
 * Reads the principals of many connections at once, with the rules of `resolvePrincipal`: the token has not
 * expired (its signature was checked when the connection opened and cannot change), its session is open and
 * the user's, the user is active, and roles come fresh from the database. One event reaches every open
 * connection in the same turn of the event loop; each asks for its principal, and the asks of one turn are
 * answered by one statement whatever their number.
 */
export class PrincipalBatch {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly fork: () => EntityManager,
    /** Offered every principal read here, fresh as a cache miss's read: a connection's next operation then finds its principal cached. */
    private readonly cache: Pick<PrincipalCache, 'stamp' | 'remember'>,
  ) {}

  /** The principal of a connection's verified token now, or null (see `resolvePrincipal`); transient database faults are retried. */
  read(token: VerifiedToken): Promise<Principal | null> {
    return this.readMany([token]).then(([principal]) => principal!);
  }

  /** `read` for many tokens at once, in their order: one promise for all (live delivery reads thousands per event). */
  readMany(tokens: readonly VerifiedToken[]): Promise<(Principal | null)[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ tokens, resolve, reject });
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
      const principals = await retryTransient(() => this.resolveAll(batch.flatMap((w) => w.tokens)));
      let start = 0;
      for (const w of batch) w.resolve(principals.slice(start, (start += w.tokens.length)));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }

  private async resolveAll(tokens: readonly VerifiedToken[]): Promise<(Principal | null)[]> {
    const at = Date.now();
    const sessionIds = [...new Set(tokens.flatMap((t) => (t.expiresAtMs > at ? [t.sessionId] : [])))];
    if (sessionIds.length === 0) return tokens.map(() => null);
    const em = this.fork();
    const stamp = this.cache.stamp();
    const rows = (await queryRows(em, sessionPrincipalRows, [sessionIds])) as SessionRow[];
    // One permission set and one User per user, shared by its connections (the fan-out groups subscribers by
    // the set). The User is built from its row when first read: live delivery reads ids and permissions only.
    const users = new Map<string, HeldUser>();
    const bySession = new Map<string, { held: HeldUser; customerId: string | null }>();
    for (const { session_id, customer_id, ...row } of rows) {
      const id = row.id as string;
      let held = users.get(id);
      if (!held) users.set(id, (held = { id, row, permissions: permissionsOf(row.roles as User['roles']) }));
      bySession.set(session_id, { held, customerId: customer_id });
      this.cache.remember(stamp, session_id, id, { userRow: row, customerId: customer_id });
    }
    const userOf = (held: HeldUser) => (held.user ??= em.map(User, held.row));
    // One principal object per session, shared by its connections (principals are never changed once read).
    const principals = new Map<string, Principal>();
    return tokens.map((t) => {
      const found = t.expiresAtMs > at ? bySession.get(t.sessionId) : undefined;
      if (!found || found.held.id !== t.userId) return null;
      let principal = principals.get(t.sessionId);
      if (!principal) {
        const { held, customerId } = found;
        principal = {
          get user() {
            return userOf(held);
          },
          sessionId: t.sessionId,
          customerId,
          permissions: held.permissions,
        };
        principals.set(t.sessionId, principal);
      }
      return principal;
    });
  }
}

const batches = new WeakMap<object, PrincipalBatch>();

/** The one batch of an API instance (`app`), created on first use; it feeds the instance's principal cache. */
export function principalBatchOf(app: Pick<App, 'orm' | 'principals'>): PrincipalBatch {
  let batch = batches.get(app);
  if (!batch) batches.set(app, (batch = new PrincipalBatch(() => app.orm.em.fork(), app.principals)));
  return batch;
}
