import type { Transitions } from '../../shared/transitions';

/**
 * Life of an order (seed 003 steps 7–10): payment, supplier purchase, then the tracking phases. Final:
 * DELIVERED, CANCELLED (unpaid by the payment deadline).
 */
export enum OrderState {
  PENDING_PAYMENT = 'PENDING_PAYMENT',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  PAID = 'PAID',
  PURCHASED = 'PURCHASED',
  AT_CHINA_WAREHOUSE = 'AT_CHINA_WAREHOUSE',
  DEPARTED_CHINA = 'DEPARTED_CHINA',
  IN_CUSTOMS = 'IN_CUSTOMS',
  AT_LOCAL_WAREHOUSE = 'AT_LOCAL_WAREHOUSE',
  OUT_FOR_DELIVERY = 'OUT_FOR_DELIVERY',
  READY_FOR_PICKUP = 'READY_FOR_PICKUP',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
}

/** Allowed moves of an order; once PAID it can no longer be cancelled by the payment deadline. */
export const orderTransitions: Transitions<OrderState> = {
  [OrderState.PENDING_PAYMENT]: { to: [OrderState.PARTIALLY_PAID, OrderState.PAID, OrderState.CANCELLED] },
  [OrderState.PARTIALLY_PAID]: { to: [OrderState.PAID, OrderState.CANCELLED] },
  // The China agent confirms the supplier payment (seed 003 step 9).
  [OrderState.PAID]: { to: [OrderState.PURCHASED] },
  [OrderState.PURCHASED]: { to: [OrderState.AT_CHINA_WAREHOUSE] },
  [OrderState.AT_CHINA_WAREHOUSE]: { to: [OrderState.DEPARTED_CHINA] },
  [OrderState.DEPARTED_CHINA]: { to: [OrderState.IN_CUSTOMS] },
  [OrderState.IN_CUSTOMS]: { to: [OrderState.AT_LOCAL_WAREHOUSE] },
  // Courier orders go out for delivery, office-pickup orders wait at the office (see checkTrackingEvent).
  [OrderState.AT_LOCAL_WAREHOUSE]: { to: [OrderState.OUT_FOR_DELIVERY, OrderState.READY_FOR_PICKUP] },
  [OrderState.OUT_FOR_DELIVERY]: { to: [OrderState.DELIVERED] },
  [OrderState.READY_FOR_PICKUP]: { to: [OrderState.DELIVERED] },
  [OrderState.DELIVERED]: { to: [] },
  [OrderState.CANCELLED]: { to: [] },
};

/**
 * The phases tracking events move an order through, in order (seed 003 step 10). OUT_FOR_DELIVERY and
 * READY_FOR_PICKUP are alternatives at the same step; an order visits one of them.
 */
export const trackingPhases: readonly OrderState[] = [
  OrderState.PURCHASED,
  OrderState.AT_CHINA_WAREHOUSE,
  OrderState.DEPARTED_CHINA,
  OrderState.IN_CUSTOMS,
  OrderState.AT_LOCAL_WAREHOUSE,
  OrderState.OUT_FOR_DELIVERY,
  OrderState.READY_FOR_PICKUP,
  OrderState.DELIVERED,
];

/** Whether `state` is one of the logistics phases (PURCHASED … DELIVERED) rather than payment or cancellation. */
export function isTrackingPhase(state: OrderState): boolean {
  return trackingPhases.includes(state);
}
