import type { EntityManager } from '@mikro-orm/postgresql';
import { parse as parseCookies } from 'cookie';
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../context';
import { Customer } from '../modules/identity/customer.entity';
import { permissionsOf } from '../modules/identity/permission';
import { User } from '../modules/identity/user.entity';
import { UserKind } from '../modules/identity/role';
import { verifyAccessToken } from './tokens';

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
 * The principal for an access token, or null (anonymous) when there is no valid token or the user is
 * disabled. Roles are read from the database, so a change by the Master applies to the next request.
 */
export async function resolvePrincipal(em: EntityManager, token: string | null, secret: string): Promise<Principal | null> {
  if (!token) return null;
  const userId = await verifyAccessToken(token, secret);
  if (!userId) return null;
  const user = await em.findOne(User, { id: userId, active: true });
  return user ? principalOfUser(em, user) : null;
}

/** The principal of an active user: their customer id (customers) and the permissions of their roles. */
export async function principalOfUser(em: EntityManager, user: User): Promise<Principal> {
  const customer = user.kind === UserKind.CUSTOMER ? await em.findOne(Customer, { user: user.id }, { fields: ['id'] }) : null;
  return { user, customerId: customer?.id ?? null, permissions: permissionsOf(user.roles) };
}
