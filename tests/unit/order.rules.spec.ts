import { checkTrackingEvent, formatPurchaseOrderNumber } from '../../api/src/modules/orders/order.rules';
import { isTrackingPhase, OrderState as O, trackingPhases } from '../../api/src/modules/orders/order.states';
import { NationalDelivery } from '../../api/src/modules/quotes/quote.enums';

describe('formatPurchaseOrderNumber', () => {
  it.each([
    [42, '2026-06-01T12:00:00.000Z', 'PO-2026-000042'],
    [1, '2026-06-01T12:00:00.000Z', 'PO-2026-000001'],
    [999_999, '2026-06-01T12:00:00.000Z', 'PO-2026-999999'],
    [1_234_567, '2026-06-01T12:00:00.000Z', 'PO-2026-1234567'],
    // The year is UTC: 22:00 on 31 December in Caracas is already the next year.
    [7, '2027-01-01T02:00:00.000Z', 'PO-2027-000007'],
  ])('numbers order %d created at %s as %s', (sequence, now, expected) => {
    expect(formatPurchaseOrderNumber(sequence, new Date(now))).toBe(expected);
  });

  it.each([0, -3, 1.5])('refuses sequence %d', (sequence) => {
    expect(() => formatPurchaseOrderNumber(sequence, new Date())).toThrow(RangeError);
  });
});

describe('trackingPhases', () => {
  it('runs from PURCHASED to DELIVERED in the order the logistics happen', () => {
    expect(trackingPhases).toEqual([
      O.Purchased, O.AtChinaWarehouse, O.DepartedChina, O.InCustoms, O.AtLocalWarehouse, O.OutForDelivery, O.ReadyForPickup, O.Delivered,
    ]);
  });

  it.each([
    [O.PendingPayment, false],
    [O.PartiallyPaid, false],
    [O.Paid, false],
    [O.Cancelled, false],
    [O.Purchased, true],
    [O.InCustoms, true],
    [O.Delivered, true],
  ])('%s is a tracking phase: %s', (state, expected) => {
    expect(isTrackingPhase(state)).toBe(expected);
  });
});

describe('checkTrackingEvent', () => {
  it.each([
    [O.Purchased, O.AtChinaWarehouse, 'COURIER', undefined],
    [O.AtChinaWarehouse, O.DepartedChina, 'COURIER', undefined],
    [O.DepartedChina, O.InCustoms, 'OFFICE_PICKUP', undefined],
    [O.InCustoms, O.AtLocalWarehouse, 'COURIER', undefined],
    [O.AtLocalWarehouse, O.OutForDelivery, 'COURIER', undefined],
    [O.AtLocalWarehouse, O.ReadyForPickup, 'OFFICE_PICKUP', undefined],
    [O.OutForDelivery, O.Delivered, 'COURIER', undefined],
    [O.ReadyForPickup, O.Delivered, 'OFFICE_PICKUP', undefined],
    [O.AtLocalWarehouse, O.OutForDelivery, 'OFFICE_PICKUP', 'WRONG_DELIVERY_MODE'],
    [O.AtLocalWarehouse, O.ReadyForPickup, 'COURIER', 'WRONG_DELIVERY_MODE'],
    [O.Purchased, O.DepartedChina, 'COURIER', 'INVALID_TRANSITION'],
    [O.InCustoms, O.ReadyForPickup, 'COURIER', 'INVALID_TRANSITION'],
    [O.Delivered, O.AtLocalWarehouse, 'COURIER', 'INVALID_TRANSITION'],
    [O.AtChinaWarehouse, O.Purchased, 'COURIER', 'INVALID_TRANSITION'],
    // Supplier payment confirmation and cancellation are not tracking events.
    [O.Paid, O.Purchased, 'COURIER', 'INVALID_TRANSITION'],
    [O.PendingPayment, O.Cancelled, 'COURIER', 'INVALID_TRANSITION'],
  ] as const)('a tracking event from %s to %s for %s delivery → %s', (current, next, nationalDelivery, expected) => {
    expect(checkTrackingEvent({ current, next, nationalDelivery })).toBe(expected);
  });

  it('accepts the national delivery enum as well as its string value', () => {
    expect(checkTrackingEvent({ current: O.AtLocalWarehouse, next: O.ReadyForPickup, nationalDelivery: NationalDelivery.OfficePickup })).toBeUndefined();
  });
});
