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
