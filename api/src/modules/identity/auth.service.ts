import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import { Customer } from './customer.entity';
import { classifyLogin } from './identity.rules';
import type { SignInInput } from './identity.inputs';
import { pendingRegistrationFor } from './registration.service';
import { UserKind } from './role';
import { openSession, type SessionTokens } from './session.service';
import { loginAndIp, type ThrottleKey } from './throttle';
import { limits } from './throttle.rules';
import { User } from './user.entity';

/** The account a login names (username, email or customer code), with its password hash loaded. */
export async function findUserByLogin(em: EntityManager, login: string): Promise<User | null> {
  const { kind, value } = classifyLogin(login);
  if (kind === 'customerCode') return (await em.findOne(Customer, { code: value }, { populate: ['user', 'user.passwordHash'] }))?.user ?? null;
  return em.findOne(User, kind === 'email' ? { email: value } : { username: value }, { populate: ['passwordHash'] });
}

/**
 * Sign-in by username, email or customer code + password (argon2). Throttled before any hashing: 5 wrong
 * passwords per login and IP, then a block of 1 min doubling up to 1 h (cleared by a success); 30 an hour
 * per login; 100 a day per IP. Staff sign-ins, successful or not, are written to the access log. Throws
 * INVALID_CREDENTIALS, ACCOUNT_DISABLED, PHONE_NOT_VERIFIED (a pending sign-up, right password),
 * TOO_MANY_ATTEMPTS.
 */
export async function signIn(ctx: Context, input: SignInInput): Promise<SessionTokens> {
  const login = classifyLogin(input.login);
  const keys: ThrottleKey[] = [[limits.signInLoginIp, loginAndIp(login.value, ctx.ip)], [limits.signInLogin, login.value], [limits.signInIp, ctx.ip ?? 'unknown']];
  await ctx.app.throttle.assertOpen(keys);
  const em = ctx.em.fork();
  const user = await findUserByLogin(em, input.login);
  const pending = user ? null : await pendingRegistrationFor(em, login);
  const valid = await ctx.app.passwords.verify(user?.passwordHash ?? pending?.passwordHash ?? null, input.password);
  if (!valid) {
    await ctx.app.throttle.recordFailure(keys);
    if (user?.kind === UserKind.STAFF) {
      await transact(ctx, async (tx) => audit(tx, ctx, 'auth.sign_in_failed', { type: 'User', id: user.id }, { login: input.login }, user));
    }
    throw new DomainError('INVALID_CREDENTIALS');
  }
  await ctx.app.throttle.reset([keys[0]!]);
  if (!user) throw new DomainError('PHONE_NOT_VERIFIED');
  if (!user.active) throw new DomainError('ACCOUNT_DISABLED');
  await transact(ctx, async (tx) => {
    await tx.nativeUpdate(User, { id: user.id }, { lastSignInAt: new Date() });
    if (user.kind === UserKind.STAFF) audit(tx, ctx, 'auth.sign_in', { type: 'User', id: user.id }, {}, user);
  });
  return openSession(ctx, user);
}
