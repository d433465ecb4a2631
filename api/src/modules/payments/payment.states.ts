import type { Transitions } from '../../shared/transitions';

/** How a customer pays (seed 003 step 8): bolívares by Pago Móvil or bank transfer, dollars by Zelle, Binance or PayPal. */
export enum PaymentMethod {
  PagoMovil = 'PAGO_MOVIL',
  BankTransfer = 'BANK_TRANSFER',
  Zelle = 'ZELLE',
  Binance = 'BINANCE',
  Paypal = 'PAYPAL',
}

/** A reported payment waits for the payment validator, who approves it or rejects it with a reason (seed 003 step 8). */
export enum PaymentState {
  Submitted = 'SUBMITTED',
  Validated = 'VALIDATED',
  Rejected = 'REJECTED',
}

/** Allowed moves of a payment; a decision is final (a rejected payment is re-reported as a new one). */
export const paymentTransitions: Transitions<PaymentState> = {
  [PaymentState.Submitted]: { to: [PaymentState.Validated, PaymentState.Rejected] },
  [PaymentState.Validated]: { to: [] },
  [PaymentState.Rejected]: { to: [] },
};
