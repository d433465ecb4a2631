/**
 * Limits on the public entry points (sign-in, sign-up, phone verification, password reset, public order
 * tracking). Two kinds:
 * - `failures`: counts only refused attempts (wrong password or code). Each attempt takes a point before its
 *   costly work and gives it back when it succeeds; the attempt beyond `points` blocks the key for
 *   `blockSeconds`, doubling on every new block within a day (up to `maxBlockSeconds`); a success clears the
 *   per-account+IP counter. This is rate-limiter-flexible's login-protection pattern.
 * - `requests`: counts every request (each sends a WhatsApp message); over `points` in `durationSeconds`,
 *   refused until the window ends.
 */
export interface ThrottleLimit {
  /** Key prefix in the rate-limit table. */
  name: string;
  kind: 'failures' | 'requests';
  points: number;
  durationSeconds: number;
  /** failures only: first block, doubled on each further block within a day, up to maxBlockSeconds. */
  blockSeconds?: number;
  maxBlockSeconds?: number;
  /** Keyed by client IP: skipped for the IPs in THROTTLE_EXEMPT_IPS. */
  perIp?: boolean;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

export const limits = {
  /** 5 wrong passwords per account (see accountSubject) from one IP, then 1 min, 2, 4 … up to 1 h. */
  signInLoginIp: { name: 'sign_in_login_ip', kind: 'failures', points: 5, durationSeconds: 15 * MINUTE, blockSeconds: MINUTE, maxBlockSeconds: HOUR },
  /** Distributed guessing of one account: 30 wrong passwords an hour from anywhere, then 1 h. */
  signInLogin: { name: 'sign_in_login', kind: 'failures', points: 30, durationSeconds: HOUR, blockSeconds: HOUR, maxBlockSeconds: DAY },
  /** Slow brute force from one IP over many logins: 100 wrong passwords a day. */
  signInIp: { name: 'sign_in_ip', kind: 'failures', points: 100, durationSeconds: DAY, blockSeconds: HOUR, maxBlockSeconds: DAY, perIp: true },
  /** Wrong or unknown verification codes from one IP. */
  verifyIp: { name: 'verify_ip', kind: 'failures', points: 20, durationSeconds: HOUR, blockSeconds: 15 * MINUTE, maxBlockSeconds: DAY, perIp: true },
  /** Wrong reset codes for one account from one IP, and for one account from anywhere. */
  resetLoginIp: { name: 'reset_login_ip', kind: 'failures', points: 5, durationSeconds: 15 * MINUTE, blockSeconds: MINUTE, maxBlockSeconds: HOUR },
  resetLogin: { name: 'reset_login', kind: 'failures', points: 20, durationSeconds: HOUR, blockSeconds: HOUR, maxBlockSeconds: DAY },
  /** WhatsApp codes one phone receives from sign-ups and resends: 5 an hour, 10 a day. */
  codesPerPhoneHour: { name: 'codes_phone_hour', kind: 'requests', points: 5, durationSeconds: HOUR },
  codesPerPhoneDay: { name: 'codes_phone_day', kind: 'requests', points: 10, durationSeconds: DAY },
  /** Sign-ups, resends and reset requests from one IP: 10 an hour. */
  messagesPerIp: { name: 'messages_ip', kind: 'requests', points: 10, durationSeconds: HOUR, perIp: true },
  /** Reset requests for one account (or unknown login): 3 an hour. */
  resetRequestsPerLogin: { name: 'reset_requests_login', kind: 'requests', points: 3, durationSeconds: HOUR },
  /**
   * Public order tracking: wrong second factors (or unknown numbers) for one number from anywhere — 10 an hour,
   * then 1 h doubling up to a day, so nobody walks through the 10,000 phone endings of one order.
   */
  trackingNumber: { name: 'tracking_number', kind: 'failures', points: 10, durationSeconds: HOUR, blockSeconds: HOUR, maxBlockSeconds: DAY },
  /** Public order tracking: wrong lookups from one IP over any numbers, 30 an hour, then 15 min doubling up to a day. */
  trackingIp: { name: 'tracking_ip', kind: 'failures', points: 30, durationSeconds: HOUR, blockSeconds: 15 * MINUTE, maxBlockSeconds: DAY, perIp: true },
  /** Public traceability lookups (issue 9): unknown unit codes or order links from one IP, 30 an hour, then 15 min doubling up to a day. */
  traceLookupIp: { name: 'trace_lookup_ip', kind: 'failures', points: 30, durationSeconds: HOUR, blockSeconds: 15 * MINUTE, maxBlockSeconds: DAY, perIp: true },
} as const satisfies Record<string, ThrottleLimit>;

/** Seconds of the `blocksToday`-th block (1-based): `blockSeconds` doubled each time, capped. */
export function growingBlockSeconds(limit: Pick<ThrottleLimit, 'blockSeconds' | 'maxBlockSeconds'>, blocksToday: number): number {
  const base = limit.blockSeconds ?? 0;
  const cap = limit.maxBlockSeconds ?? base;
  return Math.min(cap, base * 2 ** Math.min(Math.max(blocksToday - 1, 0), 30));
}

/**
 * What the `consumedPoints`-th point taken on a failures key means: within the limit (the attempt may go on);
 * the first point beyond it (refused, and the one consume that starts a block, so a burst is one block); or
 * further beyond (refused while blocked).
 */
export function failureVerdict(limit: Pick<ThrottleLimit, 'points'>, consumedPoints: number): 'allowed' | 'exhausted' | 'blocked' {
  if (consumedPoints <= limit.points) return 'allowed';
  return consumedPoints === limit.points + 1 ? 'exhausted' : 'blocked';
}

/** Whole seconds a client waits before retrying, at least 1 (clients show it and wait). */
export function retryAfterSeconds(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}
