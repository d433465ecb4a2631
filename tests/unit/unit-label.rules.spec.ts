import { claimCodeFrom, claimDecision, normaliseClaimCode, orderTraceLink, scanIpKey, scanWindowStart, unitTraceLink } from '../../api/src/modules/traceability/unit-label.rules';

const sale = { sold: true, claimed: false, codeGiven: false, codeMatches: false, callerCustomerId: null, buyerCustomerId: null };

test.each([
  ['an unsold unit cannot be claimed', { ...sale, sold: false, codeGiven: true, codeMatches: true }, { ok: false, code: 'UNIT_NOT_SOLD' }],
  ['a claimed unit cannot be claimed again, even with the right code', { ...sale, claimed: true, codeGiven: true, codeMatches: true }, { ok: false, code: 'UNIT_ALREADY_CLAIMED' }],
  ['the right code claims it, signed in or not', { ...sale, codeGiven: true, codeMatches: true }, { ok: true, via: 'CODE' }],
  ['a wrong code is refused even for the buyer', { ...sale, codeGiven: true, callerCustomerId: 'c1', buyerCustomerId: 'c1' }, { ok: false, code: 'CLAIM_CODE_INVALID' }],
  ['the customer it was sold to claims it signed in without a code', { ...sale, callerCustomerId: 'c1', buyerCustomerId: 'c1' }, { ok: true, via: 'SIGNED_IN' }],
  ['another customer needs the code', { ...sale, callerCustomerId: 'c2', buyerCustomerId: 'c1' }, { ok: false, code: 'CLAIM_CODE_REQUIRED' }],
  ['an anonymous visitor needs the code', sale, { ok: false, code: 'CLAIM_CODE_REQUIRED' }],
])('%s', (_name, input, expected) => {
  expect(claimDecision(input)).toEqual(expected);
});

test.each([
  ['k7pm 3qxa', 'K7PM-3QXA'],
  ['K7PM-3QXA', 'K7PM-3QXA'],
  ['K7PM3QX', null],
  ['K7PM-3QXO', null],
  ['K1PM-3QXA', null],
])('the claim code %j reads as %j', (typed, expected) => {
  expect(normaliseClaimCode(typed)).toBe(expected);
});

test('a claim code is 8 characters of the unambiguous alphabet printed in two groups', () => {
  expect(claimCodeFrom(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 30]))).toBe('2345-678Z');
  expect(() => claimCodeFrom(new Uint8Array(7))).toThrow();
});

test('scans count per UTC hour: two opens in one hour share a window, the next hour starts another', () => {
  expect(scanWindowStart(new Date('2026-11-22T10:59:59.999Z')).toISOString()).toBe('2026-11-22T10:00:00.000Z');
  expect(scanWindowStart(new Date('2026-11-22T11:00:00.000Z')).toISOString()).toBe('2026-11-22T11:00:00.000Z');
});

test('a scan key differs per unit for the same IP and holds no address', () => {
  const a = scanIpKey('unit-a', '203.0.113.5');
  expect(a).not.toBe(scanIpKey('unit-b', '203.0.113.5'));
  expect(a).toBe(scanIpKey('unit-a', '203.0.113.5'));
  expect(a).not.toContain('203');
});

test('QR links open the portal\'s public pages, with or without a trailing slash on the base', () => {
  expect(unitTraceLink('https://morna.example/', 'U-ABCDEFGHJK')).toBe('https://morna.example/trace/U-ABCDEFGHJK');
  expect(orderTraceLink('https://morna.example', 'a_b-c')).toBe('https://morna.example/trace/order/a_b-c');
});
