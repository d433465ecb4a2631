import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { Principal } from '../context';
import { principalFromRow, readPrincipalRow, type PrincipalRow } from './principal';
import { VerifiedTokens } from './tokens';

/** The channel the `principal_changed` triggers NOTIFY (payload: the user id) on any change of a user or session row. */
export const PRINCIPAL_CHANNEL = 'morna_principal';

/** Name of the LISTEN connection in pg_stat_activity. */
export const PRINCIPAL_LISTENER_NAME = 'morna-principal-listener';

/** Reconnection backoff of the LISTEN connection: 250 ms doubling up to 30 s. */
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 30_000;

/** Past this many entries, a store first drops the expired ones. */
const PRUNE_ABOVE = 10_000;

interface Entry {
  userId: string;
  row: PrincipalRow;
  expiresAt: number;
}

/**
 * The principals of access tokens, kept for `ttlMs` per session so that a request does not read its session,
 * user and customer from the database (issue 8: that read was a fixed cost of every request).
 *
 * Revocation stays prompt: triggers on `app_user` and `auth_session` NOTIFY `PRINCIPAL_CHANNEL` at the commit
 * of any change (disabled, roles, sign-out, password reset, refresh-token reuse — whatever code wrote it), and
 * every instance LISTENs and forgets that user's entries, so the next request reads the database again. Nothing
 * is cached while the LISTEN connection is down, and `ttlMs` bounds what a notification lost any other way
 * could leave. A read that started before a notification is not stored (it may predate the change).
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  private readonly tokens: VerifiedTokens;
  /** Bumped by every notification: a read that began under an older generation is not stored. */
  private generation = 0;
  private listener?: Client;
  private live = false;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectFailures = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = new VerifiedTokens(now);
  }

  /** Opens the LISTEN connection; until it is up (and whenever it is down) every request reads the database. */
  async start(): Promise<void> {
    if (this.ttlMs > 0) await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.live = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /**
   * The principal of an access token, as `resolvePrincipal` answers it (null when the token is missing,
   * invalid or expired, its session ended or its user is disabled), from memory when read less than `ttlMs` ago.
   * A hit builds the user in `em` from the stored row, without SQL, when `user` is first read.
   */
  async principalFor(em: EntityManager, token: string | null, secret: string): Promise<Principal | null> {
    if (!token) return null;
    const claims = await this.tokens.verify(token, secret);
    if (!claims) return null;
    const hit = this.live ? this.entries.get(claims.sessionId) : undefined;
    if (hit && hit.userId === claims.userId && hit.expiresAt > this.now()) return principalFromRow(em, claims.sessionId, hit.row);
    const stamp = this.stamp();
    const found = await readPrincipalRow(em, claims);
    if (!found) return null;
    this.remember(stamp, claims.sessionId, claims.userId, found);
    return principalFromRow(em, claims.sessionId, found);
  }

  /** To take before a principal read whose result is offered to `remember`. */
  stamp(): number {
    return this.generation;
  }

  /**
   * Keeps the principal row of session `sessionId` (of user `userId`) read from the database by the rules of
   * `resolvePrincipal` — unless a notification arrived since `stamp` was taken (the read may predate the change)
   * or the listener is down. Live delivery re-reads every subscriber's principal for each event and offers them here.
   */
  remember(stamp: number, sessionId: string, userId: string, row: PrincipalRow): void {
    if (!this.live || stamp !== this.generation) return;
    const now = this.now();
    if (this.entries.size >= PRUNE_ABOVE) for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
    this.entries.set(sessionId, { userId, row, expiresAt: now + this.ttlMs });
  }

  /** Forgets every entry of `userId` (its row or one of its sessions changed). */
  forgetUser(userId: string): void {
    this.generation += 1;
    for (const [sessionId, entry] of this.entries) if (entry.userId === userId) this.entries.delete(sessionId);
  }

  private forgetAll(): void {
    this.generation += 1;
    this.entries.clear();
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: PRINCIPAL_LISTENER_NAME });
    this.listener = client;
    client.on('notification', (message) => (message.payload ? this.forgetUser(message.payload) : this.forgetAll()));
    client.on('error', (err) => this.relisten(client, err));
    client.on('end', () => this.relisten(client));
    await client.connect();
    await client.query(`LISTEN ${PRINCIPAL_CHANNEL}`);
    this.reconnectFailures = 0;
    // Changes made while nobody listened are unknown: start empty.
    this.forgetAll();
    this.live = true;
  }

  /** The LISTEN connection `client` failed or ended: stop caching, open a new one after a backoff. */
  private relisten(client: Client, err?: unknown): void {
    if (this.stopped || this.listener !== client) return;
    this.live = false;
    this.forgetAll();
    this.listener = undefined;
    client.end().catch(() => undefined);
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** this.reconnectFailures);
    this.reconnectFailures += 1;
    this.log.warn({ err, retryInMs: delay }, 'principal listener connection lost; reading principals from the database until it is back');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.stopped) return;
      this.listen().catch((error) => this.relisten(this.listener ?? client, error));
    }, delay);
  }
}
