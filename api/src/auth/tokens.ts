import { createHash, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

const ISSUER = 'morna';

/** Who an access token speaks for: the user (`sub`) and their session (`sid`). */
export interface AccessClaims {
  userId: string;
  sessionId: string;
  /** When the token expires (`exp`), epoch ms; set by `verifyAccessToken`. */
  expiresAt?: number;
}

/** A short-lived HS256 access token naming the user and session; roles are read fresh on every request. */
export async function signAccessToken(claims: AccessClaims, secret: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ typ: 'access', sid: claims.sessionId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(secret));
}

/**
 * The claims of a valid access token, or null: wrong signature or issuer, expired, or lacking any of
 * `exp`, `iat`, `sub`, `sid` (a token that never expires is refused).
 */
export async function verifyAccessToken(token: string, secret: string): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { issuer: ISSUER, algorithms: ['HS256'], requiredClaims: ['exp', 'iat', 'sub', 'sid'] });
    return payload.typ === 'access' && typeof payload.sub === 'string' && typeof payload.sid === 'string' ? { userId: payload.sub, sessionId: payload.sid, expiresAt: payload.exp! * 1000 } : null;
  } catch {
    return null;
  }
}

/** Past this many tokens, `VerifiedTokens` first drops the expired ones, then all if that is not enough. */
const VERIFIED_TOKENS_MAX = 10_000;

/**
 * Access tokens already verified, with their claims, until they expire: a token's signature, issuer and claims
 * do not change, and time only brings its expiry closer, so one verification holds until `exp` (issue 8: the
 * HMAC and JOSE parsing ran on every request). Revocation is not a token's business: the session and user
 * are checked on every request (PrincipalCache).
 */
export class VerifiedTokens {
  private readonly claims = new Map<string, AccessClaims & { expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** `verifyAccessToken(token, secret)`, from memory when verified before and not yet expired. */
  async verify(token: string, secret: string): Promise<AccessClaims | null> {
    const known = this.claims.get(token);
    if (known && known.expiresAt > this.now()) return known;
    if (known) this.claims.delete(token);
    const claims = await verifyAccessToken(token, secret);
    if (claims?.expiresAt !== undefined) this.remember(token, claims as AccessClaims & { expiresAt: number });
    return claims;
  }

  private remember(token: string, claims: AccessClaims & { expiresAt: number }): void {
    if (this.claims.size >= VERIFIED_TOKENS_MAX) {
      const now = this.now();
      for (const [known, c] of this.claims) if (c.expiresAt <= now) this.claims.delete(known);
      if (this.claims.size >= VERIFIED_TOKENS_MAX) this.claims.clear();
    }
    this.claims.set(token, claims);
  }
}

/** A random refresh token (given to the client once) and the hash stored in the database. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
