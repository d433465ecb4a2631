import type { EntityManager } from '@mikro-orm/postgresql';
import type { Usage } from './api-key.rules';

/** What counting one request returns: the counts with it, and whether it is the key's first of the UTC day. */
export interface CountedUsage extends Usage {
  firstOfDay: boolean;
  /** Requests of the key's previous day of use (for the first request of a day's audit entry). */
  previousDayCount: number;
}

/**
 * Counts one request of key `id` in its current UTC minute and day and stamps `last_used_at` — one UPDATE,
 * so every API instance shares the counts (like the throttles, in PostgreSQL) and parallel requests serialise
 * on the key's row. A window that has ended starts again at 1. The database's clock is the one used.
 */
export async function countRequest(em: EntityManager, id: string): Promise<CountedUsage | null> {
  const rows: { minute_count: number; day_count: number; previous_day_count: number; now: Date }[] = await em.getConnection().execute(
    `UPDATE api_key SET
       minute_count = CASE WHEN minute_start = date_trunc('minute', now(), 'UTC') THEN minute_count + 1 ELSE 1 END,
       minute_start = date_trunc('minute', now(), 'UTC'),
       previous_day_count = CASE WHEN day_start = date_trunc('day', now(), 'UTC') THEN previous_day_count ELSE day_count END,
       day_count = CASE WHEN day_start = date_trunc('day', now(), 'UTC') THEN day_count + 1 ELSE 1 END,
       day_start = date_trunc('day', now(), 'UTC'),
       last_used_at = now()
     WHERE id = ? RETURNING minute_count, day_count, previous_day_count, now() AS now`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return { minuteCount: row.minute_count, dayCount: row.day_count, previousDayCount: row.previous_day_count, firstOfDay: row.day_count === 1, now: new Date(row.now) };
}
