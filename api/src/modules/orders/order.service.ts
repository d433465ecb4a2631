import type { FilterQuery } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { type Connection, type PageArgs, paginate } from '../../shared/connection';
import { containsPattern } from '../../shared/search';
import { outstandingIn, settlement } from '../payments/payment.rules';
import { OrderListOrder, type OrdersFilter } from './order.inputs';
import { SupplierPayment } from '../payments/supplier-payment.entity';
import { Order } from './order.entity';
import { OrderState } from './order.states';

/** A page of all orders (staff with order:read:any), newest first unless `order` says otherwise. */
export function listOrders(
  ctx: Context,
  filter: OrdersFilter | null | undefined,
  page: PageArgs,
  order: OrderListOrder = OrderListOrder.NEWEST_FIRST,
): Promise<Connection<Order>> {
  const where: FilterQuery<Order> = {};
  if (filter?.state) where.state = filter.state;
  if (filter?.customerId) where.customer = filter.customerId;
  const numberPattern = containsPattern(filter?.number);
  if (numberPattern) where.number = { $ilike: numberPattern };
  if (filter?.supplierPaymentRegistered != null) {
    // The supplier payment owns the link (supplier_payment.order_id, unique): a subquery on its index.
    const registered = ctx.em.createQueryBuilder(SupplierPayment, 'sp').select('sp.order_id').getKnexQuery();
    where.id = { [filter.supplierPaymentRegistered ? '$in' : '$nin']: registered };
  }
  const direction = order === OrderListOrder.OLDEST_FIRST ? 'asc' : 'desc';
  return paginate(ctx.em, Order, where, page, { createdAt: direction, id: direction });
}

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
