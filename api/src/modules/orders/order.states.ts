import type { Transitions } from '../../shared/transitions';

/**
 * Life of an order (seed 003 steps 7–10): payment, supplier purchase, then the tracking phases. Final:
 * DELIVERED, CANCELLED (unpaid by the payment deadline).
 */
export enum OrderState {
  PendingPayment = 'PENDING_PAYMENT',
  PartiallyPaid = 'PARTIALLY_PAID',
  Paid = 'PAID',
  Purchased = 'PURCHASED',
  AtChinaWarehouse = 'AT_CHINA_WAREHOUSE',
  DepartedChina = 'DEPARTED_CHINA',
  InCustoms = 'IN_CUSTOMS',
  AtLocalWarehouse = 'AT_LOCAL_WAREHOUSE',
  OutForDelivery = 'OUT_FOR_DELIVERY',
  ReadyForPickup = 'READY_FOR_PICKUP',
  Delivered = 'DELIVERED',
  Cancelled = 'CANCELLED',
}

/** Allowed moves of an order; once PAID it can no longer be cancelled by the payment deadline. */
export const orderTransitions: Transitions<OrderState> = {
  [OrderState.PendingPayment]: { to: [OrderState.PartiallyPaid, OrderState.Paid, OrderState.Cancelled] },
  [OrderState.PartiallyPaid]: { to: [OrderState.Paid, OrderState.Cancelled] },
  // The China agent confirms the supplier payment (seed 003 step 9).
  [OrderState.Paid]: { to: [OrderState.Purchased] },
  [OrderState.Purchased]: { to: [OrderState.AtChinaWarehouse] },
  [OrderState.AtChinaWarehouse]: { to: [OrderState.DepartedChina] },
  [OrderState.DepartedChina]: { to: [OrderState.InCustoms] },
  [OrderState.InCustoms]: { to: [OrderState.AtLocalWarehouse] },
  // Courier orders go out for delivery, office-pickup orders wait at the office (see checkTrackingEvent).
  [OrderState.AtLocalWarehouse]: { to: [OrderState.OutForDelivery, OrderState.ReadyForPickup] },
  [OrderState.OutForDelivery]: { to: [OrderState.Delivered] },
  [OrderState.ReadyForPickup]: { to: [OrderState.Delivered] },
  [OrderState.Delivered]: { to: [] },
  [OrderState.Cancelled]: { to: [] },
};

/**
 * The phases tracking events move an order through, in order (seed 003 step 10). OUT_FOR_DELIVERY and
 * READY_FOR_PICKUP are alternatives at the same step; an order visits one of them.
 */
export const trackingPhases: readonly OrderState[] = [
  OrderState.Purchased,
  OrderState.AtChinaWarehouse,
  OrderState.DepartedChina,
  OrderState.InCustoms,
  OrderState.AtLocalWarehouse,
  OrderState.OutForDelivery,
  OrderState.ReadyForPickup,
  OrderState.Delivered,
];

/** Whether `state` is one of the logistics phases (PURCHASED … DELIVERED) rather than payment or cancellation. */
export function isTrackingPhase(state: OrderState): boolean {
  return trackingPhases.includes(state);
}
