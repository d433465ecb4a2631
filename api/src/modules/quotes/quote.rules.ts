import { PurchaseRequestState } from './purchase-request.states';

/** Time zone the business month is counted in unless a Master parameter says otherwise. */
export const DEFAULT_BUSINESS_TIME_ZONE = 'America/Caracas';

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 24 * MS_PER_HOUR;

/**
 * Refuses a new quote request from a customer who never completed a purchase and already made `limit`
 * requests in the current window (seed 003 §4: 5 per calendar month; both numbers are Master parameters).
 * `requestsInWindow` counts the existing requests, not the one being created.
 */
export function checkQuoteLimit(r: { hasCompletedPurchase: boolean; requestsInWindow: number; limit: number }): 'QUOTE_LIMIT_REACHED' | undefined {
  if (r.hasCompletedPurchase) return undefined;
  return r.requestsInWindow >= r.limit ? 'QUOTE_LIMIT_REACHED' : undefined;
}

/**
 * Quote requests the customer may still create this window: null when the limit does not apply (a completed
 * purchase, seed 003 §4), else the limit less the requests already made, never below 0.
 */
export function remainingQuoteRequests(r: { hasCompletedPurchase: boolean; requestsInWindow: number; limit: number }): number | null {
  if (r.hasCompletedPurchase) return null;
  return Math.max(0, r.limit - r.requestsInWindow);
}

/**
 * The calendar month containing `now` in `timeZone` (IANA name), as the half-open UTC interval
 * [start, end): start is the first instant of the 1st, end the first instant of the next month's 1st
 * (seed 003 §4 counts quote requests per calendar month). Offsets are read from Intl per boundary, so the
 * two ends may have different offsets across a DST change.
 */
export function calendarMonthWindow(now: Date, timeZone: string = DEFAULT_BUSINESS_TIME_ZONE): { start: Date; end: Date } {
  const local = new Date(wallClockMs(now.getTime(), timeZone));
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth();
  return {
    start: new Date(startOfLocalDay(Date.UTC(year, month, 1), timeZone)),
    end: new Date(startOfLocalDay(Date.UTC(year, month + 1, 1), timeZone)),
  };
}

/**
 * Whether the customer may request one more modification (seed 003 §4: at most 2 per request; the request
 * beyond the limit rejects the purchase instead of being refused). `modificationsUsed` excludes this request.
 */
export function checkModification(r: { modificationsUsed: number; limit: number }): { outcome: 'ALLOWED' } | { outcome: 'AUTO_REJECT' } {
  return r.modificationsUsed < r.limit ? { outcome: 'ALLOWED' } : { outcome: 'AUTO_REJECT' };
}

/**
 * Whether the customer can still answer a quote (accept, modify, reject) at `now` (seed 003 step 5: a quote
 * not answered by its deadline expires). The deadline instant itself still counts as in time.
 */
export function checkQuoteAnswerable(r: { state: PurchaseRequestState; responseDeadline: Date; now: Date }): 'QUOTE_EXPIRED' | 'INVALID_STATE' | undefined {
  // An expired quote reports as expired whether or not the sweep has already moved it.
  if (r.state === PurchaseRequestState.EXPIRED) return 'QUOTE_EXPIRED';
  if (r.state !== PurchaseRequestState.QUOTED) return 'INVALID_STATE';
  return r.now.getTime() > r.responseDeadline.getTime() ? 'QUOTE_EXPIRED' : undefined;
}

/** `now` plus `hours` (Master parameter: quote response or payment deadline), as a UTC instant. */
export function deadlineFrom(now: Date, hours: number): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Deadline hours must be a non-negative number, got ${hours}`);
  return new Date(now.getTime() + hours * MS_PER_HOUR);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time in `timeZone` at instant `utcMs`, encoded as if it were a UTC timestamp. */
function wallClockMs(utcMs: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const part = Object.fromEntries(formatter.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const wholeSeconds = Date.UTC(Number(part.year), Number(part.month) - 1, Number(part.day), Number(part.hour), Number(part.minute), Number(part.second));
  return wholeSeconds + (((utcMs % 1000) + 1000) % 1000);
}

/**
 * The first UTC instant whose wall-clock date in `timeZone` is the day `localMidnightMs` (midnight encoded as
 * UTC). Tries the offsets in force a day before and a day after: when both hit midnight (clocks fell back over
 * it, e.g. Havana) the earlier wins; when neither does, midnight was skipped (e.g. Asuncion 2023-10-01) and the
 * day starts at the transition, found by bisection.
 */
function startOfLocalDay(localMidnightMs: number, timeZone: string): number {
  const offsetBefore = wallClockMs(localMidnightMs - MS_PER_DAY, timeZone) - (localMidnightMs - MS_PER_DAY);
  const offsetAfter = wallClockMs(localMidnightMs + MS_PER_DAY, timeZone) - (localMidnightMs + MS_PER_DAY);
  const exact = [localMidnightMs - offsetBefore, localMidnightMs - offsetAfter].filter((u) => wallClockMs(u, timeZone) === localMidnightMs);
  if (exact.length > 0) return Math.min(...exact);
  // In a gap the wall clock jumps forward: before lo it still shows the previous day, at hi the new one.
  let lo = localMidnightMs - Math.max(offsetBefore, offsetAfter);
  let hi = localMidnightMs - Math.min(offsetBefore, offsetAfter);
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (wallClockMs(mid, timeZone) >= localMidnightMs) hi = mid;
    else lo = mid;
  }
  return hi;
}
