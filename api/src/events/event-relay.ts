import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { SerialPass } from '../shared/serial-pass';
import { EVENT_CHANNEL } from './event-bus';
import type { EventHub } from './event-hub';

/** Name of the LISTEN connection in pg_stat_activity. */
export const EVENT_LISTENER_NAME = 'morna-event-listener';

const PAGE = 500;
/** LISTEN reconnection backoff: 250 ms doubling up to 30 s while the database is unreachable. */
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 30_000;

/**
 * Moves committed event rows to this instance's hub, in id order, each exactly once. Ids follow commit
 * order (see `writeRecordedEvents`), so every row with a lower id than a visible one is visible too or will
 * never be: the relay just reads past its cursor. NOTIFY (sent at commit) wakes it; the LISTEN connection
 * is re-opened with backoff when it drops; a slow timer covers the time without it.
 */
export class EventRelay {
  private listener?: Client;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectFailures = 0;
  private cursor = '0';
  private timer?: NodeJS.Timeout;
  private readonly passes = new SerialPass(() => this.deliver(), (err) => this.log.error({ err }, 'event relay failed; retrying at the next wake-up'));
  private stopped = false;
  /** Told each delivered event's lag: seconds from its row being written (just before commit) to its delivery. */
  observeLag?: (seconds: number) => void;
  private readonly observers: (() => void)[] = [];

  constructor(
    private readonly em: EntityManager,
    private readonly clientUrl: string,
    private readonly hub: EventHub,
    private readonly log: Logger,
    private readonly pollMs: number,
  ) {}

  async start(): Promise<void> {
    const rows = await this.em.getConnection().execute<{ max: string | null }[]>('SELECT max(id)::text AS max FROM domain_event');
    this.cursor = rows[0]?.max ?? '0';
    await this.listen();
    this.timer = setInterval(() => this.wake(), this.pollMs);
  }

  /** Delivers what committed since the last pass, now (after a local commit; NOTIFY does it for the others). */
  wake(): void {
    this.passes.wake();
  }

  /** Resolves once every event committed before the call has been published (used by tests and shutdown). */
  drain(): Promise<void> {
    return this.passes.drain();
  }

  /** Committed events past the cursor, i.e. not yet delivered to this instance's hub (rows behind). */
  async backlog(): Promise<number> {
    const rows = await this.em.fork().getConnection().execute<{ behind: number }[]>('SELECT count(*)::int AS behind FROM domain_event WHERE id > ?', [this.cursor]);
    return rows[0]?.behind ?? 0;
  }

  /** Calls `observer` after every pass that published at least one event (the webhook dispatcher wakes on it). */
  onPublished(observer: () => void): void {
    this.observers.push(observer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.passes.stop();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.clientUrl, application_name: EVENT_LISTENER_NAME });
    this.listener = client;
    client.on('notification', () => this.wake());
    client.on('error', (err) => this.relisten(client, err));
    client.on('end', () => this.relisten(client));
    await client.connect();
    await client.query(`LISTEN ${EVENT_CHANNEL}`);
    this.reconnectFailures = 0;
    // Events that committed while nobody listened.
    this.wake();
  }

  /** The LISTEN connection `client` failed or ended: open a new one after a backoff. */
  private relisten(client: Client, err?: unknown): void {
    if (this.stopped || this.listener !== client) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** this.reconnectFailures);
    this.reconnectFailures += 1;
    this.log.warn({ err, retryInMs: delay }, 'event listener connection lost; reconnecting (polling continues)');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.stopped) return;
      this.listen().catch((error) => this.relisten(this.listener ?? client, error));
    }, delay);
  }

  private async deliver(): Promise<void> {
    const connection = this.em.fork().getConnection();
    for (;;) {
      const rows = await connection.execute<{ id: string; topic: string; payload: Record<string, unknown>; lag: number }[]>(
        // Sort by the bigint column, not the text alias ("10" < "9"). The lag is read on the database's clock, which wrote created_at.
        'SELECT e.id::text AS id, e.topic, e.payload, extract(epoch FROM clock_timestamp() - e.created_at)::float8 AS lag FROM domain_event e WHERE e.id > ? ORDER BY e.id LIMIT ?',
        [this.cursor, PAGE],
      );
      for (const { id, topic, payload, lag } of rows) {
        this.cursor = id;
        this.hub.publish({ id, topic, payload });
        this.observeLag?.(lag);
      }
      if (rows.length > 0) for (const observer of this.observers) observer();
      if (rows.length < PAGE || this.stopped) return;
    }
  }
}
