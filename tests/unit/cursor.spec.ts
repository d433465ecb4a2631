import { isValidCursor, type CursorKind } from '../../api/src/shared/cursor';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const byDateAndId: CursorKind[] = ['date', 'uuid'];
const id = '0b6f7c1e-2d4a-4c8e-9f3b-5a6d7e8f9a0b';

describe('isValidCursor', () => {
  it.each<[string, string, CursorKind[], boolean]>([
    ['accepts a cursor of a date and a UUID', encode(['2026-11-21T10:00:00.000Z', id]), byDateAndId, true],
    ['accepts a cursor of a version number', encode([12]), ['integer'], true],
    ['accepts a cursor of text', encode(['abc']), ['text'], true],
    ['refuses what is not base64url', '%%%', byDateAndId, false],
    ['refuses base64 of something other than JSON', Buffer.from('hello').toString('base64url'), byDateAndId, false],
    ['refuses JSON that is not a list', encode({ a: 1 }), byDateAndId, false],
    ['refuses too few values', encode(['2026-11-21T10:00:00.000Z']), byDateAndId, false],
    ['refuses too many values', encode(['2026-11-21T10:00:00.000Z', id, 3]), byDateAndId, false],
    ['refuses a date that does not exist', encode(['2026-02-30T10:00:00.000Z', id]), byDateAndId, false],
    ['refuses a date in another format', encode(['21/11/2026', id]), byDateAndId, false],
    ['refuses an id that is not a UUID', encode(['2026-11-21T10:00:00.000Z', '1 OR 1=1']), byDateAndId, false],
    ['refuses a fractional or huge number', encode([1.5]), ['integer'], false],
    ['refuses a number given as text', encode(['12']), ['integer'], false],
    ['refuses text with a NUL character', encode(['a\u0000']), ['text'], false],
    ['refuses objects in place of values', encode([{ $gt: 1 }, id]), byDateAndId, false],
    ['refuses an empty cursor', '', byDateAndId, false],
    ['refuses an overlong cursor', 'A'.repeat(2000), byDateAndId, false],
  ])('%s', (_rule, cursor, kinds, valid) => {
    expect(isValidCursor(cursor, kinds)).toBe(valid);
  });
});
