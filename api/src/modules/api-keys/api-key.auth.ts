import type { EntityManager } from '@mikro-orm/postgresql';
import type { IncomingHttpHeaders } from 'node:http';
import type { App } from '../../app';
import type { Principal } from '../../context';
import { audit } from '../audit/audit.service';
import { Permission, rolePermissions } from '../identity/permission';
import { ApiKey } from './api-key.entity';
import { ApiKeyState, keyState, looksLikeKey, parseKey, rateVerdict } from './api-key.rules';
import { secretMatches } from './api-key.secrets';
import { countRequest } from './api-key.usage';

/** The key text of a request: `X-Api-Key`, or `Authorization: Bearer mk_live_…`; null when it carries none. */
export function apiKeyFrom(headers: IncomingHttpHeaders | Record<string, unknown>): string | null {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header.trim()) return header.trim();
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
    const token = authorization.slice(7).trim();
    if (looksLikeKey(token)) return token;
  }
  return null;
}

/** A key that authenticated, and the principal it acts as. */
export interface KeyCaller {
  key: ApiKey;
  principal: Principal;
}

/**
 * The caller of key text `text`, or null (unknown key, wrong secret, revoked, expired, or its user disabled).
 * One indexed read by the id inside the key; the secret is checked against the current hash, and against the
 * previous one while a rotation's grace period lasts. The key's permissions are its role's, without
 * apikey:manage (a key never makes keys).
 */
export async function authenticateKey(em: EntityManager, text: string, pepper: string, now: Date = new Date()): Promise<KeyCaller | null> {
  const parsed = parseKey(text);
  if (!parsed) return null;
  const key = await em.findOne(ApiKey, { id: parsed.id }, { populate: ['actor'] });
  if (!key || keyState(key, now) !== ApiKeyState.ACTIVE || !key.actor.active) return null;
  const current = secretMatches(parsed.secret, key.secretHash, pepper);
  const inGrace = !current && key.previousValidUntil !== null && key.previousValidUntil > now && secretMatches(parsed.secret, key.previousSecretHash, pepper);
  if (!current && !inGrace) return null;
  const permissions = new Set(rolePermissions[key.role].filter((p) => p !== Permission.ManageApiKeys));
  return { key, principal: { user: key.actor, sessionId: null, apiKeyId: key.id, customerId: key.customer?.id ?? null, permissions } };
}

/** The outcome of metering one request of a key: the header values, and whether it may go on. */
export interface Metered {
  allowed: boolean;
  headers: Record<string, string>;
  retryAfterSeconds: number;
}

/**
 * Counts one request of `caller`'s key against its per-minute and per-day limits (one statement, shared by
 * every instance) and answers the `RateLimit-*` headers. The first request of each UTC day writes one audit
 * entry (`api_key.used`, with the previous day's request count): per-request rows would swamp the log, and
 * last_used_at and the counts carry the rest.
 */
export async function meterRequest(app: App, caller: KeyCaller, ip: string | null): Promise<Metered> {
  const em = app.orm.em.fork();
  const usage = await countRequest(em, caller.key.id);
  // The key was deleted between the read and the count: nothing to limit, the principal still expires.
  if (!usage) return { allowed: false, headers: {}, retryAfterSeconds: 1 };
  const verdict = rateVerdict(caller.key, usage);
  if (usage.firstOfDay) {
    audit(em, { principal: caller.principal, ip }, 'api_key.used', { type: 'ApiKey', id: caller.key.id }, { name: caller.key.name, previousDayRequests: usage.previousDayCount });
    await em.flush();
  }
  const headers: Record<string, string> = {
    'RateLimit-Policy': verdict.policy,
    'RateLimit-Limit': String(verdict.limit),
    'RateLimit-Remaining': String(verdict.remaining),
    'RateLimit-Reset': String(verdict.resetSeconds),
  };
  if (!verdict.allowed) headers['Retry-After'] = String(verdict.resetSeconds);
  return { allowed: verdict.allowed, headers, retryAfterSeconds: verdict.resetSeconds };
}
