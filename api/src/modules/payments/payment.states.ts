import type { Transitions } from '../../shared/transitions';

/** How a customer pays (seed 003 step 8): bolívares by Pago Móvil or bank transfer, dollars by Zelle, Binance or PayPal. */
export enum PaymentMethod {
  PAGO_MOVIL = 'PAGO_MOVIL',
  BANK_TRANSFER = 'BANK_TRANSFER',
  ZELLE = 'ZELLE',
  BINANCE = 'BINANCE',
  PAYPAL = 'PAYPAL',
}

/** A reported payment waits for the payment validator, who approves it or rejects it with a reason (seed 003 step 8). */
export enum PaymentState {
  SUBMITTED = 'SUBMITTED',
  VALIDATED = 'VALIDATED',
  REJECTED = 'REJECTED',
}

/** Allowed moves of a payment; a decision is final (a rejected payment is re-reported as a new one). */
export const paymentTransitions: Transitions<PaymentState> = {
  [PaymentState.SUBMITTED]: { to: [PaymentState.VALIDATED, PaymentState.REJECTED] },
  [PaymentState.VALIDATED]: { to: [] },
  [PaymentState.REJECTED]: { to: [] },
};
