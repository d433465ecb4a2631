import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { principalOf } from '../../auth/auth-checker';
import { DomainError } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import { Customer } from '../identity/customer.entity';
import { User } from '../identity/user.entity';
import { ApiKey } from './api-key.entity';
import type { ApiKeySecret, CreateApiKeyInput } from './api-key.inputs';
import { ApiKeyState, expiryRefusal, formatKey, keyState, roleCustomerRefusal } from './api-key.rules';
import { hashSecret, newSecret } from './api-key.secrets';

/**
 * Creates a key (audited `api_key.created`). Refusals: BAD_USER_INPUT {field: customerCode, reason:
 * CUSTOMER_REQUIRED | CUSTOMER_NOT_ALLOWED} when role and customer do not go together, {field: expiresAt,
 * reason: IN_THE_PAST | TOO_FAR}; NOT_FOUND {field: customerCode} for an unknown customer code.
 */
export async function createApiKey(ctx: Context, input: CreateApiKeyInput): Promise<ApiKeySecret> {
  const master = principalOf(ctx).user;
  const customerReason = roleCustomerRefusal(input.role, input.customerCode);
  if (customerReason) throw new DomainError('BAD_USER_INPUT', { field: 'customerCode', reason: customerReason });
  const customerCode = input.customerCode?.trim().toUpperCase() || null;
  const expiryReason = expiryRefusal(input.expiresAt, new Date());
  if (expiryReason) throw new DomainError('BAD_USER_INPUT', { field: 'expiresAt', reason: expiryReason });
  const { config } = ctx.app;
  const secret = newSecret();
  return transact(ctx, async (em) => {
    const customer = customerCode ? await em.findOne(Customer, { code: customerCode }, { populate: ['user'] }) : null;
    if (customerCode && !customer) throw new DomainError('NOT_FOUND', { field: 'customerCode' });
    const key = em.create(ApiKey, {
      name: input.name.trim(),
      role: input.role,
      customer,
      actor: customer ? customer.user : em.getReference(User, master.id),
      createdBy: em.getReference(User, master.id),
      createdAt: new Date(),
      expiresAt: input.expiresAt,
      secretHash: hashSecret(secret, config.apiKeys.pepper),
      requestsPerMinute: input.requestsPerMinute ?? config.apiKeys.defaultRequestsPerMinute,
      requestsPerDay: input.requestsPerDay ?? config.apiKeys.defaultRequestsPerDay,
      minuteCount: 0,
      dayCount: 0,
      previousDayCount: 0,
    });
    audit(em, ctx, 'api_key.created', { type: 'ApiKey', id: key.id }, { name: key.name, role: key.role, customerId: customer?.id ?? null, expiresAt: key.expiresAt.toISOString() });
    return { apiKey: key, secret: formatKey(key.id, secret) };
  });
}

/**
 * Gives an active key a new secret (audited `api_key.rotated`); the old one works for `graceMinutes` more
 * (0: stops at once). Refusals: NOT_FOUND; API_KEY_NOT_ACTIVE for a revoked or expired key.
 */
export async function rotateApiKey(ctx: Context, id: string, graceMinutes: number): Promise<ApiKeySecret> {
  const secret = newSecret();
  return transact(ctx, async (em) => {
    const key = await lockedKey(em, id);
    const now = new Date();
    if (keyState(key, now) !== ApiKeyState.ACTIVE) throw new DomainError('API_KEY_NOT_ACTIVE');
    key.previousSecretHash = graceMinutes > 0 ? key.secretHash : null;
    key.previousValidUntil = graceMinutes > 0 ? new Date(now.getTime() + graceMinutes * 60_000) : null;
    key.secretHash = hashSecret(secret, ctx.app.config.apiKeys.pepper);
    key.rotatedAt = now;
    audit(em, ctx, 'api_key.rotated', { type: 'ApiKey', id: key.id }, { name: key.name, graceMinutes });
    return { apiKey: key, secret: formatKey(key.id, secret) };
  });
}

/** Revokes a key at once, its grace-period secret included (audited `api_key.revoked`; again: no change). NOT_FOUND. */
export async function revokeApiKey(ctx: Context, id: string): Promise<ApiKey> {
  return transact(ctx, async (em) => {
    const key = await lockedKey(em, id);
    if (key.revokedAt) return key;
    key.revokedAt = new Date();
    key.previousValidUntil = null;
    key.previousSecretHash = null;
    audit(em, ctx, 'api_key.revoked', { type: 'ApiKey', id: key.id }, { name: key.name });
    return key;
  });
}

/** The key, locked for the transaction so a rotation and a revocation cannot interleave. NOT_FOUND. */
async function lockedKey(em: EntityManager, id: string): Promise<ApiKey> {
  const key = await em.findOne(ApiKey, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!key) throw new DomainError('NOT_FOUND');
  return key;
}
