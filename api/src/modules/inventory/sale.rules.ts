import type { ErrorCode } from '../../shared/errors';
import type { Transitions } from '../../shared/transitions';
import { SalePaymentStatus } from './inventory.enums';

/**
 * Allowed moves of a sale's payment status (seed 004 §2.1): payments move PENDING → PARTIALLY_PAID → PAID (or
 * straight to PAID); a void is possible from every state but VOID, which is final.
 */
export const saleTransitions: Transitions<SalePaymentStatus> = {
  [SalePaymentStatus.PENDING]: { to: [SalePaymentStatus.PARTIALLY_PAID, SalePaymentStatus.PAID, SalePaymentStatus.VOID] },
  [SalePaymentStatus.PARTIALLY_PAID]: { to: [SalePaymentStatus.PARTIALLY_PAID, SalePaymentStatus.PAID, SalePaymentStatus.VOID] },
  [SalePaymentStatus.PAID]: { to: [SalePaymentStatus.VOID] },
  [SalePaymentStatus.VOID]: { to: [] },
};

/** The payment status for `paidMinor` received of `totalMinor` (a sale of total 0 is paid at once). */
export function paymentStatusFor(totalMinor: number, paidMinor: number): SalePaymentStatus {
  if (paidMinor >= totalMinor) return SalePaymentStatus.PAID;
  return paidMinor > 0 ? SalePaymentStatus.PARTIALLY_PAID : SalePaymentStatus.PENDING;
}

/**
 * Why a payment of `amountMinor` is refused for a sale, or undefined: SALE_VOID once voided, SALE_ALREADY_PAID
 * once paid, SALE_PAYMENT_EXCEEDS_BALANCE when it would take the paid sum past the total, BAD_USER_INPUT for an amount
 * of 0 or less.
 */
export function checkSalePayment(s: { status: SalePaymentStatus; totalMinor: number; paidMinor: number; amountMinor: number }): ErrorCode | undefined {
  if (s.status === SalePaymentStatus.VOID) return 'SALE_VOID';
  if (s.status === SalePaymentStatus.PAID) return 'SALE_ALREADY_PAID';
  if (!Number.isSafeInteger(s.amountMinor) || s.amountMinor <= 0) return 'BAD_USER_INPUT';
  if (s.paidMinor + s.amountMinor > s.totalMinor) return 'SALE_PAYMENT_EXCEEDS_BALANCE';
  return undefined;
}

/** Why a sale cannot be voided (SALE_VOID when it already is), or undefined. */
export function checkVoid(status: SalePaymentStatus): ErrorCode | undefined {
  return status === SalePaymentStatus.VOID ? 'SALE_VOID' : undefined;
}

/**
 * The currency of a sale whose lines are priced in `currencies`, or SALE_CURRENCY_MISMATCH when they differ (a
 * sale is paid in one currency).
 */
export function saleCurrency(currencies: readonly ('USD' | 'VES')[]): 'USD' | 'VES' | 'SALE_CURRENCY_MISMATCH' {
  const distinct = new Set(currencies);
  return distinct.size === 1 ? currencies[0]! : 'SALE_CURRENCY_MISMATCH';
}

/** quantity × unit price in minor units; RangeError past the safe-integer range. */
export function lineTotal(quantity: number, unitPriceMinor: number): number {
  const total = quantity * unitPriceMinor;
  if (!Number.isSafeInteger(total)) throw new RangeError('Line total out of range');
  return total;
}
