import { decodeJwt } from 'jose';
import type { App } from '../app';
import { resolvePrincipal } from '../auth/principal';
import { verifyAccessToken } from '../auth/tokens';
import type { Principal, PrincipalSource } from '../context';
import { retryTransient } from '../shared/retry';
import { authenticateKey, meterRequest, type KeyCaller } from '../modules/api-keys/api-key.auth';
import { looksLikeKey } from '../modules/api-keys/api-key.rules';
import { DomainError } from '../shared/errors';
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
 * One authenticated WebSocket connection. The access token (or API key) is taken once, at `connection_init`;
 * the principal is read from it again for every event (once per event for all the connection's subscriptions; a
 * token's in one query with the other connections': `PrincipalBatch`), so a disabled user, a removed role, a signed-out session or a revoked key take effect on open subscriptions.
 * The socket is closed when the principal is gone, and when the token or key expires. A key's connection counts
 * against the key's own connection cap (`slot`), and each operation it starts against the key's rate limits.
 */
export class WsSession implements PrincipalSource {
  /** The principal read for the last event: its own read, or its place in a read of many connections (`principalsAt`). */
  private latest?: { eventId: string; principal?: Promise<Principal | null>; many?: { read: Promise<(Principal | null)[]>; index: number } };
  private readonly expiry: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly app: App,
    private readonly token: string,
    /** What the per-user connection cap counts: the user, or the API key. */
    readonly slot: string,
    private caller: KeyCaller | null,
    /** A token's claims, its signature checked at `open`: live events re-read the session, not the signature (null for a key). */
    private readonly verified: VerifiedToken | null,
    private readonly closeSocket: (code: number, reason: string) => void,
    expiresAtMs: number,
  ) {
    this.expiry = setTimeout(() => this.close(WsCloseCode.Unauthorized, 'Token expired'), Math.min(MAX_TIMER_MS, Math.max(0, expiresAtMs - Date.now())));
    this.expiry.unref();
  }

  /** A session for `token`, or null when it names no active user (the caller closes with 4401). */
  static async open(app: App, token: string, closeSocket: (code: number, reason: string) => void): Promise<WsSession | null> {
    if (looksLikeKey(token)) {
      const caller = await authenticateKey(app.orm.em.fork(), token, app.config.apiKeys.pepper);
      return caller ? new WsSession(app, token, `api_key:${caller.key.id}`, caller, null, closeSocket, caller.key.expiresAt.getTime()) : null;
    }
    const principal = await resolvePrincipal(app.orm.em.fork(), token, app.config.jwtSecret);
    if (!principal?.sessionId) return null;
    const expiresAtMs = (decodeJwt(token).exp ?? 0) * 1000;
    return new WsSession(app, token, principal.user.id, null, { userId: principal.user.id, sessionId: principal.sessionId, expiresAtMs }, closeSocket, expiresAtMs);
  }

  /**
   * The principal for a new operation on the connection, as an HTTP request gets it; closes the socket when it is
   * gone. A token's comes through the instance's principal cache (`PrincipalCache`: forgotten on every instance
   * at the commit of any change to the user or session), a key's through the key.
   */
  async current(): Promise<Principal | null> {
    if (this.closed) return null;
    const principal = await retryTransient(() => this.resolve());
    if (!principal) await this.revoke();
    return principal;
  }

  /**
   * For a key's connection, counts one operation against the key's limits: RATE_LIMITED {retryAfterSeconds}
   * when over, else null (also for a signed-in user's connection, which has no such limits).
   */
  async meter(ip: string | null): Promise<DomainError | null> {
    if (!this.caller) return null;
    const metered = await meterRequest(this.app, this.caller, ip);
    return metered.allowed ? null : new DomainError('RATE_LIMITED', { retryAfterSeconds: metered.retryAfterSeconds });
  }

  private async resolve(): Promise<Principal | null> {
    if (!this.caller) return this.app.principals.principalFor(this.app.orm.em.fork(), this.token, this.app.config.jwtSecret);
    const caller = await authenticateKey(this.app.orm.em.fork(), this.token, this.app.config.apiKeys.pepper);
    if (caller) this.caller = caller;
    return caller?.principal ?? null;
  }

  /** The principal for one event, read once for all the connection's subscriptions (a token's batched with every other connection's). */
  principalAt(eventId: string): Promise<Principal | null> {
    if (this.latest?.eventId !== eventId) this.latest = { eventId, principal: this.closed ? Promise.resolve(null) : this.batched() };
    const { many } = this.latest;
    return (this.latest.principal ??= many!.read.then((principals) => principals[many!.index]!));
  }

  /**
   * `principalAt` for many connections (`sessions`, no two the same) and one event, in their order: the tokens'
   * principals in one batch and one promise, however many; those gone have their sockets closed. Live delivery
   * reads thousands per event.
   */
  static async principalsAt(sessions: readonly WsSession[], eventId: string): Promise<(Principal | null)[]> {
    const batched: WsSession[] = [];
    const tokens: VerifiedToken[] = [];
    for (const session of sessions) {
      if (!session.verified || session.closed || session.latest?.eventId === eventId) continue;
      batched.push(session);
      tokens.push(session.verified);
    }
    const read = batched.length === 0 ? Promise.resolve([]) : principalBatchOf(batched[0]!.app).readMany(tokens);
    batched.forEach((session, index) => (session.latest = { eventId, many: { read, index } }));
    // Where each finds its principal, fixed now: a later event may take a session's `latest` while this one reads.
    const places = sessions.map((session) => (session.latest?.many?.read === read ? session.latest.many.index : session.principalAt(eventId)));
    const principals = await read;
    const result: (Principal | null)[] = [];
    for (const [i, session] of sessions.entries()) {
      const place = places[i]!;
      // The few others (a key's connection, one closed, one already read for this event) each their own way.
      if (typeof place !== 'number') {
        result.push(await place);
        continue;
      }
      const principal = principals[place] ?? null;
      if (!principal) void session.revoke();
      result.push(principal);
    }
    return result;
  }

  private async batched(): Promise<Principal | null> {
    if (!this.verified) return this.current();
    if (this.closed) return null;
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
    // A key that stops working (revoked, expired, rotated past its grace) is the credential itself: 4401.
    const valid = !this.caller && (await verifyAccessToken(this.token, this.app.config.jwtSecret)) !== null;
    this.close(valid ? WsCloseCode.Forbidden : WsCloseCode.Unauthorized, valid ? 'Forbidden' : 'Token expired');
  }

  private close(code: number, reason: string): void {
    if (this.closed) return;
    this.end();
    this.closeSocket(code, reason);
  }
}
