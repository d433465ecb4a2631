import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** Verification and reset codes: 6 digits, valid 10 minutes, 5 tries, one resend per minute. */
export const VERIFICATION_CODE_MINUTES = 10;
export const VERIFICATION_MAX_ATTEMPTS = 5;
export const VERIFICATION_RESEND_SECONDS = 60;

/** E.164 form of a phone written locally (Venezuela by default) or internationally; null when invalid. */
export function normalisePhone(input: string, defaultCountry: 'VE' | 'CL' = 'VE'): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

/** Customer codes use Crockford base32 without I, L, O, U: easy to read aloud and type. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A readable customer code, `MC-` + 6 characters, from 6 random bytes (the caller retries on a clash). */
export function formatCustomerCode(randomBytes: Uint8Array): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += CODE_ALPHABET[randomBytes[i]! % CODE_ALPHABET.length];
  return `MC-${code}`;
}

/** The kind of login a customer or staff member typed: customer code, email, or username. */
export function classifyLogin(login: string): { kind: 'customerCode' | 'email' | 'username'; value: string } {
  const value = login.trim();
  if (/^MC-[0-9A-Z]{6}$/i.test(value)) return { kind: 'customerCode', value: value.toUpperCase() };
  if (value.includes('@')) return { kind: 'email', value: value.toLowerCase() };
  return { kind: 'username', value: value.toLowerCase() };
}

/** Whether a verification attempt may proceed, and why not. Pending sign-ups have no `consumedAt` (they are deleted once used). */
export function checkVerificationAttempt(v: { expiresAt: Date; attempts: number; consumedAt?: Date | null }, now: Date):
  'VERIFICATION_CODE_EXPIRED' | 'VERIFICATION_ATTEMPTS_EXCEEDED' | undefined {
  if (v.consumedAt || v.expiresAt.getTime() < now.getTime()) return 'VERIFICATION_CODE_EXPIRED';
  if (v.attempts >= VERIFICATION_MAX_ATTEMPTS) return 'VERIFICATION_ATTEMPTS_EXCEEDED';
  return undefined;
}

/** Which part of a sign-up already belongs to a verified account (the phone first), or null. */
export type SignUpConflict = 'PHONE' | 'USERNAME' | 'EMAIL';

export function signUpConflict(taken: { phone: boolean; username: boolean; email: boolean }): SignUpConflict | null {
  if (taken.phone) return 'PHONE';
  if (taken.username) return 'USERNAME';
  if (taken.email) return 'EMAIL';
  return null;
}

/**
 * Seconds after a refresh token's rotation in which presenting it again is taken for two tabs refreshing at
 * once, not for a copied token: refused without ending the session. Later, reuse revokes the session.
 */
export const REFRESH_REUSE_GRACE_SECONDS = 10;

/** Whether a refresh token rotated at `rotatedAt`, presented again at `now`, falls in the grace above. */
export function isRotationRace(rotatedAt: Date, now: Date): boolean {
  return now.getTime() - rotatedAt.getTime() < REFRESH_REUSE_GRACE_SECONDS * 1000;
}
