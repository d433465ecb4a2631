import { createCookieSessionStorage, type AppLoadContext, type Session } from '@remix-run/node';
import type { MessageKey } from '../i18n/i18n';

/** The API's tokens of the signed-in customer. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** ISO time the access token expires. */
  accessTokenExpiresAt: string;
}

/** A sign-up waiting for its WhatsApp code. */
export interface PendingRegistration {
  registrationId: string;
  phone: string;
  /** ISO time the code (and the pending sign-up) expires. */
  expiresAt: string;
  /** ISO time from which another code may be asked for (60 s after the last one). */
  resendAt: string;
}

export interface SessionData {
  tokens: Tokens;
  registration: PendingRegistration;
  /** The login a password-reset code was asked for. */
  resetLogin: string;
}

interface FlashData {
  notice: MessageKey;
}

export type PortalSession = Session<SessionData, FlashData>;

/** Seconds a resend waits after a code was sent (the API's VERIFICATION_RESEND_TOO_SOON window). */
export const RESEND_SECONDS = 60;

/**
 * The portal's own cookie session: signed with PORTAL_SESSION_SECRET, httpOnly (scripts never see the API's
 * tokens), SameSite=Lax (cross-site POSTs carry no session), Secure in production; it lasts as long as
 * the API's refresh token.
 */
function storage(context: AppLoadContext) {
  return createCookieSessionStorage<SessionData, FlashData>({
    cookie: {
      name: '__morna_portal',
      httpOnly: true,
      sameSite: 'lax',
      secure: context.portal.secureCookies,
      path: '/',
      secrets: [context.portal.sessionSecret],
      maxAge: 30 * 24 * 3600,
    },
  });
}

/** The request's session; a cookie that fails its signature is an empty session. */
export function getSession(request: Request, context: AppLoadContext): Promise<PortalSession> {
  return storage(context).getSession(request.headers.get('Cookie'));
}

/** The Set-Cookie value that saves `session`. */
export function commitSession(context: AppLoadContext, session: PortalSession): Promise<string> {
  return storage(context).commitSession(session);
}

/** The Set-Cookie value that removes the session cookie. */
export function destroySession(context: AppLoadContext, session: PortalSession): Promise<string> {
  return storage(context).destroySession(session);
}

/** The API's own httpOnly cookie for the access token (`ACCESS_COOKIE` in api/src/auth/principal.ts). */
const ACCESS_COOKIE = 'morna_access';

/**
 * Set-Cookie for the API's access-token cookie, beside the portal's session: the browser's WebSocket to
 * `/graphql` on this same origin carries it, so live updates authenticate without a token ever reaching
 * scripts (httpOnly). Without `tokens`, the cookie is removed.
 */
export function accessCookie(context: AppLoadContext, tokens?: Tokens): string {
  const attributes = `Path=/; HttpOnly; SameSite=Lax${context.portal.secureCookies ? '; Secure' : ''}`;
  if (!tokens) return `${ACCESS_COOKIE}=; ${attributes}; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  return `${ACCESS_COOKIE}=${tokens.accessToken}; ${attributes}; Expires=${new Date(tokens.accessTokenExpiresAt).toUTCString()}`;
}
