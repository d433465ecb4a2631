import { PurchaseRequestState as R } from '../../api/src/modules/quotes/purchase-request.states';
import {
  calendarMonthWindow, checkModification, checkQuoteAnswerable, checkQuoteLimit, deadlineFrom, remainingQuoteRequests,
} from '../../api/src/modules/quotes/quote.rules';

describe('checkQuoteLimit', () => {
  it.each([
    [false, 0, 5, undefined],
    [false, 4, 5, undefined],
    [false, 5, 5, 'QUOTE_LIMIT_REACHED'],
    [false, 7, 5, 'QUOTE_LIMIT_REACHED'],
    [true, 5, 5, undefined],
    [true, 50, 5, undefined],
    [false, 0, 0, 'QUOTE_LIMIT_REACHED'],
  ])('a customer with a completed purchase: %s, %d requests this month, limit %d → %s', (hasCompletedPurchase, requestsInWindow, limit, expected) => {
    expect(checkQuoteLimit({ hasCompletedPurchase, requestsInWindow, limit })).toBe(expected);
  });
});

describe('remainingQuoteRequests', () => {
  it.each([
    [false, 0, 5, 5],
    [false, 3, 5, 2],
    [false, 5, 5, 0],
    [false, 7, 5, 0],
    [true, 0, 5, null],
    [true, 9, 5, null],
  ])('a customer with a completed purchase: %s, %d requests this month, limit %d → %s left', (hasCompletedPurchase, requestsInWindow, limit, expected) => {
    expect(remainingQuoteRequests({ hasCompletedPurchase, requestsInWindow, limit })).toBe(expected);
  });
});

describe('checkModification', () => {
  it.each([
    [0, 2, 'ALLOWED'],
    [1, 2, 'ALLOWED'],
    [2, 2, 'AUTO_REJECT'],
    [0, 0, 'AUTO_REJECT'],
  ])('with %d modifications used and a limit of %d the next request is %s', (modificationsUsed, limit, outcome) => {
    expect(checkModification({ modificationsUsed, limit })).toEqual({ outcome });
  });

  it('rejects the purchase on the third modification request under the default limit of 2', () => {
    const outcomes = [0, 1, 2].map((used) => checkModification({ modificationsUsed: used, limit: 2 }).outcome);
    expect(outcomes).toEqual(['ALLOWED', 'ALLOWED', 'AUTO_REJECT']);
  });
});

describe('checkQuoteAnswerable', () => {
  const deadline = new Date('2026-03-10T16:00:00.000Z');
  it.each([
    [R.QUOTED, '2026-03-10T12:00:00.000Z', undefined],
    [R.QUOTED, '2026-03-10T16:00:00.000Z', undefined],
    [R.QUOTED, '2026-03-10T16:00:00.001Z', 'QUOTE_EXPIRED'],
    [R.EXPIRED, '2026-03-10T12:00:00.000Z', 'QUOTE_EXPIRED'],
    [R.ACCEPTED, '2026-03-10T12:00:00.000Z', 'INVALID_STATE'],
    [R.MODIFICATION_REQUESTED, '2026-03-10T12:00:00.000Z', 'INVALID_STATE'],
    [R.PRICING, '2026-03-10T12:00:00.000Z', 'INVALID_STATE'],
    [R.REJECTED, '2026-03-11T12:00:00.000Z', 'INVALID_STATE'],
  ])('a request in state %s answered at %s (deadline 16:00Z) → %s', (state, now, expected) => {
    expect(checkQuoteAnswerable({ state, responseDeadline: deadline, now: new Date(now) })).toBe(expected);
  });
});

describe('deadlineFrom', () => {
  it.each([
    ['2026-03-10T12:00:00.000Z', 48, '2026-03-12T12:00:00.000Z'],
    ['2026-03-10T12:00:00.000Z', 0.5, '2026-03-10T12:30:00.000Z'],
    ['2026-03-10T12:00:00.000Z', 0, '2026-03-10T12:00:00.000Z'],
    ['2026-12-31T20:00:00.000Z', 24, '2027-01-01T20:00:00.000Z'],
  ])('from %s plus %d hours is %s', (now, hours, expected) => {
    expect(deadlineFrom(new Date(now), hours).toISOString()).toBe(expected);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d hours', (hours) => {
    expect(() => deadlineFrom(new Date(), hours)).toThrow(RangeError);
  });
});

