import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../identity/user.entity';
import type { PurchaseRequest } from '../quotes/purchase-request.entity';
import type { QuoteOption } from '../quotes/quote-option.entity';
import { deadlineFrom } from '../quotes/quote.rules';
import type { BusinessParameters } from '../settings/business-parameters.entity';
import { writeOrderHistory } from './order-state.service';
import { Order } from './order.entity';
import { OrderState } from './order.states';
import { nextReadableNumber } from '../../shared/readable-number';

/**
 * Creates the purchase order of an accepted quote option (seed 003 step 7), in the caller's transaction (which
 * holds the request row lock and has just moved it to ACCEPTED). Amounts and the exchange rate are frozen from
 * the option; the USD discount and the payment deadline come from `params` in force at acceptance. The order
 * is born PENDING_PAYMENT: its first history row (no from-state, `writeOrderHistory`) is written here, since
 * `changeOrderState` only moves existing orders.
 */
export async function createOrderFromQuoteOption(
  em: EntityManager,
  r: { request: PurchaseRequest; option: QuoteOption; params: BusinessParameters; actor: User | null; now?: Date },
): Promise<Order> {
  const now = r.now ?? new Date();
  const order = em.create(Order, {
    number: await nextReadableNumber(em, 'PO', now),
    customer: r.request.customer,
    request: r.request,
    acceptedOption: r.option,
    shippingMethod: r.option.shippingMethod,
    nationalDelivery: r.request.nationalDelivery,
    state: OrderState.PENDING_PAYMENT,
    stateChangedAt: now,
    totalUsdMinor: r.option.totalUsdMinor,
    totalVesMinor: r.option.totalVesMinor,
    vesPerUsd: r.option.vesPerUsd,
    usdPaymentDiscount: r.params.usdPaymentDiscount,
    settledUsdMinor: 0,
    paymentDeadline: deadlineFrom(now, r.params.paymentDeadlineHours),
    createdAt: now,
  });
  em.persist(order);
  await writeOrderHistory(em, order, null, { actor: r.actor, note: `Cotización ${r.request.number} aceptada`, at: now });
  return order;
}
