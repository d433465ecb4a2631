import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import type { Context } from '../../context';
import { DomainError, type ErrorCode } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { enqueueWhatsApp } from '../notifications/whatsapp.sender';
import { Customer } from './customer.entity';
import { checkVerificationAttempt, formatCustomerCode, normalisePhone, signUpConflict, VERIFICATION_CODE_MINUTES, VERIFICATION_RESEND_SECONDS, type SignUpConflict } from './identity.rules';
import type { RegisterCustomerInput, VerifyPhoneInput } from './identity.inputs';
import { codeMatches, hashCode, newCode } from './one-time-code';
import { Registration } from './registration.entity';
import { Role, UserKind } from './role';
import { openSession, type SessionTokens } from './session.service';
import { limits } from './throttle.rules';
import { clientIp, type ThrottleKey } from './throttle';
import { User } from './user.entity';

/** What a sign-up answers, identical whether or not its username, email or phone are taken. */
export interface PendingRegistration {
  registrationId: string;
  /** When the code (and the pending sign-up) expires (UTC). */
  expiresAt: Date;
}

function messageLimits(ctx: Context, phone: string): ThrottleKey[] {
  return [[limits.messagesPerIp, clientIp(ctx)], [limits.codesPerPhoneHour, phone], [limits.codesPerPhoneDay, phone]];
}

/** The verified account holding any of these, if one does. Always the same three lookups (same timing). */
async function conflictOf(em: EntityManager, r: Pick<Registration, 'phone' | 'username' | 'email'>): Promise<SignUpConflict | null> {
  const phone = (await em.count(Customer, { phone: r.phone })) > 0;
  const username = (await em.count(User, { username: r.username })) > 0;
  const email = r.email !== null && (await em.count(User, { email: r.email })) > 0;
  return signUpConflict({ phone, username, email });
}

const notices: Record<SignUpConflict, (r: Registration) => string> = {
  PHONE: () => 'Morna: alguien intentó crear una cuenta con este número, que ya tiene una. Si fuiste tú, inicia sesión o recupera tu contraseña.',
  USERNAME: (r) => `Morna: el nombre de usuario "${r.username}" ya está en uso. Regístrate de nuevo con otro.`,
  EMAIL: (r) => `Morna: el correo ${r.email} ya tiene una cuenta. Inicia sesión con ella o regístrate con otro correo.`,
};

/**
 * Sends the sign-up's WhatsApp message: a fresh code, or, when a verified account already holds its phone,
 * username or email, a notice saying so (to this phone only; the API answer stays the same).
 */
async function sendSignUpMessage(em: EntityManager, ctx: Context, registration: Registration, now: Date): Promise<void> {
  const conflict = await conflictOf(em, registration);
  const code = newCode();
  registration.codeHash = conflict ? null : hashCode(ctx.app.config.jwtSecret, registration.id, code);
  registration.attempts = 0;
  registration.sentAt = now;
  registration.expiresAt = new Date(now.getTime() + VERIFICATION_CODE_MINUTES * 60_000);
  enqueueWhatsApp(em, registration.phone, conflict ? notices[conflict](registration) : `Morna: tu código de verificación es ${code}. Vence en ${VERIFICATION_CODE_MINUTES} minutos.`);
}

/** Serialises sign-ups for one phone (a newer one replaces the pending one). */
async function lockPhone(em: EntityManager, phone: string): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`registration:${phone}`]);
}

/**
 * seed 003 "Registro ... validación por código de WhatsApp": records a pending sign-up (replacing any
 * pending one for the phone) and sends a 6-digit code by WhatsApp. The answer never tells whether the
 * username, email or phone are taken: the phone gets a notice instead of a code. Throws INVALID_PHONE,
 * TOO_MANY_ATTEMPTS (5 codes an hour and 10 a day per phone, 10 messages an hour per IP).
 */
export async function registerCustomer(ctx: Context, input: RegisterCustomerInput): Promise<PendingRegistration> {
  const phone = normalisePhone(input.phone);
  if (!phone) throw new DomainError('INVALID_PHONE');
  await ctx.app.throttle.consume(messageLimits(ctx, phone));
  const passwordHash = await ctx.app.passwords.hash(input.password);
  return transact(ctx, async (em) => {
    const now = new Date();
    await lockPhone(em, phone);
    await em.nativeDelete(Registration, { phone });
    const registration = em.create(Registration, {
      phone, username: input.username.toLowerCase(), email: input.email?.trim().toLowerCase() || null, fullName: input.fullName.trim(), passwordHash,
      codeHash: null, attempts: 0, expiresAt: now, sentAt: now, createdAt: now,
    });
    em.persist(registration);
    await sendSignUpMessage(em, ctx, registration, now);
    return { registrationId: registration.id, expiresAt: registration.expiresAt };
  });
}

