import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import type { User } from '../identity/user.entity';
import type { PurchaseRequest } from '../quotes/purchase-request.entity';
import type { QuoteOption } from '../quotes/quote-option.entity';
import { deadlineFrom } from '../quotes/quote.rules';
import type { BusinessParameters } from '../settings/business-parameters.entity';
import { OrderEvent } from './order-event.entity';
import { Order } from './order.entity';
import { OrderState } from './order.states';
import { nextReadableNumber } from '../../shared/readable-number';

/**
 * Creates the purchase order of an accepted quote option (seed 003 step 7), in the caller's transaction (which
 * holds the request row lock and has just moved it to ACCEPTED). Amounts and the exchange rate are frozen from
 * the option; the USD discount and the payment deadline come from `params` in force at acceptance. The order
 * is born PENDING_PAYMENT: its first history row (no from-state) and domain event are written here, since
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
  em.persist(
    em.create(OrderEvent, {
      order,
      fromState: null,
      toState: OrderState.PENDING_PAYMENT,
      actor: r.actor,
      actorName: r.actor?.displayName ?? 'Sistema',
      note: `Cotización ${r.request.number} aceptada`,
      at: now,
    }),
  );
  recordEvent(em, Topic.OrderChanged, { orderId: order.id, customerId: r.request.customer.id, state: order.state, previousState: null, at: now.toISOString() });
  return order;
}
