import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { SerialPass } from '../shared/serial-pass';
import { EVENT_CHANNEL } from './event-bus';
import type { EventHub, PublishedEvent } from './event-hub';

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
 * is re-opened with backoff when it drops; a slow timer covers the time without it. Events this instance
 * committed itself are handed over (`committed`) and published without reading them back when nothing lies
 * between them and the cursor.
 */
export class EventRelay {
  private listener?: Client;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectFailures = 0;
  private cursor = '0';
  private timer?: NodeJS.Timeout;
  private readonly passes = new SerialPass(() => this.deliver(), (err) => this.log.error({ err }, 'event relay failed; retrying at the next wake-up'));
  private stopped = false;
  /** Names this relay in NOTIFY payloads of rows handed over to it (`committed`), so it does not read them back. */
  readonly tag = randomBytes(6).toString('hex');
  /** Whether the next pass reads the table (a commit elsewhere, the timer, a drain); handed-over events alone do not need it. */
  private readWanted = true;
  /** Events this instance committed, not yet published, by id; with when their statement was sent (performance.now() ms). */
  private readonly handedOver = new Map<bigint, { event: PublishedEvent; writtenAtMs: number }>();
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

  /** Reads and delivers what committed since the last pass, now. */
  wake(): void {
    this.readWanted = true;
    this.passes.wake();
  }

  /**
   * Events a transaction of this instance wrote with this relay's `tag` (`writeRecordedEvents`' rows), once its
   * commit returned; `writtenAtMs` (performance.now()) is when their statement was sent. The writer must call it
   * when the commit succeeded (the tagged NOTIFY is ignored), and `wake` when the commit's outcome is unknown.
   * The next pass publishes them without a read when they follow the cursor with no id missing: every lower id
   * is then settled (see EVENT_LOCK_KEY). Otherwise that pass reads the table.
   */
  committed(events: readonly PublishedEvent[], writtenAtMs: number): void {
    if (this.stopped) return;
    const cursor = BigInt(this.cursor);
    // A read that ran between their commit and this call may have published them already.
    for (const event of events) if (BigInt(event.id) > cursor) this.handedOver.set(BigInt(event.id), { event, writtenAtMs });
    this.passes.wake();
  }

  /** Resolves once every event committed before the call has been published (used by tests and shutdown). */
  drain(): Promise<void> {
    this.readWanted = true;
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
    client.on('notification', ({ payload }) => {
      const notice = /^(?:(\w+):)?(\d+)$/.exec(payload ?? '');
      // Rows written for this relay are handed over by their writer; rows it published already need no read.
      if (notice && (notice[1] === this.tag || BigInt(notice[2]!) <= BigInt(this.cursor))) return;
      this.wake();
    });
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
    this.publishHandedOver();
    if (this.handedOver.size > 0) this.readWanted = true;
    if (!this.readWanted) return;
    this.readWanted = false;
    try {
      await this.read();
    } catch (err) {
      // Still owed: the next pass (a hand-over, a NOTIFY, the timer) reads again.
      this.readWanted = true;
      throw err;
    }
    for (const id of this.handedOver.keys()) if (id <= BigInt(this.cursor)) this.handedOver.delete(id);
    this.publishHandedOver();
  }

  /** Publishes the committed rows past the cursor, a page at a time. */
  private async read(): Promise<void> {
    const connection = this.em.fork().getConnection();
    for (;;) {
      const rows = await connection.execute<{ id: string; topic: string; payload: Record<string, unknown>; lag: number }[]>(
        // Sort by the bigint column, not the text alias ("10" < "9"). The lag is read on the database's clock, which wrote created_at.
        'SELECT e.id::text AS id, e.topic, e.payload, extract(epoch FROM clock_timestamp() - e.created_at)::float8 AS lag FROM domain_event e WHERE e.id > ? ORDER BY e.id LIMIT ?',
        [this.cursor, PAGE],
      );
      for (const { id, topic, payload, lag } of rows) this.publish({ id, topic, payload }, lag);
      if (rows.length > 0) this.published();
      if (rows.length < PAGE || this.stopped) return;
    }
  }

  /** Publishes the handed-over events that follow the cursor without a gap. */
  private publishHandedOver(): void {
    let next = BigInt(this.cursor) + 1n;
    let any = false;
    for (let held = this.handedOver.get(next); held; held = this.handedOver.get((next += 1n))) {
      this.handedOver.delete(next);
      // Measured on this process's clock, from when the writing statement was sent.
      this.publish(held.event, (performance.now() - held.writtenAtMs) / 1000);
      any = true;
    }
    if (any) this.published();
  }

  private publish(event: PublishedEvent, lag: number): void {
    this.cursor = event.id;
    this.hub.publish(event);
    this.observeLag?.(lag);
  }

  private published(): void {
    for (const observer of this.observers) observer();
  }
}
