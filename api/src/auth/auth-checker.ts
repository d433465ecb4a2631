import type { AuthChecker } from 'type-graphql';
import type { Context, Principal } from '../context';
import { Customer } from '../modules/identity/customer.entity';
import { type AccessRule, Owner, Permission } from '../modules/identity/permission';
import { User } from '../modules/identity/user.entity';
import { DomainError } from '../shared/errors';

/**
 * type-graphql's gate for `@Authorized(...)`, on operations and on fields: signed in, and holding any one of the
 * rules named (none named: signed in is enough). `Owner` holds when the caller owns the field's parent object.
 * Refusals are `UNAUTHENTICATED` / `FORBIDDEN` GraphQL errors; a refused field answers null with its error.
 */
export const authChecker: AuthChecker<Context, AccessRule> = ({ context, root }, rules) => {
  const principal = context.principal;
  if (!principal) throw new DomainError('UNAUTHENTICATED');
  if (rules.length > 0 && !rules.some((rule) => (rule === Owner ? owns(principal, root) : principal.permissions.has(rule)))) {
    throw new DomainError('FORBIDDEN');
  }
  return true;
};

/** Whether `principal` owns `root`: is that user, is that customer, or is the customer the record is about. */
function owns(principal: Principal, root: unknown): boolean {
  if (root instanceof User) return root.id === principal.user.id;
  if (!principal.customerId) return false;
  if (root instanceof Customer) return root.id === principal.customerId;
  const customer = (root as { customer?: { id?: unknown } } | null)?.customer;
  return customer?.id === principal.customerId;
}

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
