import type { EntityManager } from '@mikro-orm/postgresql';
import { parse as parseCookies } from 'cookie';
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../context';
import { Customer } from '../modules/identity/customer.entity';
import { permissionsOf } from '../modules/identity/permission';
import { Session } from '../modules/identity/session.entity';
import { UserKind } from '../modules/identity/role';
import { type AccessClaims, verifyAccessToken } from './tokens';

/** Cookie names; both httpOnly, sameSite=lax. */
export const ACCESS_COOKIE = 'morna_access';
export const REFRESH_COOKIE = 'morna_refresh';

/** The access token of a request: `Authorization: Bearer …` first, then the httpOnly cookie. */
export function accessTokenFrom(headers: IncomingHttpHeaders | Record<string, unknown>): string | null {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) return authorization.slice(7).trim();
  const cookieHeader = headers.cookie;
  if (typeof cookieHeader === 'string') return parseCookies(cookieHeader)[ACCESS_COOKIE] ?? null;
  return null;
}

/**
 * The principal for an access token, or null (anonymous). Null unless all of these hold: the token is
 * signed with `secret` by Morna, is an access token, has not expired and carries `exp`, `iat`, `sub` and
 * `sid`; its session (`sid`) exists, belongs to `sub` and is not revoked (sign-out, refresh-token reuse,
 * password reset, disabled user); the user is active. Session and user are read in one query, and roles
 * fresh from the database, so a change by the Master applies to the next request. Live subscriptions
 * call this again to stop once it answers null.
 */
export async function resolvePrincipal(em: EntityManager, token: string | null, secret: string): Promise<Principal | null> {
  if (!token) return null;
  const claims = await verifyAccessToken(token, secret);
  return claims ? readPrincipal(em, claims) : null;
}

/** The principal of verified `claims` read from the database (see `resolvePrincipal`), or null. */
export async function readPrincipal(em: EntityManager, claims: AccessClaims): Promise<Principal | null> {
  const session = await em.findOne(Session, { id: claims.sessionId, user: { id: claims.userId, active: true }, revokedAt: null }, { populate: ['user'] });
  if (!session) return null;
  const user = session.user;
  const customer = user.kind === UserKind.CUSTOMER ? await em.findOne(Customer, { user: user.id }, { fields: ['id'] }) : null;
  return { user, sessionId: session.id, customerId: customer?.id ?? null, permissions: permissionsOf(user.roles) };
}
