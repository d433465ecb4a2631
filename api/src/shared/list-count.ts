/**
 * Rows a list's `totalCount` counts exactly; beyond this many it answers PostgreSQL's estimate instead, since an
 * exact count(*) reads every matching row (a second and more over a million orders) on every page.
 */
export const EXACT_COUNT_LIMIT = 10_000;

/** A list's `totalCount` and whether it is exact (see EXACT_COUNT_LIMIT). */
export interface ListCount {
  count: number;
  exact: boolean;
}

/** Runs one SQL statement (`$1`… placeholders, values bound) and answers its rows. */
export type RunSql = (sql: string, values: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * How many rows `select` (a SELECT statement with `values` bound) answers: exactly when at most
 * EXACT_COUNT_LIMIT (a count over the statement LIMIT-ed to one more, so it reads at most that many rows),
 * otherwise the planner's estimate of its rows (EXPLAIN, which reads none), never below EXACT_COUNT_LIMIT + 1.
 */
export async function countRows(run: RunSql, select: string, values: readonly unknown[]): Promise<ListCount> {
  const [bounded] = await run(`SELECT count(*)::int AS n FROM (${select} LIMIT ${EXACT_COUNT_LIMIT + 1}) AS bounded`, values);
  const count = bounded!.n as number;
  if (count <= EXACT_COUNT_LIMIT) return { count, exact: true };
  const [plan] = await run(`EXPLAIN (FORMAT JSON) ${select}`, values);
  const estimate = Math.round((plan!['QUERY PLAN'] as [{ Plan: { 'Plan Rows': number } }])[0].Plan['Plan Rows']);
  return { count: Math.max(estimate, EXACT_COUNT_LIMIT + 1), exact: false };
}
