import { LockMode } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { enqueueWhatsApp } from '../notifications/whatsapp.sender';
import { findUserByLogin } from './auth.service';
import { Customer } from './customer.entity';
import { checkVerificationAttempt, VERIFICATION_CODE_MINUTES } from './identity.rules';
import type { ResetPasswordInput } from './identity.inputs';
import { codeMatches, hashCode, newCode } from './one-time-code';
import { PasswordReset } from './password-reset.entity';
import { UserKind } from './role';
import { forgetPrincipals, revokeSessions } from './session.service';
import { accountAndIp, accountSubject, clientIp, type ThrottleKey } from './throttle';
import { limits } from './throttle.rules';
import { User } from './user.entity';

/**
 * Sends a 6-digit code by WhatsApp to the verified phone of the active customer account named by `login`
 * (username, email or customer code); earlier codes stop working. Answers the same whether or not such an
 * account exists. Throws TOO_MANY_ATTEMPTS (3 requests an hour per account, whichever login names it; 10
 * messages an hour per IP).
 */
export async function requestPasswordReset(ctx: Context, login: string): Promise<void> {
  if (login.length > 120) throw new DomainError('BAD_USER_INPUT', { field: 'login' });
  const user = await findUserByLogin(ctx.em.fork(), login);
  await ctx.app.throttle.consume([[limits.messagesPerIp, clientIp(ctx)], [limits.resetRequestsPerLogin, accountSubject(user?.id ?? null, login)]]);
  if (user?.kind !== UserKind.CUSTOMER || !user.active) return;
  await transact(ctx, async (em) => {
    const customer = await em.findOne(Customer, { user: user.id });
    if (!customer) return;
    const now = new Date();
    await em.nativeUpdate(PasswordReset, { user: user.id, consumedAt: null }, { consumedAt: now });
    const code = newCode();
    const reset = em.create(PasswordReset, { user: em.getReference(User, user.id), codeHash: '', expiresAt: new Date(now.getTime() + VERIFICATION_CODE_MINUTES * 60_000), attempts: 0, createdAt: now });
    reset.codeHash = hashCode(ctx.app.config.jwtSecret, reset.id, code);
    em.persist(reset);
    enqueueWhatsApp(em, customer.phone, `Morna: tu código para cambiar la contraseña es ${code}. Vence en ${VERIFICATION_CODE_MINUTES} minutos. Si no lo pediste, ignora este mensaje.`);
  });
}

/**
 * Sets a new password with the code from requestPasswordReset (10 minutes, 5 tries, once) and ends every
 * session of the account. Any wrong, expired, used-up or unknown code or login answers RESET_CODE_INVALID
 * alike. Throws TOO_MANY_ATTEMPTS (5 refused codes per account and IP, then a growing block; 20 an hour per
 * account).
 */
export async function resetPassword(ctx: Context, input: ResetPasswordInput): Promise<void> {
  const user = await findUserByLogin(ctx.em.fork(), input.login);
  const account = accountSubject(user?.id ?? null, input.login);
  const keys: ThrottleKey[] = [[limits.resetLoginIp, accountAndIp(account, ctx)], [limits.resetLogin, account]];
  await ctx.app.throttle.attempt(keys, async () => {
    const done = user !== null && await transact(ctx, async (em) => {
      const [reset] = await em.find(PasswordReset, { user: user.id, consumedAt: null }, { orderBy: { createdAt: 'desc' }, limit: 1, lockMode: LockMode.PESSIMISTIC_WRITE });
      const now = new Date();
      if (!reset || checkVerificationAttempt(reset, now)) return false;
      if (!codeMatches(ctx.app.config.jwtSecret, reset.id, input.code, reset.codeHash)) {
        reset.attempts += 1;
        return false;
      }
      // Hashed while the reset row is locked: a refusal (busy hasher) rolls back and leaves the code usable.
      const passwordHash = await ctx.app.passwords.hash(input.newPassword);
      reset.consumedAt = now;
      await em.nativeUpdate(User, { id: user.id }, { passwordHash });
      await revokeSessions(em, user.id, 'password_reset');
      return true;
    });
    if (done) forgetPrincipals(ctx, [user.id]);
    return done ? { failed: false, value: undefined } : { failed: true, error: new DomainError('RESET_CODE_INVALID') };
  }, [keys[0]!]);
}
