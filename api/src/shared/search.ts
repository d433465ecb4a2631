/** The longest text any staff list search accepts, in characters. */
export const MAX_SEARCH_LENGTH = 100;

/**
 * The ILIKE pattern that finds `text` anywhere in a column, trimmed; LIKE's wildcards (`%`, `_`) and its escape
 * character are literal, so staff typing "100%" find "100%". Null when the text is missing or blank.
 */
export function containsPattern(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  if (!trimmed) return null;
  return `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Where a list search looks, as SELECTs of ids each comparing one column with `ILIKE ?`: `numbers` on readable
 * numbers (`PO-2026-000042`: a unique index and a trigram one), `texts` on any other column (trigram index).
 */
export interface SearchBranches {
  numbers?: readonly string[];
  texts?: readonly string[];
}

/** Text shaped like a readable number: two letters, a hyphen, then letters, digits and hyphens (`PO-2026-000042`). */
const NUMBER_SHAPED = /^[A-Z]{2}-[A-Z0-9-]+$/i;

/**
 * One SQL union of single-column lookups finding the ids whose columns hold `text` (containsPattern), with its
 * bindings; null when the text is blank. An OR over columns of several joined tables can use no index, while
 * each branch of a union uses its column's index (issue 8's query plans).
 *
 * A text that IS a whole number of one of the `numbers` columns (upper-cased) is found through their unique
 * indexes and their other branches skip the trigram lookup: every number shares its prefix trigrams with all the
 * others of its kind, so that lookup reads the whole index (40–60 ms at 1,000,000 orders) to find one row. A
 * number holds no other number of another kind, and none of its own kind but itself unless the sequence grew
 * longer (`PO-2026-100000` in `PO-2026-1000001`) — such longer numbers are then not found by the whole shorter
 * one. Any other text, or one no number equals, is looked for everywhere as before (the exact lookup finds
 * nothing and the trigram branches run). Free-text branches always run.
 */
export function searchSql(branches: SearchBranches, text: string | null | undefined): { sql: string; bindings: unknown[] } | null {
  const pattern = containsPattern(text);
  if (!pattern) return null;
  const numbers = branches.numbers ?? [];
  const texts = branches.texts ?? [];
  for (const branch of [...numbers, ...texts]) {
    if (branch.split('ILIKE ?').length !== 2 || branch.split('?').length !== 2) throw new Error(`A search branch compares one column with "ILIKE ?": ${branch}`);
  }
  const whole = text!.trim().toUpperCase();
  if (numbers.length === 0 || !NUMBER_SHAPED.test(whole)) {
    const all = [...numbers, ...texts];
    return { sql: all.join(' UNION '), bindings: all.map(() => pattern) };
  }
  // NOT EXISTS on the CTE is a one-time filter: PostgreSQL runs a trigram branch only when no number matched.
  const exact = numbers.map((branch) => branch.replace('ILIKE ?', '= ?')).join(' UNION ');
  const fallback = numbers.map((branch) => `${branch} AND NOT EXISTS (SELECT 1 FROM exact_number)`);
  return {
    sql: `WITH exact_number AS (${exact}) ${['SELECT * FROM exact_number', ...fallback, ...texts].join(' UNION ')}`,
    bindings: [...numbers.map(() => whole), ...numbers.map(() => pattern), ...texts.map(() => pattern)],
  };
}

/** `searchSql` as a MikroORM filter on the id, `{ $in: <that SQL> }`; null when the text is blank. */
export function idsMatching(em: { getKnex(): { raw(sql: string, bindings: unknown[]): unknown } }, branches: SearchBranches, text: string | null | undefined): { $in: never } | null {
  const search = searchSql(branches, text);
  // MikroORM takes a knex query for $in, which its filter types do not list.
  return search ? { $in: em.getKnex().raw(search.sql, search.bindings) as never } : null;
}
