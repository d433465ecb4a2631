import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** A random 6-digit code for WhatsApp (sign-up, password reset). */
export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** HMAC of a code bound to the row it belongs to, so a stored hash cannot be replayed on another row. */
export function hashCode(secret: string, rowId: string, code: string): string {
  return createHmac('sha256', secret).update(`${rowId}:${code}`).digest('hex');
}

/** Whether `code` is the one hashed in `stored` (constant time); a null hash matches nothing. */
export function codeMatches(secret: string, rowId: string, code: string, stored: string | null): boolean {
  if (!stored) return false;
  const given = Buffer.from(hashCode(secret, rowId, code), 'hex');
  const expected = Buffer.from(stored, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
