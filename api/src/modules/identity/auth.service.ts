import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import argon2 from 'argon2';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { hashToken, newRefreshToken, signAccessToken } from '../../auth/tokens';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import { enqueueWhatsApp } from '../notifications/whatsapp.sender';
import { Customer } from './customer.entity';
import {
  checkVerificationAttempt, classifyLogin, formatCustomerCode, normalisePhone, VERIFICATION_CODE_MINUTES, VERIFICATION_RESEND_SECONDS,
} from './identity.rules';
import type { RegisterCustomerInput, SignInInput, VerifyPhoneInput } from './identity.inputs';
import { PhoneVerification } from './phone-verification.entity';
import { RefreshToken } from './refresh-token.entity';
import { Role, UserKind } from './role';
import { User } from './user.entity';

/** Tokens handed to a client after sign-in, verification or refresh. */
export interface Session {
  accessToken: string;
  /** Access token expiry (UTC). */
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: User;
}

// Verifying a made-up hash keeps sign-in timing the same whether or not the login exists.
let dummyHash: Promise<string> | undefined;

/** argon2id hash of a password. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

function hashCode(secret: string, verificationId: string, code: string): string {
  return createHmac('sha256', secret).update(`${verificationId}:${code}`).digest('hex');
}

/** Creates a verification code for `customer` in `em`'s transaction and queues it on WhatsApp. */
function issueVerificationCode(em: EntityManager, ctx: Context, customer: Customer, now: Date): PhoneVerification {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const verification = em.create(PhoneVerification, {
    customer,
    codeHash: '',
    expiresAt: new Date(now.getTime() + VERIFICATION_CODE_MINUTES * 60_000),
    attempts: 0,
    createdAt: now,
  });
  verification.codeHash = hashCode(ctx.app.config.jwtSecret, verification.id, code);
  em.persist(verification);
  enqueueWhatsApp(em, customer.phone, `Morna: tu código de verificación es ${code}. Vence en ${VERIFICATION_CODE_MINUTES} minutos.`);
  return verification;
}

/**
 * seed 003 "Registro ... validación por código de WhatsApp y creación de un ID de cliente": creates the
 * customer (unverified) with a unique code and sends a 6-digit code. Throws USERNAME_TAKEN, EMAIL_TAKEN,
 * PHONE_TAKEN, INVALID_PHONE.
 */
export async function registerCustomer(ctx: Context, input: RegisterCustomerInput): Promise<{ customer: Customer; verificationExpiresAt: Date }> {
  const phone = normalisePhone(input.phone);
  if (!phone) throw new DomainError('INVALID_PHONE');
  const username = input.username.toLowerCase();
  const email = input.email?.trim().toLowerCase() || null;
  const passwordHash = await hashPassword(input.password);
  for (let attempt = 0; ; attempt++) {
    try {
      return await transact(ctx, async (em) => {
        const now = new Date();
        const user = em.create(User, { username, email, passwordHash, displayName: input.fullName.trim(), kind: UserKind.CUSTOMER, roles: [Role.CUSTOMER], active: true, createdAt: now });
        const customer = em.create(Customer, { user, code: formatCustomerCode(randomBytes(6)), fullName: input.fullName.trim(), email, phone, createdAt: now });
        em.persist([user, customer]);
        const verification = issueVerificationCode(em, ctx, customer, now);
        await em.flush();
        return { customer, verificationExpiresAt: verification.expiresAt };
      });
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      const constraint = String((err as { constraint?: string }).constraint ?? err.message);
      if (constraint.includes('username')) throw new DomainError('USERNAME_TAKEN');
      if (constraint.includes('email')) throw new DomainError('EMAIL_TAKEN');
      if (constraint.includes('phone')) throw new DomainError('PHONE_TAKEN');
      // A customer-code clash (1 in 10⁹): draw another code.
      if (attempt >= 3) throw err;
    }
  }
}

async function findUserByLogin(em: EntityManager, login: string): Promise<User | null> {
  const { kind, value } = classifyLogin(login);
  if (kind === 'customerCode') return (await em.findOne(Customer, { code: value }, { populate: ['user', 'user.passwordHash'] }))?.user ?? null;
  return em.findOne(User, kind === 'email' ? { email: value } : { username: value }, { populate: ['passwordHash'] });
}

/**
 * Checks the WhatsApp code (at most 5 tries, 10 minutes) and marks the phone verified; signs the customer
 * in. Throws VERIFICATION_CODE_INVALID / _EXPIRED / VERIFICATION_ATTEMPTS_EXCEEDED, ALREADY_VERIFIED.
 */
