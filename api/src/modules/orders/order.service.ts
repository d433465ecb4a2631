import { outstandingIn, settlement } from '../payments/payment.rules';
import { Order } from './order.entity';
import { OrderState } from './order.states';

/** What an order still owes, by currency; all zero once it no longer takes payments (paid, purchased… or cancelled). */
export interface OrderBalance {
  /** USD minor units of the order total not yet settled by validated payments. */
  outstandingUsdMinor: number;
  /** VES minor units that settle the rest at the order's frozen exchange rate (seed 003 step 8). */
  outstandingVesMinor: number;
  /** USD minor units that settle the rest when paid in dollars, after the frozen USD discount. */
  usdPayableMinor: number;
}

/** The balance of `order` from its validated payments (payment.rules `settlement` and `outstandingIn`). */
export function orderBalance(order: Order): OrderBalance {
  if (order.state !== OrderState.PENDING_PAYMENT && order.state !== OrderState.PARTIALLY_PAID) {
    return { outstandingUsdMinor: 0, outstandingVesMinor: 0, usdPayableMinor: 0 };
  }
  const { outstandingUsdMinor } = settlement({ totalUsdMinor: order.totalUsdMinor, creditedUsdMinor: order.settledUsdMinor });
  const frozen = { outstandingUsdMinor, vesPerUsd: order.vesPerUsd, usdDiscount: order.usdPaymentDiscount };
  return {
    outstandingUsdMinor,
    outstandingVesMinor: outstandingIn({ ...frozen, currency: 'VES' }),
    usdPayableMinor: outstandingIn({ ...frozen, currency: 'USD' }),
  };
}
