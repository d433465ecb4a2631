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
 * Ids matching a search as one SQL union of single-column lookups (`sql` branches, each `?` bound to the
 * pattern), for `{ id: { $in: … } }`: an OR over columns of several joined tables can use no index, while each
 * branch of a union uses its column's trigram index (issue 8's query plans).
 */
export function idsMatching(em: { getKnex(): { raw(sql: string, bindings: unknown[]): unknown } }, branches: readonly string[], pattern: string): never {
  const sql = branches.join(' UNION ');
  const bindings = branches.flatMap((branch) => Array.from(branch.matchAll(/\?/g), () => pattern));
  // MikroORM takes a knex query for $in, which its filter types do not list.
  return em.getKnex().raw(sql, bindings) as never;
}
