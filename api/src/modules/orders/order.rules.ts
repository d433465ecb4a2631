import { canTransition } from '../../shared/transitions';
import type { NationalDelivery } from '../quotes/quote.enums';
import { isTrackingPhase, OrderState, orderTransitions } from './order.states';

/**
 * Whether a tracking event may move an order from `current` to `next` (seed 003 step 10): both must be
 * tracking phases joined by the table, and the last mile must match the national delivery the customer chose —
 * OUT_FOR_DELIVERY only for COURIER, READY_FOR_PICKUP only for OFFICE_PICKUP.
 */
export function checkTrackingEvent(r: {
  current: OrderState;
  next: OrderState;
  nationalDelivery: `${NationalDelivery}`;
}): 'INVALID_TRANSITION' | 'WRONG_DELIVERY_MODE' | undefined {
  if (!isTrackingPhase(r.current) || !isTrackingPhase(r.next) || !canTransition(orderTransitions, r.current, r.next)) return 'INVALID_TRANSITION';
  if (r.next === OrderState.OUT_FOR_DELIVERY && r.nationalDelivery !== 'COURIER') return 'WRONG_DELIVERY_MODE';
  if (r.next === OrderState.READY_FOR_PICKUP && r.nationalDelivery !== 'OFFICE_PICKUP') return 'WRONG_DELIVERY_MODE';
  return undefined;
}
