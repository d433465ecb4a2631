import { applyFraction, convertUsdToVes, convertVesToUsd, removeFraction } from '../../shared/money';
import { OrderState } from '../orders/order.states';
import { PaymentMethod } from './payment.states';

/** The currencies a payment can be made in (seed 003 step 8). */
export type PaymentCurrency = 'VES' | 'USD';

/** The order states `settlement` can decide; later states are reached by purchase and logistics, not by payments. */
export type SettlementState = OrderState.PENDING_PAYMENT | OrderState.PARTIALLY_PAID | OrderState.PAID;

/** The currency a payment method moves (seed 003 step 8): PAGO_MOVIL and BANK_TRANSFER are bolívares, the rest dollars. */
export function currencyOfMethod(method: PaymentMethod): PaymentCurrency {
  return method === PaymentMethod.PAGO_MOVIL || method === PaymentMethod.BANK_TRANSFER ? 'VES' : 'USD';
}

/**
 * How much of the order's USD total (minor units) one payment settles, half-up (seed 003 step 8). VES:
 * amount ÷ `vesPerUsd` frozen when the quote was priced. USD: amount ÷ (1 − `usdDiscount`), because a USD payer
 * owes total × (1 − discount), so each dollar paid settles more than a dollar of the total.
 */
export function creditedUsdMinor(p: { amountMinor: number; currency: PaymentCurrency; vesPerUsd: string; usdDiscount: string }): number {
  return p.currency === 'VES' ? convertVesToUsd(p.amountMinor, p.vesPerUsd) : removeFraction(p.amountMinor, p.usdDiscount, 'SUBTRACT');
}

/**
 * The payment state of an order from the USD credited by its validated payments (seed 003 step 8; partial
 * payments allowed). Every conversion rounds half-up on its own, so paying exactly the USD price shown can
 * credit one minor unit less than the total (93 ¢ at 7 % discount: pay 86 ¢, credited 92 ¢); a shortfall of
 * 1 minor unit therefore counts as PAID, with nothing outstanding.
 */
export function settlement(r: { totalUsdMinor: number; creditedUsdMinor: number }): { state: SettlementState; outstandingUsdMinor: number } {
  if (r.creditedUsdMinor >= r.totalUsdMinor - 1) return { state: OrderState.PAID, outstandingUsdMinor: 0 };
  return {
    state: r.creditedUsdMinor > 0 ? OrderState.PARTIALLY_PAID : OrderState.PENDING_PAYMENT,
    outstandingUsdMinor: r.totalUsdMinor - r.creditedUsdMinor,
  };
}

/**
 * What remains to pay in `currency` (minor units) for `outstandingUsdMinor` of the order's USD total: the
 * inverse of `creditedUsdMinor`, rounded UP so that paying exactly this amount settles the order.
 */
export function outstandingIn(r: { outstandingUsdMinor: number; currency: PaymentCurrency; vesPerUsd: string; usdDiscount: string }): number {
  return r.currency === 'VES'
    ? convertUsdToVes(r.outstandingUsdMinor, r.vesPerUsd, 'UP')
    : applyFraction(r.outstandingUsdMinor, r.usdDiscount, 'SUBTRACT', 'UP');
}

/**
 * Whether a customer may report a payment for an order at `now` (seed 003 step 8: unpaid by the payment
 * deadline, the order is cancelled). The deadline instant itself still counts as in time; PARTIALLY_PAID orders
 * accept further payments.
 */
export function checkPaymentSubmission(r: {
  orderState: OrderState;
  paymentDeadline: Date;
  now: Date;
}): 'ORDER_CANCELLED' | 'PAYMENT_DEADLINE_PASSED' | 'ORDER_ALREADY_PAID' | undefined {
  if (r.orderState === OrderState.CANCELLED) return 'ORDER_CANCELLED';
  if (r.orderState !== OrderState.PENDING_PAYMENT && r.orderState !== OrderState.PARTIALLY_PAID) return 'ORDER_ALREADY_PAID';
  return r.now.getTime() > r.paymentDeadline.getTime() ? 'PAYMENT_DEADLINE_PASSED' : undefined;
}

/** How far (USD minor units) a payment may go past the balance: each conversion rounds on its own by up to one. */
export const OVERPAYMENT_SLACK_USD_MINOR = 1;

/** What is left to pay on an order once validated and still-pending payments count, in USD (of the total) and in each currency. */
export interface RemainingBalance {
  remainingUsdMinor: number;
  remainingVesMinor: number;
  remainingUsdPayableMinor: number;
}

/**
 * Refuses a reported payment whose credited USD would take the order past its total once payments awaiting
 * validation count too (PAYMENT_EXCEEDS_BALANCE), so a customer cannot pile up reports beyond what they owe.
 * Paying exactly the outstanding amount shown (VES or USD, rounded up by `outstandingIn`) is always accepted:
 * its credit may exceed the balance by `OVERPAYMENT_SLACK_USD_MINOR`. Returns what remains when refused.
 */
export function checkPaymentWithinBalance(r: {
  totalUsdMinor: number;
  settledUsdMinor: number;
  pendingUsdMinor: number;
  creditedUsdMinor: number;
  vesPerUsd: string;
  usdDiscount: string;
}): RemainingBalance | undefined {
  const remainingUsdMinor = Math.max(0, r.totalUsdMinor - r.settledUsdMinor - r.pendingUsdMinor);
  if (r.creditedUsdMinor <= remainingUsdMinor + OVERPAYMENT_SLACK_USD_MINOR && remainingUsdMinor > 0) return undefined;
  return {
    remainingUsdMinor,
    remainingVesMinor: outstandingIn({ outstandingUsdMinor: remainingUsdMinor, currency: 'VES', vesPerUsd: r.vesPerUsd, usdDiscount: r.usdDiscount }),
    remainingUsdPayableMinor: outstandingIn({ outstandingUsdMinor: remainingUsdMinor, currency: 'USD', vesPerUsd: r.vesPerUsd, usdDiscount: r.usdDiscount }),
  };
}
