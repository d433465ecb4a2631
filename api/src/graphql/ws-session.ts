import { decodeJwt } from 'jose';
import type { App } from '../app';
import { resolvePrincipal } from '../auth/principal';
import { verifyAccessToken } from '../auth/tokens';
import type { Principal, PrincipalSource } from '../context';
import { retryTransient } from '../shared/retry';
import { principalBatchOf, type VerifiedToken } from './principal-batch';

/** WebSocket close codes the API uses (4400–4499 are graphql-ws's application range). */
export const WsCloseCode = {
  /** No, bad or expired token. */
  Unauthorized: 4401,
  /** The user was disabled or their session ended. */
  Forbidden: 4403,
  /** Over the per-user or per-IP connection cap. */
  TooManyConnections: 4429,
  /** An unexpected failure while the connection was set up (reason: `Internal error <errorId>`). */
  InternalError: 4500,
} as const;

/** setTimeout's largest delay (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One authenticated WebSocket connection. The access token is taken once, at `connection_init`; the
 * principal is read from it again for every event (once per event for all the connection's subscriptions, in one
 * query with the other connections': `PrincipalBatch`),
 * so a disabled user, a removed role or a signed-out session take effect on open subscriptions. The socket
 * is closed when the principal is gone, and when the token expires.
 */
export class WsSession implements PrincipalSource {
  private latest?: { eventId: string; principal: Promise<Principal | null> };
  private readonly expiry: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly app: App,
    private readonly token: string,
    /** The token's claims, its signature checked at `open`: live events re-read the session, not the signature. */
    private readonly verified: VerifiedToken,
    private readonly closeSocket: (code: number, reason: string) => void,
  ) {
    this.expiry = setTimeout(() => this.close(WsCloseCode.Unauthorized, 'Token expired'), Math.min(MAX_TIMER_MS, Math.max(0, verified.expiresAtMs - Date.now())));
    this.expiry.unref();
  }

  get userId(): string {
    return this.verified.userId;
  }

  /** A session for `token`, or null when it names no active user (the caller closes with 4401). */
  static async open(app: App, token: string, closeSocket: (code: number, reason: string) => void): Promise<WsSession | null> {
    const principal = await resolvePrincipal(app.orm.em.fork(), token, app.config.jwtSecret);
    if (!principal) return null;
    const { exp } = decodeJwt(token);
    return new WsSession(app, token, { userId: principal.user.id, sessionId: principal.sessionId, expiresAtMs: (exp ?? 0) * 1000 }, closeSocket);
  }

  /** The principal now, read fresh (a new operation on the connection); closes the socket when it is gone. */
  async current(): Promise<Principal | null> {
    const principal = await retryTransient(() => resolvePrincipal(this.app.orm.em.fork(), this.token, this.app.config.jwtSecret));
    if (!principal) await this.revoke();
    return principal;
  }

  /** The principal for one event, read once for all the connection's subscriptions and batched with every other connection's. */
  principalAt(eventId: string): Promise<Principal | null> {
    if (this.latest?.eventId !== eventId) this.latest = { eventId, principal: this.closed ? Promise.resolve(null) : this.batched() };
    return this.latest.principal;
  }

  private async batched(): Promise<Principal | null> {
    const principal = await principalBatchOf(this.app).read(this.verified);
    if (!principal) await this.revoke();
    return principal;
  }

  /** Stops the expiry timer (the socket closed). */
  end(): void {
    this.closed = true;
    clearTimeout(this.expiry);
  }

  private async revoke(): Promise<void> {
    const valid = await verifyAccessToken(this.token, this.app.config.jwtSecret);
    this.close(valid ? WsCloseCode.Forbidden : WsCloseCode.Unauthorized, valid ? 'Forbidden' : 'Token expired');
  }

  private close(code: number, reason: string): void {
    if (this.closed) return;
    this.end();
    this.closeSocket(code, reason);
  }
}
