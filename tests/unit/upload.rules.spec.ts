import { declaredImageType, withinUploadQuota } from '../../api/src/modules/uploads/upload.rules';

describe('upload quota: one more upload is allowed while both the count and the bytes stay within the day\'s limits', () => {
  const limits = { count: 3, bytes: 1000 };
  it.each([
    { used: { count: 0, bytes: 0 }, bytes: 1000, allowed: true },
    { used: { count: 0, bytes: 0 }, bytes: 1001, allowed: false },
    { used: { count: 2, bytes: 500 }, bytes: 500, allowed: true },
    { used: { count: 2, bytes: 500 }, bytes: 501, allowed: false },
    { used: { count: 3, bytes: 0 }, bytes: 1, allowed: false },
  ])('used $used.count uploads / $used.bytes bytes, adding $bytes bytes: $allowed', ({ used, bytes, allowed }) => {
    expect(withinUploadQuota(used, bytes, limits)).toBe(allowed);
  });
});

describe('declared upload type: only image types, which no plain HTML form can send cross-site', () => {
  it.each([
    ['image/png', 'image/png'],
    ['IMAGE/JPEG; charset=binary', 'image/jpeg'],
    ['image/webp', 'image/webp'],
    ['image/gif', null],
    ['image/svg+xml', null],
    ['text/plain', null],
    ['application/x-www-form-urlencoded', null],
    ['multipart/form-data; boundary=x', null],
    [undefined, null],
  ])('%s → %s', (header, type) => {
    expect(declaredImageType(header)).toBe(type);
  });
});
