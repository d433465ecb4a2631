import type { AuthChecker } from 'type-graphql';
import type { Context } from '../context';
import { Permission } from '../modules/identity/permission';
import { DomainError } from '../shared/errors';

/**
 * type-graphql's gate for `@Authorized(...)`: signed in, and holding every permission named. Refusals are
 * `UNAUTHENTICATED` / `FORBIDDEN` GraphQL errors.
 */
export const authChecker: AuthChecker<Context, Permission> = ({ context }, permissions) => {
  if (!context.principal) throw new DomainError('UNAUTHENTICATED');
  if (!permissions.every((p) => context.principal!.permissions.has(p))) throw new DomainError('FORBIDDEN');
  return true;
};

/** The principal of a resolver guarded by `@Authorized`. */
export function principalOf(ctx: Context) {
  if (!ctx.principal) throw new DomainError('UNAUTHENTICATED');
  return ctx.principal;
}

/** The customer id of the caller, for `:own` operations; staff callers are refused. */
export function customerIdOf(ctx: Context): string {
  const id = principalOf(ctx).customerId;
  if (!id) throw new DomainError('FORBIDDEN');
  return id;
}

export function can(ctx: Context, permission: Permission): boolean {
  return ctx.principal?.permissions.has(permission) ?? false;
}
