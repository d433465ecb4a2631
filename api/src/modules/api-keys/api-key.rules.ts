import { registerEnumType } from 'type-graphql';
import { Role } from '../identity/role';

/**
 * Pure rules of API keys: the key's text form, its state, whether a role and customer go together, and the
 * verdict of the rate limits (with the header values). No I/O and no clock: callers pass `now`.
 */

/** Whether a key may be used now. */
export enum ApiKeyState {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(ApiKeyState, { name: 'ApiKeyState', description: 'ACTIVE (usable), EXPIRED (past its expiry) or REVOKED (by the Master).' });

/** The text before a key's id: `mk_live_<id>_<secret>`. */
export const KEY_PREFIX = 'mk_live_';

const KEY_PATTERN = /^mk_live_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** The key's public part (`mk_live_<id>`), shown in lists so a key can be recognised without its secret. */
export function publicPrefix(id: string): string {
  return `${KEY_PREFIX}${id.replaceAll('-', '')}`;
}

/** The full key handed to the third party once: the public prefix, then the 256-bit secret (base64url). */
export function formatKey(id: string, secret: string): string {
  return `${publicPrefix(id)}_${secret}`;
}

/** The key id (uuid) and secret of a key text, or null when it is not shaped like a Morna key. */
export function parseKey(text: string): { id: string; secret: string } | null {
  const match = KEY_PATTERN.exec(text);
  if (!match) return null;
  const hex = match[1]!;
  return { id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`, secret: match[2]! };
}

/** Whether `text` looks like an API key (so it is never tried as an access token). */
export function looksLikeKey(text: string): boolean {
  return text.startsWith(KEY_PREFIX);
}

export function keyState(key: { revokedAt: Date | null; expiresAt: Date }, now: Date): ApiKeyState {
  if (key.revokedAt) return ApiKeyState.REVOKED;
  return key.expiresAt.getTime() <= now.getTime() ? ApiKeyState.EXPIRED : ApiKeyState.ACTIVE;
}

/**
 * Why a new key's role and customer do not go together, or null: a customer key ("own records only") has the
 * CUSTOMER role and names its customer; a staff role names none.
 */
export function roleCustomerRefusal(role: Role, customerCode: string | null | undefined): 'CUSTOMER_REQUIRED' | 'CUSTOMER_NOT_ALLOWED' | null {
  const named = Boolean(customerCode?.trim());
  if (role === Role.CUSTOMER) return named ? null : 'CUSTOMER_REQUIRED';
  return named ? 'CUSTOMER_NOT_ALLOWED' : null;
}

/** Longest life of a key, and the longest grace period of an old secret after a rotation. */
export const MAX_KEY_DAYS = 366;
export const MAX_GRACE_MINUTES = 7 * 24 * 60;

/** Why an expiry is refused, or null: it must be in the future and at most MAX_KEY_DAYS away. */
export function expiryRefusal(expiresAt: Date, now: Date): 'IN_THE_PAST' | 'TOO_FAR' | null {
  if (expiresAt.getTime() <= now.getTime()) return 'IN_THE_PAST';
  return expiresAt.getTime() - now.getTime() > MAX_KEY_DAYS * 86_400_000 ? 'TOO_FAR' : null;
}

/** The counts of one request as the usage statement left them (this request included), and the database's now. */
export interface Usage {
  minuteCount: number;
  dayCount: number;
  now: Date;
}

export interface Limits {
  requestsPerMinute: number;
  requestsPerDay: number;
}

/**
 * The verdict on one request: allowed or not, and the `RateLimit-*` header values. Windows are fixed UTC
 * minutes and days. The headers describe the window nearest exhaustion (the one with the fewest requests left;
 * when refused, the one that refuses and ends last), as the IETF draft advises; `resetSeconds` is the time to
 * that window's end, rounded up, and is also `Retry-After` when refused.
 */
export function rateVerdict(limits: Limits, usage: Usage): { allowed: boolean; limit: number; remaining: number; resetSeconds: number; policy: string } {
  const nowMs = usage.now.getTime();
  const minuteEnd = Math.floor(nowMs / 60_000) * 60_000 + 60_000;
  const dayEnd = Math.floor(nowMs / 86_400_000) * 86_400_000 + 86_400_000;
  const windows = [
    { limit: limits.requestsPerMinute, used: usage.minuteCount, endMs: minuteEnd },
    { limit: limits.requestsPerDay, used: usage.dayCount, endMs: dayEnd },
  ];
  const over = windows.filter((w) => w.used > w.limit);
  const shown = over.length > 0 ? over[over.length - 1]! : windows.reduce((a, b) => (b.limit - b.used < a.limit - a.used ? b : a));
  return {
    allowed: over.length === 0,
    limit: shown.limit,
    remaining: Math.max(0, shown.limit - shown.used),
    resetSeconds: Math.max(1, Math.ceil((shown.endMs - nowMs) / 1000)),
    policy: `${limits.requestsPerMinute};w=60, ${limits.requestsPerDay};w=86400`,
  };
}