export async function verifyPhone(ctx: Context, input: VerifyPhoneInput): Promise<Session> {
  const outcome = await transact(ctx, async (em) => {
    const user = await findUserByLogin(em, input.login);
    const customer = user ? await em.findOne(Customer, { user }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!user || !customer) throw new DomainError('VERIFICATION_CODE_INVALID');
    if (customer.phoneVerifiedAt) throw new DomainError('ALREADY_VERIFIED');
    const [verification] = await em.find(PhoneVerification, { customer, consumedAt: null }, { orderBy: { createdAt: 'desc' }, limit: 1 });
    const now = new Date();
    if (!verification) throw new DomainError('VERIFICATION_CODE_EXPIRED');
    const refusal = checkVerificationAttempt(verification, now);
    if (refusal) throw new DomainError(refusal);
    if (hashCode(ctx.app.config.jwtSecret, verification.id, input.code) !== verification.codeHash) {
      verification.attempts += 1;
      return { ok: false as const };
    }
    verification.consumedAt = now;
    customer.phoneVerifiedAt = now;
    user.lastSignInAt = now;
    return { ok: true as const, user };
  });
  // A wrong code must still count the attempt: it commits, then refuses.
  if (!outcome.ok) throw new DomainError('VERIFICATION_CODE_INVALID');
  return openSession(ctx, outcome.user);
}

/** Sends a new code (the previous one stops working), at most once a minute. */
export async function resendVerificationCode(ctx: Context, login: string): Promise<Date> {
  return transact(ctx, async (em) => {
    const user = await findUserByLogin(em, login);
    const customer = user ? await em.findOne(Customer, { user }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!customer) throw new DomainError('NOT_FOUND');
    if (customer.phoneVerifiedAt) throw new DomainError('ALREADY_VERIFIED');
    const now = new Date();
    const pending = await em.find(PhoneVerification, { customer, consumedAt: null });
    if (pending.some((p) => now.getTime() - p.createdAt.getTime() < VERIFICATION_RESEND_SECONDS * 1000)) throw new DomainError('VERIFICATION_RESEND_TOO_SOON');
    for (const p of pending) p.consumedAt = now;
    return issueVerificationCode(em, ctx, customer, now).expiresAt;
  });
}

/**
 * Sign-in by username, email or customer code + password (argon2). Staff sign-ins, successful or not,
 * are written to the access log. Throws INVALID_CREDENTIALS, ACCOUNT_DISABLED, PHONE_NOT_VERIFIED.
 */
export async function signIn(ctx: Context, input: SignInInput): Promise<Session> {
  const em = ctx.em.fork();
  const user = await findUserByLogin(em, input.login);
  const valid = user ? await argon2.verify(user.passwordHash, input.password) : await argon2.verify(await (dummyHash ??= hashPassword('not-a-password')), input.password).then(() => false);
  if (!user || !valid) {
    if (user?.kind === UserKind.STAFF) {
      await transact(ctx, async (tx) => audit(tx, ctx, 'auth.sign_in_failed', { type: 'User', id: user.id }, { login: input.login }, user));
    }
    throw new DomainError('INVALID_CREDENTIALS');
  }
  if (!user.active) throw new DomainError('ACCOUNT_DISABLED');
  if (user.kind === UserKind.CUSTOMER) {
    const customer = await em.findOneOrFail(Customer, { user });
    if (!customer.phoneVerifiedAt) throw new DomainError('PHONE_NOT_VERIFIED');
  }
  await transact(ctx, async (tx) => {
    await tx.nativeUpdate(User, { id: user.id }, { lastSignInAt: new Date() });
    if (user.kind === UserKind.STAFF) audit(tx, ctx, 'auth.sign_in', { type: 'User', id: user.id }, {}, user);
  });
  return openSession(ctx, user);
}

/** Issues an access token and a new refresh token for `user`. */
async function openSession(ctx: Context, user: User): Promise<Session> {
  const { token, hash } = newRefreshToken();
  const now = Date.now();
  await transact(ctx, async (em) => {
    em.persist(em.create(RefreshToken, { user: em.getReference(User, user.id), tokenHash: hash, expiresAt: new Date(now + ctx.app.config.refreshTokenDays * 86_400_000), createdAt: new Date(now) }));
  });
  const ttl = ctx.app.config.accessTokenSeconds;
  return { accessToken: await signAccessToken(user.id, ctx.app.config.jwtSecret, ttl), accessTokenExpiresAt: new Date(now + ttl * 1000), refreshToken: token, user };
}

/** Exchanges a refresh token for a new session, revoking the old token (rotation). Throws REFRESH_TOKEN_INVALID. */
export async function refreshSession(ctx: Context, refreshToken: string): Promise<Session> {
  const user = await transact(ctx, async (em) => {
    const stored = await em.findOne(RefreshToken, { tokenHash: hashToken(refreshToken) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!stored || stored.revokedAt || stored.expiresAt.getTime() < Date.now()) throw new DomainError('REFRESH_TOKEN_INVALID');
    stored.revokedAt = new Date();
    const owner = await em.findOneOrFail(User, stored.user.id);
    if (!owner.active) throw new DomainError('ACCOUNT_DISABLED');
    return owner;
  });
  return openSession(ctx, user);
}

/** Revokes a refresh token (sign-out); unknown tokens are ignored. */
export async function signOut(ctx: Context, refreshToken: string | null): Promise<void> {
  if (!refreshToken) return;
  await transact(ctx, async (em) => {
    await em.nativeUpdate(RefreshToken, { tokenHash: hashToken(refreshToken), revokedAt: null }, { revokedAt: new Date() });
  });
}
