import type { EntityManager } from '@mikro-orm/postgresql';
import type { PublishedEvent } from './event-hub';
import type { TopicPayloads } from './topics';

/**
 * NOTIFY channel that wakes every instance's relay once event rows committed. Payload: `<tag>:<id>` or `<id>`,
 * the highest event id of the commit and the tag of the relay the writer hands the rows to (that relay skips the
 * read; see `EventRelay.committed`); any relay already past the id skips it too. Empty: read.
 */
export const EVENT_CHANNEL = 'morna_events';

/**
 * Key of the transaction-level advisory lock held while event rows are inserted and until commit. Only one
 * event-writing transaction takes `domain_event` ids at a time, and PostgreSQL releases the lock after the
 * commit became visible: ids are therefore assigned in commit order, and an id missing below a visible one
 * belongs to a transaction that rolled back — the relay never has to wait at a gap.
 */
export const EVENT_LOCK_KEY = 7_418_500_001;

interface RecordedEvent {
  topic: string;
  payload: unknown;
}

/** Events recorded per transaction (the EntityManager `transact` gave the work), written at its very end. */
const recorded = new WeakMap<EntityManager, RecordedEvent[]>();

/**
 * Records an event of the current transaction; it is written and becomes visible when (and only if) the
 * transaction commits. `em` must be the one `transact` passed to the work, else this throws: an event
 * written any other way would bypass the commit ordering subscribers rely on.
 */
export function recordEvent<T extends keyof TopicPayloads>(em: EntityManager, topic: T, payload: TopicPayloads[T]): void {
  const events = recorded.get(em);
  if (!events) throw new Error(`recordEvent(${topic}) outside transact(): use the EntityManager transact() gave the work`);
  events.push({ topic, payload });
}

/** Opens the event list of a transaction's EntityManager (called by `transact` only). */
export function openEventLog(em: EntityManager): void {
  recorded.set(em, []);
}

/**
 * Inserts the recorded events of `em`'s transaction under the event lock and queues the NOTIFY (sent by
 * PostgreSQL at commit). Call last in the transaction, after the final flush. Returns the rows written, as the
 * relay reads them (id order), for `EventRelay.committed` once the transaction committed; `relayTag`: that
 * relay's tag, null when the rows will not be handed over (see `notifyPayloadSql`).
 * Lock, insert and NOTIFY are one statement: every event-writing commit waits on that lock, so each round
 * trip spent holding it is one the next commit waits for (three statements held it three times as long).
 */
export async function writeRecordedEvents(em: EntityManager, relayTag: string | null): Promise<PublishedEvent[]> {
  const events = recorded.get(em) ?? [];
  recorded.delete(em);
  if (events.length === 0) return [];
  const values = events.map(() => '(?, ?::jsonb)').join(', ');
  // The insert reads the lock's row first, so ids are drawn only once the lock is held.
  return em.execute<PublishedEvent[]>(
    `WITH locked AS (SELECT pg_advisory_xact_lock(?)),
          inserted AS (INSERT INTO domain_event (topic, payload, created_at)
                       SELECT e.topic, e.payload, clock_timestamp() FROM locked, (VALUES ${values}) AS e (topic, payload) RETURNING id, topic, payload),
          notified AS (SELECT ${notifyPayloadSql('?')} FROM inserted)
     SELECT i.id::text AS id, i.topic, i.payload FROM inserted i, notified ORDER BY i.id`,
    [EVENT_LOCK_KEY, ...events.flatMap((e) => [e.topic, JSON.stringify(e.payload)]), relayTag],
  );
}

/**
 * The NOTIFY of a commit's event rows, as a select-list expression over rows with an `id` column (aggregated:
 * one NOTIFY): `tagParameter` is the SQL parameter holding the relay tag (text, or null for none).
 */
export function notifyPayloadSql(tagParameter: string): string {
  return `pg_notify('${EVENT_CHANNEL}', coalesce(${tagParameter}::text || ':', '') || max(id)::text)`;
}