describe('calendarMonthWindow', () => {
  it.each([
    // Caracas is UTC−4 all year: months start at 04:00Z.
    ['America/Caracas', '2026-03-15T12:00:00.000Z', '2026-03-01T04:00:00.000Z', '2026-04-01T04:00:00.000Z'],
    ['America/Caracas', '2026-03-01T03:59:59.999Z', '2026-02-01T04:00:00.000Z', '2026-03-01T04:00:00.000Z'],
    ['America/Caracas', '2026-03-01T04:00:00.000Z', '2026-03-01T04:00:00.000Z', '2026-04-01T04:00:00.000Z'],
    ['America/Caracas', '2025-12-31T23:00:00.000Z', '2025-12-01T04:00:00.000Z', '2026-01-01T04:00:00.000Z'],
    ['America/Caracas', '2026-01-01T03:30:00.000Z', '2025-12-01T04:00:00.000Z', '2026-01-01T04:00:00.000Z'],
    // Caracas moved from UTC−4:30 to UTC−4 at 02:30 on 2016-05-01: the window's two ends have different offsets.
    ['America/Caracas', '2016-05-10T12:00:00.000Z', '2016-05-01T04:30:00.000Z', '2016-06-01T04:00:00.000Z'],
    // Santiago: summer time (−3) ended 2024-04-07 and began again 2024-09-08 (−4 in between).
    ['America/Santiago', '2024-04-15T12:00:00.000Z', '2024-04-01T03:00:00.000Z', '2024-05-01T04:00:00.000Z'],
    ['America/Santiago', '2024-09-08T04:30:00.000Z', '2024-09-01T04:00:00.000Z', '2024-10-01T03:00:00.000Z'],
    ['America/Santiago', '2024-09-01T03:59:59.999Z', '2024-08-01T04:00:00.000Z', '2024-09-01T04:00:00.000Z'],
    ['America/Santiago', '2024-10-01T02:59:59.999Z', '2024-09-01T04:00:00.000Z', '2024-10-01T03:00:00.000Z'],
    ['America/Santiago', '2025-01-01T02:59:59.999Z', '2024-12-01T03:00:00.000Z', '2025-01-01T03:00:00.000Z'],
    // Asuncion skipped midnight on 2023-10-01 (00:00 → 01:00): October began at 01:00 local = 04:00Z.
    ['America/Asuncion', '2023-10-15T12:00:00.000Z', '2023-10-01T04:00:00.000Z', '2023-11-01T03:00:00.000Z'],
    ['America/Asuncion', '2023-10-01T03:59:59.999Z', '2023-09-01T04:00:00.000Z', '2023-10-01T04:00:00.000Z'],
    // Havana repeated 00:00–01:00 on 2020-11-01: the month begins at the first midnight (−4).
    ['America/Havana', '2020-11-15T12:00:00.000Z', '2020-11-01T04:00:00.000Z', '2020-12-01T05:00:00.000Z'],
    ['UTC', '2024-02-29T23:59:59.999Z', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
  ])('in %s, the month containing %s runs from %s to %s', (timeZone, now, start, end) => {
    const w = calendarMonthWindow(new Date(now), timeZone);
    expect([w.start.toISOString(), w.end.toISOString()]).toEqual([start, end]);
  });

  it('counts the month in Caracas time when no time zone is given', () => {
    const w = calendarMonthWindow(new Date('2026-03-01T03:00:00.000Z'));
    expect([w.start.toISOString(), w.end.toISOString()]).toEqual(['2026-02-01T04:00:00.000Z', '2026-03-01T04:00:00.000Z']);
  });

  it('refuses an unknown time zone', () => {
    expect(() => calendarMonthWindow(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
