import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import type { CreateStaffUserInput, SetUserRolesInput } from './identity.inputs';
import { Role, UserKind } from './role';
import { forgetPrincipals, revokeSessions } from './session.service';
import { User } from './user.entity';

/**
 * The Master creates a staff account with its roles (seed 003: "Establece credenciales y niveles de acceso").
 * USERNAME_TAKEN or EMAIL_TAKEN when another account has it.
 */
export async function createStaffUser(ctx: Context, input: CreateStaffUserInput): Promise<User> {
  if (input.roles.includes(Role.CUSTOMER)) throw new DomainError('BAD_USER_INPUT', { field: 'roles' });
  const passwordHash = await ctx.app.passwords.hash(input.password);
  try {
    return await transact(ctx, async (em) => {
      const user = em.create(User, {
        username: input.username.toLowerCase(), email: input.email?.toLowerCase() ?? null, passwordHash, displayName: input.displayName,
        kind: UserKind.STAFF, roles: [...new Set(input.roles)], active: true, createdAt: new Date(),
      });
      em.persist(user);
      audit(em, ctx, 'user.created', { type: 'User', id: user.id }, { username: user.username, roles: user.roles });
      await em.flush();
      return user;
    });
  } catch (err) {
    // By constraint name: the SQL text in the message names every column, email included.
    const constraint = err instanceof UniqueConstraintViolationException ? (err as { constraint?: string }).constraint : undefined;
    if (constraint === 'app_user_username_unique') throw new DomainError('USERNAME_TAKEN');
    if (constraint === 'app_user_email_unique') throw new DomainError('EMAIL_TAKEN');
    throw err;
  }
}

/** Replaces a staff user's roles; effective on their next request. */
export async function setUserRoles(ctx: Context, input: SetUserRolesInput): Promise<User> {
  const changed = await transact(ctx, async (em) => {
    const user = await em.findOne(User, { id: input.userId, kind: UserKind.STAFF }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!user) throw new DomainError('NOT_FOUND');
    if (input.roles.includes(Role.CUSTOMER)) throw new DomainError('BAD_USER_INPUT', { field: 'roles' });
    const before = user.roles;
    user.roles = [...new Set(input.roles)];
    audit(em, ctx, 'user.roles_changed', { type: 'User', id: user.id }, { before, after: user.roles });
    return user;
  });
  forgetPrincipals(ctx, [changed.id]);
  return changed;
}

/** Enables or disables an account; disabling also ends its sessions. The Master cannot disable themself. */
export async function setUserActive(ctx: Context, userId: string, active: boolean): Promise<User> {
  if (userId === ctx.principal?.user.id && !active) throw new DomainError('FORBIDDEN');
  const changed = await transact(ctx, async (em) => {
    const user = await em.findOne(User, userId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!user) throw new DomainError('NOT_FOUND');
    user.active = active;
    if (!active) await revokeSessions(em, user.id, 'user_disabled');
    audit(em, ctx, active ? 'user.enabled' : 'user.disabled', { type: 'User', id: user.id });
    return user;
  });
  forgetPrincipals(ctx, [changed.id]);
  return changed;
}
