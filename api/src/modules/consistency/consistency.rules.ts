import { OrderState } from '../orders/order.states';

/** How many days without change the consistency view accepts: one day to a year. */
export const MIN_QUIET_DAYS = 1;
export const MAX_QUIET_DAYS = 365;

/** Paid orders that should be moving: waiting for the supplier payment (PAID) or for the goods at the warehouse (PURCHASED). */
export const STALLABLE_ORDER_STATES: readonly OrderState[] = [OrderState.PAID, OrderState.PURCHASED];

/** The states of an order travelling in a box (after the warehouse receives it, before delivery). */
export const IN_BOX_ORDER_STATES: readonly OrderState[] = [
  OrderState.AT_CHINA_WAREHOUSE,
  OrderState.DEPARTED_CHINA,
  OrderState.IN_CUSTOMS,
  OrderState.AT_LOCAL_WAREHOUSE,
  OrderState.OUT_FOR_DELIVERY,
  OrderState.READY_FOR_PICKUP,
];

/** The instant before which something has been quiet for `days` whole days at `now` (UTC, 24-hour days). */
export function quietCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
