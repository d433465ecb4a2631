import { checkVerificationAttempt, classifyLogin, isRotationRace, signUpConflict } from '../../api/src/modules/identity/identity.rules';
import { failureVerdict, growingBlockSeconds, limits, retryAfterSeconds } from '../../api/src/modules/identity/throttle.rules';

describe('growingBlockSeconds', () => {
  it.each([
    [limits.signInLoginIp, 0, 60],
    [limits.signInLoginIp, 1, 60],
    [limits.signInLoginIp, 2, 120],
    [limits.signInLoginIp, 3, 240],
    [limits.signInLoginIp, 6, 1920],
    [limits.signInLoginIp, 7, 3600], // 3840 capped at one hour
    [limits.signInLoginIp, 1000, 3600],
    [limits.signInLogin, 1, 3600],
    [limits.signInLogin, 6, 86_400], // 32 h capped at a day
    [limits.verifyIp, 2, 1800],
  ])('the block of %j, the %d-th of the day, lasts %d s', (limit, blocks, seconds) => {
    expect(growingBlockSeconds(limit, blocks)).toBe(seconds);
  });
});

describe('failureVerdict', () => {
  it.each([
    [limits.signInLoginIp, 1, 'allowed'],
    [limits.signInLoginIp, 5, 'allowed'],
    [limits.signInLoginIp, 6, 'exhausted'],
    [limits.signInLoginIp, 7, 'blocked'],
    [limits.signInLoginIp, 20, 'blocked'],
    [limits.signInLogin, 30, 'allowed'],
    [limits.signInLogin, 31, 'exhausted'],
  ])('the %j point numbered %d of an attempt is %s (only the exhausting one starts a block)', (limit, consumed, verdict) => {
    expect(failureVerdict(limit, consumed)).toBe(verdict);
  });
});

describe('isRotationRace', () => {
  const rotatedAt = new Date('2026-03-10T12:00:00Z');
  it.each([
    ['2026-03-10T12:00:00.000Z', true],
    ['2026-03-10T12:00:09.999Z', true],
    ['2026-03-10T12:00:10.000Z', false],
    ['2026-03-10T12:05:00.000Z', false],
  ])('a refresh token rotated at 12:00:00 and presented again at %s is a race between tabs: %s', (at, race) => {
    expect(isRotationRace(rotatedAt, new Date(at))).toBe(race);
  });
});

describe('retryAfterSeconds', () => {
  it.each([
    [0, 1],
    [1, 1],
    [999, 1],
    [1000, 1],
    [1001, 2],
    [59_500, 60],
  ])('%d ms before the next try is told as %d s', (ms, seconds) => {
    expect(retryAfterSeconds(ms)).toBe(seconds);
  });
});

describe('signUpConflict', () => {
  it.each([
    [{ phone: false, username: false, email: false }, null],
    [{ phone: true, username: true, email: true }, 'PHONE'],
    [{ phone: false, username: true, email: true }, 'USERNAME'],
    [{ phone: false, username: false, email: true }, 'EMAIL'],
    [{ phone: true, username: false, email: false }, 'PHONE'],
  ])('a sign-up whose verified holders are %j conflicts on %s', (taken, expected) => {
    expect(signUpConflict(taken)).toBe(expected);
  });
});

describe('checkVerificationAttempt', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it.each([
    ['2026-03-10T12:05:00Z', 0, null, undefined],
    ['2026-03-10T12:05:00Z', 4, null, undefined],
    ['2026-03-10T12:05:00Z', 5, null, 'VERIFICATION_ATTEMPTS_EXCEEDED'],
    ['2026-03-10T11:59:59Z', 0, null, 'VERIFICATION_CODE_EXPIRED'],
    ['2026-03-10T12:05:00Z', 0, '2026-03-10T11:00:00Z', 'VERIFICATION_CODE_EXPIRED'],
  ])('a code expiring at %s with %d attempts (consumed %s) gives %s', (expiresAt, attempts, consumedAt, expected) => {
    expect(checkVerificationAttempt({ expiresAt: new Date(expiresAt), attempts, consumedAt: consumedAt ? new Date(consumedAt) : null }, now)).toBe(expected);
  });

  it('checks a pending sign-up, which is never consumed (deleted instead), by expiry and attempts alone', () => {
    expect(checkVerificationAttempt({ expiresAt: new Date('2026-03-10T12:05:00Z'), attempts: 5 }, now)).toBe('VERIFICATION_ATTEMPTS_EXCEEDED');
    expect(checkVerificationAttempt({ expiresAt: new Date('2026-03-10T12:05:00Z'), attempts: 0 }, now)).toBeUndefined();
  });
});

describe('classifyLogin', () => {
  it.each([
    ['mc-7k3qx9', { kind: 'customerCode', value: 'MC-7K3QX9' }],
    [' Rosa@Example.com ', { kind: 'email', value: 'rosa@example.com' }],
    ['Rosa', { kind: 'username', value: 'rosa' }],
  ])('%j is a %j', (login, expected) => {
    expect(classifyLogin(login)).toEqual(expected);
  });
});