/** Sends a new code for a pending sign-up (the previous one stops working), at most once a minute. */
export async function resendVerificationCode(ctx: Context, registrationId: string): Promise<Date> {
  return transact(ctx, async (em) => {
    const registration = await em.findOne(Registration, { id: registrationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const now = new Date();
    if (!registration || registration.expiresAt.getTime() < now.getTime()) throw new DomainError('VERIFICATION_CODE_EXPIRED');
    if (now.getTime() - registration.sentAt.getTime() < VERIFICATION_RESEND_SECONDS * 1000) throw new DomainError('VERIFICATION_RESEND_TOO_SOON');
    await ctx.app.throttle.consume(messageLimits(ctx, registration.phone));
    await sendSignUpMessage(em, ctx, registration, now);
    return registration.expiresAt;
  });
}

type VerifyOutcome = { user: User } | { refusal: ErrorCode; failure: boolean };

/** Creates the verified account of a sign-up whose code was right; the sign-up is used up either way. */
async function createAccount(em: EntityManager, registration: Registration, now: Date): Promise<VerifyOutcome> {
  em.remove(registration);
  const conflict = await conflictOf(em, registration);
  // Someone verified the same username, email or phone first; this caller proved they own the phone.
  if (conflict) return { refusal: `${conflict}_TAKEN`, failure: false };
  const user = em.create(User, {
    username: registration.username, email: registration.email, passwordHash: registration.passwordHash, displayName: registration.fullName,
    kind: UserKind.CUSTOMER, roles: [Role.CUSTOMER], active: true, createdAt: now, lastSignInAt: now,
  });
  em.persist(user);
  em.persist(em.create(Customer, {
    user, code: formatCustomerCode(randomBytes(6)), fullName: registration.fullName, email: registration.email, phone: registration.phone, phoneVerifiedAt: now, createdAt: now,
  }));
  await em.flush();
  return { user };
}

/**
 * Checks the WhatsApp code of a sign-up (10 minutes, 5 tries) and creates the verified customer account
 * with its customer code; signs them in. Throws VERIFICATION_CODE_INVALID / _EXPIRED /
 * VERIFICATION_ATTEMPTS_EXCEEDED, USERNAME_TAKEN / EMAIL_TAKEN / PHONE_TAKEN (taken while pending),
 * TOO_MANY_ATTEMPTS (20 refused codes an hour per IP).
 */
export async function verifyPhone(ctx: Context, input: VerifyPhoneInput): Promise<SessionTokens> {
  const keys: ThrottleKey[] = [[limits.verifyIp, clientIp(ctx)]];
  const user = await ctx.app.throttle.attempt(keys, async () => {
    const outcome = await verifyOnce(ctx, input);
    if ('user' in outcome) return { failed: false, value: outcome.user };
    // Taken while pending: the code was right, so it counts as no failure.
    if (!outcome.failure) throw new DomainError(outcome.refusal);
    return { failed: true, error: new DomainError(outcome.refusal) };
  });
  return openSession(ctx, user);
}

/** One verification in its own transaction, retried when a unique constraint trips. */
async function verifyOnce(ctx: Context, input: VerifyPhoneInput): Promise<VerifyOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await transact(ctx, async (em): Promise<VerifyOutcome> => {
        const registration = await em.findOne(Registration, { id: input.registrationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        const now = new Date();
        if (!registration) return { refusal: 'VERIFICATION_CODE_EXPIRED', failure: true };
        const refusal = checkVerificationAttempt(registration, now);
        if (refusal) return { refusal, failure: true };
        if (!codeMatches(ctx.app.config.jwtSecret, registration.id, input.code, registration.codeHash)) {
          registration.attempts += 1;
          return { refusal: 'VERIFICATION_CODE_INVALID', failure: true };
        }
        return createAccount(em, registration, now);
      });
    } catch (err) {
      // A customer-code clash (1 in 10⁹), or a concurrent verification of the same username/email/phone
      // (the next round sees it as taken).
      if (!(err instanceof UniqueConstraintViolationException) || attempt >= 3) throw err;
    }
  }
}

/** The pending sign-up a username or email belongs to (the newest), for sign-in to say PHONE_NOT_VERIFIED. */
export async function pendingRegistrationFor(em: EntityManager, login: { kind: string; value: string }): Promise<Registration | null> {
  if (login.kind === 'customerCode') return null;
  const [registration] = await em.find(Registration, login.kind === 'email' ? { email: login.value } : { username: login.value }, { orderBy: { createdAt: 'desc' }, limit: 1 });
  return registration ?? null;
}

/** Deletes expired pending sign-ups (the identity sweep). Returns how many. */
export async function deleteExpiredRegistrations(em: EntityManager, now: Date): Promise<number> {
  return em.nativeDelete(Registration, { expiresAt: { $lt: now } });
}
