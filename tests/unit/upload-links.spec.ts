import { isValidUploadLink, signedUploadPath } from '../../api/src/modules/uploads/upload-links';

const secret = 'unit-test-secret';
const id = '0b8f2a4e-7c1d-4e5f-9a3b-2c6d8e0f1a2b';
const now = new Date('2026-03-01T10:20:00Z');
const link = new URL(signedUploadPath(secret, id, now), 'http://x');
const expires = link.searchParams.get('expires')!;
const signature = link.searchParams.get('signature')!;

describe('signed upload links', () => {
  it('cut on the hour: one URL for a photo within the same hour, valid one to two hours', () => {
    expect(signedUploadPath(secret, id, new Date('2026-03-01T10:59:59Z'))).toBe(link.pathname + link.search);
    expect(Number(expires)).toBe(Date.parse('2026-03-01T12:00:00Z') / 1000);
  });

  it.each([
    ['its own upload before expiry', id, expires, signature, now, true],
    ['at the expiry instant', id, expires, signature, new Date(Number(expires) * 1000), false],
    ['another upload', '1b8f2a4e-7c1d-4e5f-9a3b-2c6d8e0f1a2b', expires, signature, now, false],
    ['a later expiry', id, String(Number(expires) + 3600), signature, now, false],
    ['a cut signature', id, expires, signature.slice(1), now, false],
    ['no expiry', id, undefined, signature, now, false],
    ['an expiry that is no number', id, '1e12', signature, now, false],
    ['an array of signatures', id, expires, [signature], now, false],
  ])('opens %s: %s', (_, uploadId, exp, sig, at, expected) => {
    expect(isValidUploadLink(secret, uploadId, exp, sig, at)).toBe(expected);
  });

  it('is refused with another secret', () => {
    expect(isValidUploadLink('other-secret', id, expires, signature, now)).toBe(false);
  });
});
