import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { hashToken, newRefreshToken, signAccessToken } from '../../auth/tokens';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { isRotationRace } from './identity.rules';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';
import { User } from './user.entity';

/** Tokens handed to a client after sign-in, verification or refresh. */
export interface SessionTokens {
  accessToken: string;
  /** Access token expiry (UTC). */
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: User;
}

/** Why a session ended (kept on the row for support and audits). */
export type RevokeReason = 'sign_out' | 'refresh_token_reuse' | 'password_reset' | 'user_disabled';

function issueRefreshToken(em: EntityManager, ctx: Context, session: Session, now: number): string {
  const { token, hash } = newRefreshToken();
  em.persist(em.create(RefreshToken, { session, tokenHash: hash, expiresAt: new Date(now + ctx.app.config.refreshTokenDays * 86_400_000), createdAt: new Date(now) }));
  return token;
}

async function tokensFor(ctx: Context, user: User, session: Session, refreshToken: string, now: number): Promise<SessionTokens> {
  const ttl = ctx.app.config.accessTokenSeconds;
  const accessToken = await signAccessToken({ userId: user.id, sessionId: session.id }, ctx.app.config.jwtSecret, ttl);
  return { accessToken, accessTokenExpiresAt: new Date(now + ttl * 1000), refreshToken, user };
}

/** Starts a session for `user` (a new refresh-token family) and issues its first tokens. */
export async function openSession(ctx: Context, user: User): Promise<SessionTokens> {
  const now = Date.now();
  const { session, refreshToken } = await transact(ctx, async (em) => {
    const session = em.create(Session, { user: em.getReference(User, user.id), createdAt: new Date(now) });
    em.persist(session);
    return { session, refreshToken: issueRefreshToken(em, ctx, session, now) };
  });
  return tokensFor(ctx, user, session, refreshToken, now);
}

/**
 * Exchanges a refresh token for new tokens of the same session, retiring the old token (rotation). A
 * retired token presented again means it was copied: the whole session is revoked, so the copy and the
 * original both stop working; within REFRESH_REUSE_GRACE_SECONDS of its rotation it is only refused (another
 * tab refreshed at the same moment; it goes on with the cookie the first answer set). Throws
 * REFRESH_TOKEN_INVALID, ACCOUNT_DISABLED.
 */
export async function refreshSession(ctx: Context, refreshToken: string): Promise<SessionTokens> {
  const now = Date.now();
  let revokedUser: string | undefined;
  const outcome = await transact(ctx, async (em) => {
    const stored = await em.findOne(RefreshToken, { tokenHash: hashToken(refreshToken) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!stored || stored.expiresAt.getTime() < now) return null;
    const session = await em.findOneOrFail(Session, stored.session.id, { populate: ['user'] });
    if (session.revokedAt) return null;
    if (stored.rotatedAt) {
      // Two tabs refreshing at once present the same token: the later one is refused, the session goes on.
      if (isRotationRace(stored.rotatedAt, new Date(now))) return null;
      Object.assign(session, { revokedAt: new Date(now), revokedReason: 'refresh_token_reuse' satisfies RevokeReason });
      revokedUser = session.user.id;
      return null;
    }
    if (!session.user.active) throw new DomainError('ACCOUNT_DISABLED');
    stored.rotatedAt = new Date(now);
    return { session, user: session.user, refreshToken: issueRefreshToken(em, ctx, session, now) };
  });
  // A reused token must still revoke its session: that commits, then refuses.
  forgetPrincipals(ctx, [revokedUser]);
  if (!outcome) throw new DomainError('REFRESH_TOKEN_INVALID');
  return tokensFor(ctx, outcome.user, outcome.session, outcome.refreshToken, now);
}

/** Ends the session of `refreshToken` and the caller's current session; unknown tokens are ignored. */
export async function signOut(ctx: Context, refreshToken: string | null): Promise<void> {
  const userIds = await transact(ctx, async (em) => {
    const fromToken = refreshToken ? (await em.findOne(RefreshToken, { tokenHash: hashToken(refreshToken) }, { populate: ['session'] }))?.session : undefined;
    const ids = [fromToken?.id, ctx.principal?.sessionId].filter((id): id is string => !!id);
    if (ids.length) await em.nativeUpdate(Session, { id: { $in: ids }, revokedAt: null }, { revokedAt: new Date(), revokedReason: 'sign_out' satisfies RevokeReason });
    return [fromToken?.user.id, ctx.principal?.user.id];
  });
  forgetPrincipals(ctx, userIds);
}

/**
 * After this instance committed a change to users or sessions: their cached principals go at once (the
 * trigger's NOTIFY does it for every instance, but may reach this one after the caller's next request).
 */
export function forgetPrincipals(ctx: Context, userIds: readonly (string | null | undefined)[]): void {
  for (const id of userIds) if (id) ctx.app.principals.forgetUser(id);
}

/** Revokes every open session of a user (password reset, disabled account); their tokens stop at once. */
export async function revokeSessions(em: EntityManager, userId: string, reason: RevokeReason): Promise<void> {
  await em.nativeUpdate(Session, { user: userId, revokedAt: null }, { revokedAt: new Date(), revokedReason: reason });
}
