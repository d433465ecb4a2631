import type { EntityManager } from '@mikro-orm/postgresql';
import { parse as parseCookies } from 'cookie';
import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../context';
import { queryRows, statement } from '../db/raw-reads';
import { permissionsOf } from '../modules/identity/permission';
import { UserKind } from '../modules/identity/role';
import { User } from '../modules/identity/user.entity';
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

/** Live sessions (not revoked, user active) with their user and, for a customer, the customer row: every principal read's source. */
const LIVE_SESSIONS = `auth_session s JOIN app_user u ON u.id = s.user_id
  LEFT JOIN customer c ON c.user_id = u.id AND u.kind = '${UserKind.CUSTOMER}'
  WHERE s.revoked_at IS NULL AND u.active`;

/** Session, user and (for a customer) customer id of verified claims, by the rules of `resolvePrincipal`. */
const principalRow = statement(`SELECT c.id AS principal_customer_id, u.* FROM ${LIVE_SESSIONS} AND s.id = $1 AND s.user_id = $2`);

/**
 * The live sessions among $1 (uuid[]) with their user's columns and their customer id: what `readPrincipal`
 * reads, for many sessions at once (PrincipalBatch). Planned for each call: one session or thousands.
 */
export const sessionPrincipalRows = statement(`SELECT s.id AS session_id, c.id AS customer_id, u.* FROM ${LIVE_SESSIONS} AND s.id = ANY($1::uuid[])`, { prepared: false });

/** What a principal is built from: its user's row (the `app_user` columns, as read) and, for a customer, the customer id. */
export interface PrincipalRow {
  userRow: Record<string, unknown>;
  customerId: string | null;
}

/**
 * The principal of verified `claims` read from the database (see `resolvePrincipal`), or null: one prepared
 * statement (every request whose principal is not cached runs it), the user managed by `em`.
 */
export async function readPrincipal(em: EntityManager, claims: AccessClaims): Promise<Principal | null> {
  const found = await readPrincipalRow(em, claims);
  return found && principalFromRow(em, claims.sessionId, found);
}

/** `readPrincipal`'s row, before the principal is built from it (PrincipalCache keeps rows). */
export async function readPrincipalRow(em: EntityManager, claims: AccessClaims): Promise<PrincipalRow | null> {
  const [row] = await queryRows(em, principalRow, [claims.sessionId, claims.userId]);
  if (!row) return null;
  const { principal_customer_id: customerId, ...userRow } = row;
  return { userRow, customerId: (customerId as string | null) ?? null };
}

/** The principal of session `sessionId` from its row; the user is built in `em` when first read (most reads need only ids and permissions). */
export function principalFromRow(em: EntityManager, sessionId: string, { userRow, customerId }: PrincipalRow): Principal {
  let user: User | undefined;
  return {
    get user() {
      return (user ??= em.map(User, userRow));
    },
    sessionId,
    customerId,
    permissions: permissionsOf(userRow.roles as User['roles']),
  };
}
