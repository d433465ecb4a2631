import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Key secrets are 256 random bits, so a fast keyed hash is enough (argon2 is for guessable passwords):
 * HMAC-SHA256 under the server pepper (API_KEY_PEPPER). A stolen table alone cannot confirm a guessed secret,
 * and checking a key costs microseconds on every request.
 */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of `secret` (hex). */
export function hashSecret(secret: string, pepper: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

/** Whether `secret` hashes to `stored`, in constant time. */
export function secretMatches(secret: string, stored: string | null, pepper: string): boolean {
  if (!stored) return false;
  const given = Buffer.from(hashSecret(secret, pepper), 'hex');
  const expected = Buffer.from(stored, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
