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
