import type { EntityManager } from '@mikro-orm/postgresql';
import type { App } from '../app';
import type { JobDefinition } from '../jobs/jobs';
import { DomainError } from '../shared/errors';

/** Job name of the event pruning, for `app.jobs.runNow(...)`. */
export const EVENT_RETENTION_PRUNE = 'event-retention-prune';

/** The pruning of delivered events older than `eventRetentionHours`, every `eventPruneSeconds` (hourly by default). */
export function eventRetentionJob(app: App): JobDefinition {
  return { name: EVENT_RETENTION_PRUNE, everySeconds: app.config.eventPruneSeconds, run: async () => void (await pruneEvents(app.orm.em.fork(), app.config.eventRetentionHours)) };
}

/**
 * Deletes events older than `retentionHours`, all but the newest of them: the kept ids stay one unbroken
 * suffix of history (ids follow commit order), so a cursor below the oldest kept id is exactly one that may
 * have missed pruned events. Returns how many rows were deleted.
 */
export async function pruneEvents(em: EntityManager, retentionHours: number): Promise<number> {
  const cutoff = new Date(Date.now() - retentionHours * 3_600_000);
  const result = await em.getConnection().execute<{ count: string }[]>(
    `WITH horizon AS (SELECT max(id) AS id FROM domain_event WHERE created_at < ?),
          deleted AS (DELETE FROM domain_event WHERE id < (SELECT id FROM horizon) RETURNING 1)
     SELECT count(*)::text AS count FROM deleted`,
    [cutoff],
  );
  return Number(result[0]?.count ?? 0);
}

/** The largest cursor accepted: a bigint id. */
const CURSOR_PATTERN = /^[0-9]{1,18}$/;

/**
 * Checks a subscription's `after` cursor and returns it as an event id. BAD_USER_INPUT (field `after`) when
 * it is not one of ours: malformed, or beyond the newest event (no event ever had it, and events up to it
 * would be skipped unseen); EVENT_CURSOR_EXPIRED when events after it may have been pruned (refetch, then
 * subscribe without a cursor). The newest event is never pruned, so every cursor handed out stays at or
 * below it.
 */
export async function checkEventCursor(em: EntityManager, after: string): Promise<string> {
  if (!CURSOR_PATTERN.test(after)) throw new DomainError('BAD_USER_INPUT', { field: 'after' });
  const rows = await em.getConnection().execute<{ min: string | null; max: string | null }[]>('SELECT min(id)::text AS min, max(id)::text AS max FROM domain_event');
  const { min: oldest, max: newest } = rows[0] ?? { min: null, max: null };
  if (newest == null || BigInt(after) > BigInt(newest)) throw new DomainError('BAD_USER_INPUT', { field: 'after' });
  if (oldest != null && BigInt(after) < BigInt(oldest)) throw new DomainError('EVENT_CURSOR_EXPIRED', { oldestCursor: oldest });
  return after;
}
