import { checkTrackingEvent } from '../../api/src/modules/orders/order.rules';
import { isTrackingPhase, OrderState as O, trackingPhases } from '../../api/src/modules/orders/order.states';
import { NationalDelivery } from '../../api/src/modules/quotes/quote.enums';
import { formatReadableNumber } from '../../api/src/shared/readable-number';

describe('formatReadableNumber (purchase-order numbers)', () => {
  it.each([
    [42, '2026-06-01T12:00:00.000Z', 'PO-2026-000042'],
    [1, '2026-06-01T12:00:00.000Z', 'PO-2026-000001'],
    [999_999, '2026-06-01T12:00:00.000Z', 'PO-2026-999999'],
    [1_234_567, '2026-06-01T12:00:00.000Z', 'PO-2026-1234567'],
    // The year is UTC: 22:00 on 31 December in Caracas is already the next year.
    [7, '2027-01-01T02:00:00.000Z', 'PO-2027-000007'],
  ])('numbers order %d created at %s as %s', (sequence, now, expected) => {
    expect(formatReadableNumber('PO', sequence, new Date(now))).toBe(expected);
  });

  it.each([0, -3, 1.5])('refuses sequence %d', (sequence) => {
    expect(() => formatReadableNumber('PO', sequence, new Date())).toThrow(RangeError);
  });
});

describe('trackingPhases', () => {
  it('runs from PURCHASED to DELIVERED in the order the logistics happen', () => {
    expect(trackingPhases).toEqual([
      O.PURCHASED, O.AT_CHINA_WAREHOUSE, O.DEPARTED_CHINA, O.IN_CUSTOMS, O.AT_LOCAL_WAREHOUSE, O.OUT_FOR_DELIVERY, O.READY_FOR_PICKUP, O.DELIVERED,
    ]);
  });

  it.each([
    [O.PENDING_PAYMENT, false],
    [O.PARTIALLY_PAID, false],
    [O.PAID, false],
    [O.CANCELLED, false],
    [O.PURCHASED, true],
    [O.IN_CUSTOMS, true],
    [O.DELIVERED, true],
  ])('%s is a tracking phase: %s', (state, expected) => {
    expect(isTrackingPhase(state)).toBe(expected);
  });
});

describe('checkTrackingEvent', () => {
  it.each([
    [O.PURCHASED, O.AT_CHINA_WAREHOUSE, 'COURIER', undefined],
    [O.AT_CHINA_WAREHOUSE, O.DEPARTED_CHINA, 'COURIER', undefined],
    [O.DEPARTED_CHINA, O.IN_CUSTOMS, 'OFFICE_PICKUP', undefined],
    [O.IN_CUSTOMS, O.AT_LOCAL_WAREHOUSE, 'COURIER', undefined],
    [O.AT_LOCAL_WAREHOUSE, O.OUT_FOR_DELIVERY, 'COURIER', undefined],
    [O.AT_LOCAL_WAREHOUSE, O.READY_FOR_PICKUP, 'OFFICE_PICKUP', undefined],
    [O.OUT_FOR_DELIVERY, O.DELIVERED, 'COURIER', undefined],
    [O.READY_FOR_PICKUP, O.DELIVERED, 'OFFICE_PICKUP', undefined],
    [O.AT_LOCAL_WAREHOUSE, O.OUT_FOR_DELIVERY, 'OFFICE_PICKUP', 'WRONG_DELIVERY_MODE'],
    [O.AT_LOCAL_WAREHOUSE, O.READY_FOR_PICKUP, 'COURIER', 'WRONG_DELIVERY_MODE'],
    [O.PURCHASED, O.DEPARTED_CHINA, 'COURIER', 'INVALID_TRANSITION'],
    [O.IN_CUSTOMS, O.READY_FOR_PICKUP, 'COURIER', 'INVALID_TRANSITION'],
    [O.DELIVERED, O.AT_LOCAL_WAREHOUSE, 'COURIER', 'INVALID_TRANSITION'],
    [O.AT_CHINA_WAREHOUSE, O.PURCHASED, 'COURIER', 'INVALID_TRANSITION'],
    // Supplier payment confirmation and cancellation are not tracking events.
    [O.PAID, O.PURCHASED, 'COURIER', 'INVALID_TRANSITION'],
    [O.PENDING_PAYMENT, O.CANCELLED, 'COURIER', 'INVALID_TRANSITION'],
  ] as const)('a tracking event from %s to %s for %s delivery → %s', (current, next, nationalDelivery, expected) => {
    expect(checkTrackingEvent({ current, next, nationalDelivery })).toBe(expected);
  });

  it('accepts the national delivery enum as well as its string value', () => {
    expect(checkTrackingEvent({ current: O.AT_LOCAL_WAREHOUSE, next: O.READY_FOR_PICKUP, nationalDelivery: NationalDelivery.OFFICE_PICKUP })).toBeUndefined();
  });
});
