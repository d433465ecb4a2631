import { createHash } from 'node:crypto';

/** Claim codes use the unit codes' unambiguous alphabet (no 0/O, 1/I/L): read from a printed slip and typed. */
const CLAIM_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Characters of a claim code (about 39 bits; wrong guesses are throttled per unit and per IP). */
const CLAIM_CODE_LENGTH = 8;

/**
 * How scans are counted: one per connection (client IP) per unit per clock hour (UTC). Reloads and the live
 * page's reconnections within the hour add nothing; a second phone on another network adds one.
 */
export const SCAN_WINDOW_MS = 60 * 60_000;

/** The start of the scan window `at` falls in (UTC hour). */
export function scanWindowStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / SCAN_WINDOW_MS) * SCAN_WINDOW_MS);
}

/**
 * The pseudonymous key a scan is stored under: SHA-256 of the unit id and the client IP, so the table holds
 * no addresses and one IP's keys cannot be matched across units.
 */
export function scanIpKey(unitId: string, ip: string): string {
  return createHash('sha256').update(`${unitId}\n${ip}`).digest('hex').slice(0, 32);
}

/** A claim code from `randomBytes` (at least 8 bytes), printed as `XXXX-XXXX`. */
export function claimCodeFrom(randomBytes: Uint8Array): string {
  if (randomBytes.length < CLAIM_CODE_LENGTH) throw new Error('claimCodeFrom needs 8 random bytes');
  let code = '';
  for (let i = 0; i < CLAIM_CODE_LENGTH; i += 1) code += CLAIM_ALPHABET[randomBytes[i]! % CLAIM_ALPHABET.length];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A claim code as typed (any case, spaces or dashes anywhere), or null when it cannot be one. */
export function normaliseClaimCode(text: string): string | null {
  const compact = text.trim().toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== CLAIM_CODE_LENGTH || [...compact].some((c) => !CLAIM_ALPHABET.includes(c))) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

/** What is stored of a claim code: its SHA-256 (hex) with the unit id, never the code itself. */
export function claimCodeHash(unitId: string, normalisedCode: string): string {
  return createHash('sha256').update(`${unitId}\n${normalisedCode}`).digest('hex');
}

/** How a unit was claimed. */
export type ClaimVia = 'SIGNED_IN' | 'CODE';

/**
 * Who may claim a sold, unclaimed unit and how: with the right code anyone may (the slip is the buyer's proof);
 * without a code, only the signed-in customer the unit was sold to. Returns the refusal code otherwise.
 */
export function claimDecision(c: {
  sold: boolean;
  claimed: boolean;
  codeGiven: boolean;
  codeMatches: boolean;
  callerCustomerId: string | null;
  buyerCustomerId: string | null;
}): { ok: true; via: ClaimVia } | { ok: false; code: 'UNIT_NOT_SOLD' | 'UNIT_ALREADY_CLAIMED' | 'CLAIM_CODE_INVALID' | 'CLAIM_CODE_REQUIRED' } {
  if (!c.sold) return { ok: false, code: 'UNIT_NOT_SOLD' };
  if (c.claimed) return { ok: false, code: 'UNIT_ALREADY_CLAIMED' };
  if (c.codeGiven) return c.codeMatches ? { ok: true, via: 'CODE' } : { ok: false, code: 'CLAIM_CODE_INVALID' };
  if (c.callerCustomerId && c.callerCustomerId === c.buyerCustomerId) return { ok: true, via: 'SIGNED_IN' };
  return { ok: false, code: 'CLAIM_CODE_REQUIRED' };
}

/** The public page a unit's QR code opens: `<portal>/trace/<code>`. */
export function unitTraceLink(portalUrl: string, unitCode: string): string {
  return `${portalUrl.replace(/\/+$/, '')}/trace/${encodeURIComponent(unitCode)}`;
}

/** The public page an order's QR code opens, named by its chain's unguessable token: `<portal>/trace/order/<token>`. */
export function orderTraceLink(portalUrl: string, token: string): string {
  return `${portalUrl.replace(/\/+$/, '')}/trace/order/${encodeURIComponent(token)}`;
}

