import type { EntityManager } from '@mikro-orm/postgresql';
import { createPubSub } from '@graphql-yoga/subscription';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { DomainEvent } from './domain-event.entity';
import type { TopicPayloads } from './topics';

/** Adds an event row to the unit of work of `em`; it becomes visible when (and only if) the transaction commits. */
export function recordEvent<T extends keyof TopicPayloads>(em: EntityManager, topic: T, payload: TopicPayloads[T]): void {
  em.persist(em.create(DomainEvent, { topic, payload: payload as unknown as Record<string, unknown>, createdAt: new Date() }));
}

export type MornaPubSub = ReturnType<typeof createMornaPubSub>;

/** The in-process pubsub type-graphql subscribes to; only the relay publishes to it. */
export function createMornaPubSub() {
  return createPubSub<{ [K in keyof TopicPayloads]: [TopicPayloads[K]] }>();
}

const CHANNEL = 'morna_events';
/** A sequence gap younger than this may be a transaction still committing; older ones were rolled back. */
const GAP_GRACE_MS = 3000;

/**
 * Moves committed event rows to the pubsub. NOTIFY is only a wake-up hint sent after commit (sending it
 * inside the transaction would serialise commits); a timer covers lost hints. Rows are delivered in id
 * order, waiting briefly at a gap because a lower id can commit after a higher one.
 */
export class EventRelay {
  private listener?: Client;
  private cursor = '0';
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private gapSince?: number;
  private stopped = false;

  constructor(
    private readonly em: EntityManager,
    private readonly clientUrl: string,
    private readonly pubSub: MornaPubSub,
    private readonly log: Logger,
    private readonly pollMs = 1000,
  ) {}

  async start(): Promise<void> {
    const rows = await this.em.getConnection().execute<{ max: string | null }[]>('SELECT max(id)::text AS max FROM domain_event');
    this.cursor = rows[0]?.max ?? '0';
    this.listener = new Client({ connectionString: this.clientUrl });
    this.listener.on('notification', () => this.kick());
    this.listener.on('error', (err) => this.log.warn({ err }, 'event listener connection failed; polling continues'));
    await this.listener.connect();
    await this.listener.query(`LISTEN ${CHANNEL}`);
    this.timer = setInterval(() => this.kick(), this.pollMs);
  }

  /** Call after a commit that recorded events: wakes this instance now and the others through NOTIFY. */
  afterCommit(): void {
    this.kick();
    this.em.getConnection().execute(`SELECT pg_notify('${CHANNEL}', '')`).catch((err) => this.log.warn({ err }, 'notify failed'));
  }

  /** Resolves once every event committed before the call has been published (used by tests and shutdown). */
  async drain(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deliver()
      .catch((err) => this.log.error({ err }, 'event relay failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async deliver(): Promise<void> {
    const em = this.em.fork();
    const rows = await em
      .getConnection()
      .execute<{ id: string; topic: string; payload: Record<string, unknown> }[]>(
        // Sort by the bigint column, not the text alias ("10" < "9").
        'SELECT e.id::text AS id, e.topic, e.payload FROM domain_event e WHERE e.id > ? ORDER BY e.id LIMIT 1000',
        [this.cursor],
      );
    for (const row of rows) {
      const expected = BigInt(this.cursor) + 1n;
      if (BigInt(row.id) !== expected && this.cursor !== '0') {
        this.gapSince ??= Date.now();
        if (Date.now() - this.gapSince < GAP_GRACE_MS) return;
      }
      this.gapSince = undefined;
      this.cursor = row.id;
      (this.pubSub.publish as (topic: string, payload: unknown) => void)(row.topic, row.payload);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    while (this.running) await this.running;
    await this.listener?.end().catch(() => undefined);
  }
}
