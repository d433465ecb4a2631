import { OrderState } from '../orders/order.states';

/** Which record a public tracking number names: a purchase order, a package or a box (seed 003's numbers). */
export type TrackedKind = 'ORDER' | 'PACKAGE' | 'BOX';

const prefixes: Record<string, TrackedKind> = { PO: 'ORDER', PK: 'PACKAGE', BX: 'BOX' };

/**
 * Reads a number as typed by a person: `po-2026-000042`, ` PO 2026 000042 ` and `PO-2026-000042` are the same
 * order. Answers the kind and the number as stored (`PO-2026-000042`), or null when it cannot be one of ours.
 */
export function parseTrackingNumber(text: string): { kind: TrackedKind; number: string } | null {
  const number = text.trim().toUpperCase().replace(/[\s_]+/g, '-').replace(/-+/g, '-');
  const match = /^(PO|PK|BX)-[0-9A-Z][0-9A-Z-]{0,38}$/.exec(number);
  return match ? { kind: prefixes[match[1]!]!, number } : null;
}

/** The digits of the phone a customer may give as the second factor: the last four. */
export const PHONE_DIGITS_ASKED = 4;

/**
 * Whether `factor` proves the caller knows the order's customer: their customer code (any case, spaces
 * ignored) or the last four digits of their phone (spaces, dots, dashes and brackets ignored). Anything
 * else — fewer or more digits, part of the code — does not match.
 */
export function secondFactorMatches(customer: { code: string; phone: string }, factor: string): boolean {
  const compact = factor.replace(/[\s.\-()]+/g, '');
  if (/^\d+$/.test(compact)) {
    const phoneDigits = customer.phone.replace(/\D/g, '');
    return compact.length === PHONE_DIGITS_ASKED && phoneDigits.length >= PHONE_DIGITS_ASKED && phoneDigits.endsWith(compact);
  }
  return factor.replace(/\s+/g, '').toUpperCase() === customer.code.toUpperCase();
}

/**
 * The phase a visitor sees: payment progress stays private, so every state before the purchase from the
 * supplier reads PROCESSING; the logistics phases, DELIVERED and CANCELLED read as themselves.
 */
export enum PublicOrderPhase {
  PROCESSING = 'PROCESSING',
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

const privateStates: readonly OrderState[] = [OrderState.PENDING_PAYMENT, OrderState.PARTIALLY_PAID, OrderState.PAID];

export function publicPhaseOf(state: OrderState): PublicOrderPhase {
  return privateStates.includes(state) ? PublicOrderPhase.PROCESSING : (state as unknown as PublicOrderPhase);
}

/** The estimated delivery date worth showing: none once the order is delivered or cancelled. */
export function publicEta(state: OrderState, estimatedDeliveryAt: Date | null): Date | null {
  return state === OrderState.DELIVERED || state === OrderState.CANCELLED ? null : estimatedDeliveryAt;
}
