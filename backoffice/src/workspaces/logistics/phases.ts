import type { NationalDelivery, OrderState } from '../../graphql/generated/graphql';

/** The phases a tracking event may move an order to (DESIGN flow step 10); PURCHASED comes from the supplier payment. */
const recordable: readonly OrderState[] = ['AT_CHINA_WAREHOUSE', 'DEPARTED_CHINA', 'IN_CUSTOMS', 'AT_LOCAL_WAREHOUSE', 'OUT_FOR_DELIVERY', 'READY_FOR_PICKUP', 'DELIVERED'];

/** The last-mile phase each national delivery mode allows (the API refuses the other with WRONG_DELIVERY_MODE). */
const wrongMode: Record<NationalDelivery, OrderState> = { COURIER: 'READY_FOR_PICKUP', OFFICE_PICKUP: 'OUT_FOR_DELIVERY' };

interface Movable {
  nextStates: readonly OrderState[];
  nationalDelivery: NationalDelivery;
}

/** The tracking phases one order can reach next: its `nextStates` that are tracking phases of its delivery mode. */
export function nextPhases(order: Movable): OrderState[] {
  return order.nextStates.filter((s) => recordable.includes(s) && s !== wrongMode[order.nationalDelivery]);
}

/** The phases every order of a box can reach next (a box moves all its orders or none); empty for an empty box. */
export function nextBoxPhases(orders: readonly Movable[]): OrderState[] {
  if (orders.length === 0) return [];
  return orders.map(nextPhases).reduce((shared, phases) => shared.filter((p) => phases.includes(p)));
}
