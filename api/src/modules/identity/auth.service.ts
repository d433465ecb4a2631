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
import { accountAndIp, accountSubject, clientIp, type ThrottleKey } from './throttle';
import { limits } from './throttle.rules';
import { User } from './user.entity';

/** The account a login names (username, email or customer code), with its password hash loaded. */
export async function findUserByLogin(em: EntityManager, login: string): Promise<User | null> {
  const { kind, value } = classifyLogin(login);
  if (kind === 'customerCode') return (await em.findOne(Customer, { code: value }, { populate: ['user', 'user.passwordHash'] }))?.user ?? null;
  return em.findOne(User, kind === 'email' ? { email: value } : { username: value }, { populate: ['passwordHash'] });
}

/**
 * Sign-in by username, email or customer code + password (argon2). Throttled before any hashing, per account
 * (its username, email and customer code count as one): 5 wrong passwords per account and IP, then a block
 * of 1 min doubling up to 1 h (cleared by a success); 30 an hour per account; 100 a day per IP. Staff
 * sign-ins, successful or not, are written to the access log. Throws INVALID_CREDENTIALS, ACCOUNT_DISABLED,
 * PHONE_NOT_VERIFIED (the password of a pending sign-up with this username or email, and not of a verified
 * account), TOO_MANY_ATTEMPTS.
 */
export async function signIn(ctx: Context, input: SignInInput): Promise<SessionTokens> {
  const em = ctx.em.fork();
  const user = await findUserByLogin(em, input.login);
  const account = accountSubject(user?.id ?? null, input.login);
  const keys: ThrottleKey[] = [[limits.signInLoginIp, accountAndIp(account, ctx)], [limits.signInLogin, account], [limits.signInIp, clientIp(ctx)]];
  const matched = await ctx.app.throttle.attempt(keys, async () => {
    // The pending sign-up is checked whether or not a verified account holds the login, and a wrong password
    // always costs both checks: neither the answer nor its timing tells whether a username or email is taken.
    const pending = await pendingRegistrationFor(em, classifyLogin(input.login));
    const match = await ctx.app.passwords.firstMatch([user?.passwordHash ?? null, pending?.passwordHash ?? null], input.password);
    if (match >= 0) return { failed: false, value: match === 0 ? 'account' : 'pending' } as const;
    if (user?.kind === UserKind.STAFF) {
      await transact(ctx, async (tx) => audit(tx, ctx, 'auth.sign_in_failed', { type: 'User', id: user.id }, { login: input.login }, user));
    }
    return { failed: true, error: new DomainError('INVALID_CREDENTIALS') };
  }, [keys[0]!]);
  if (matched === 'pending' || !user) throw new DomainError('PHONE_NOT_VERIFIED');
  if (!user.active) throw new DomainError('ACCOUNT_DISABLED');
  await transact(ctx, async (tx) => {
    await tx.nativeUpdate(User, { id: user.id }, { lastSignInAt: new Date() });
    if (user.kind === UserKind.STAFF) audit(tx, ctx, 'auth.sign_in', { type: 'User', id: user.id }, {}, user);
  });
  return openSession(ctx, user);
}
