import type { Knex } from '@mikro-orm/postgresql';
import type { Metrics } from './metrics';

/** The part of knex's query object its events share: the id of one statement's run. */
interface QueryEvent {
  __knexQueryUid?: string;
}

/**
 * Times every SQL statement the ORM runs from knex's public `query` / `query-response` / `query-error`
 * events (one map entry per statement in flight), into `morna_db_query_duration_seconds`.
 */
export function timeSqlStatements(knex: Knex, metrics: Metrics): void {
  const started = new Map<string, bigint>();
  const finish = (query: QueryEvent, outcome: 'ok' | 'error') => {
    const uid = query.__knexQueryUid;
    const start = uid ? started.get(uid) : undefined;
    if (start === undefined) return;
    started.delete(uid!);
    metrics.sqlDuration.observe({ outcome }, Number(process.hrtime.bigint() - start) / 1e9);
  };
  knex.on('query', (query: QueryEvent) => {
    if (query.__knexQueryUid) started.set(query.__knexQueryUid, process.hrtime.bigint());
  });
  knex.on('query-response', (_response: unknown, query: QueryEvent) => finish(query, 'ok'));
  knex.on('query-error', (_error: unknown, query: QueryEvent) => finish(query, 'error'));
}

/** The pool of knex's client (tarn), as far as the metrics read it. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

/** Connections of the ORM's pool now: in use, idle, requests waiting for one, and the cap. */
export function poolUsage(knex: Knex): { used: number; free: number; pending: number; max: number } {
  const pool = (knex.client as { pool?: TarnPool }).pool;
  if (!pool) return { used: 0, free: 0, pending: 0, max: 0 };
  return { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires(), max: pool.max };
}
