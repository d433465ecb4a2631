import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { User } from '../identity/user.entity';
import { AuditLogEntry } from './audit-log-entry.entity';

/**
 * Adds an audit entry to the unit of work of `em`, so it commits (or rolls back) with the action it
 * records. `actor` defaults to the caller; it is referenced by id so a user loaded elsewhere can be named.
 */
export function audit(
  em: EntityManager,
  ctx: Pick<Context, 'principal' | 'ip'>,
  action: string,
  target?: { type: string; id: string } | null,
  detail: Record<string, unknown> = {},
  actor: User | null = ctx.principal?.user ?? null,
): void {
  em.persist(
    em.create(AuditLogEntry, {
      at: new Date(),
      actor: actor ? em.getReference(User, actor.id) : null,
      actorName: actor?.displayName ?? null,
      action,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
      detail,
      ip: ctx.ip,
    }),
  );
}
