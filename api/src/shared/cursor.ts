import { isUUID } from 'class-validator';

/** What one position of a cursor holds, by the column it orders on. */
export type CursorKind = 'date' | 'uuid' | 'integer' | 'text';

// MikroORM's cursor: base64url of a JSON list, one value per `orderBy` key; dates as ISO strings.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_CURSOR_LENGTH = 1000;

/**
 * Whether `value` is a cursor MikroORM could have handed out for an ordering whose columns hold `kinds`:
 * the right number of values, each of its column's type. Anything else would reach the SQL as garbage.
 */
export function isValidCursor(value: string, kinds: readonly CursorKind[]): boolean {
  if (value.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]*$/.test(value)) return false;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  return Array.isArray(decoded) && decoded.length === kinds.length && decoded.every((v, i) => fitsKind(v, kinds[i]!));
}

function fitsKind(value: unknown, kind: CursorKind): boolean {
  switch (kind) {
    case 'date':
      return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
    case 'uuid':
      return typeof value === 'string' && isUUID(value);
    case 'integer':
      return Number.isSafeInteger(value);
    case 'text':
      return typeof value === 'string' && !value.includes('\u0000');
  }
}
