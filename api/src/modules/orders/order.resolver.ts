import { GraphQLSafeInt } from 'graphql-scalars';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context';
import { childSelection, selectedProperties } from '../../graphql/selected-fields';
import type { OrderChangedPayload } from '../../events/topics';
import { Topic } from '../../events/topics';
import { ConnectionType, PageArgs } from '../../shared/connection';
import { nextStates } from '../../shared/transitions';
import { Customer } from '../identity/customer.entity';
import { Owner, Permission } from '../identity/permission';
import { Package } from '../logistics/package.entity';
import { TrackingEvent } from '../logistics/tracking-event.entity';
import { Payment } from '../payments/payment.entity';
import { SupplierPayment } from '../payments/supplier-payment.entity';
import { PurchaseRequest } from '../quotes/purchase-request.entity';
import { QuoteOption } from '../quotes/quote-option.entity';
import { OrderEvent } from './order-event.entity';
import { Order } from './order.entity';
import { MyOrdersFilter, OrderListOrder, OrdersFilter } from './order.inputs';
import { orderBalance } from './order.service';
import { customersById, historyOfOrders, NESTED_ORDER_LISTS, packagesOfOrders, paymentsOfOrders, readMyOrders, readOrders, readVisibleOrder, trackingOfOrders, type NestedSelection } from './order.reads';
import { OrderState, orderTransitions } from './order.states';
import { readForEvent } from '../../shared/event-scope';
import { AFTER_CURSOR_DESCRIPTION, EventEnvelope } from '../../events/envelope';
import { eventStream, type StreamedEvent } from '../../events/event-stream';

const OrderConnection = ConnectionType(Order, 'Order');

/** The lists an `order` query selects under the order, each with the properties its selection reads: readVisibleOrder reads them with it. */
function nestedLists(info: GraphQLResolveInfo): NestedSelection {
  const lists = new Map<(typeof NESTED_ORDER_LISTS)[number], ReadonlySet<string> | null>();
  for (const field of NESTED_ORDER_LISTS) {
    const child = childSelection(info, field);
    if (child) lists.set(field, selectedProperties(child));
  }
  return lists;
}
const OrderUpdate = EventEnvelope(Order, 'OrderUpdate', 'order', 'An order changed, and the event\'s cursor.');
type OrderUpdate = { cursor: string; order: Order };

/** Orders for customers (their own) and staff (all), their related records, and live state changes. */
@Authorized()
@Resolver(() => Order)
export class OrderResolver {
  @Authorized(Permission.ReadOwnOrders)
  @Query(() => OrderConnection, { description: 'The signed-in customer\'s orders, newest first.' })
  myOrders(@Arg('filter', () => MyOrdersFilter, { nullable: true }) filter: MyOrdersFilter | null, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return readMyOrders(ctx, filter, page);
  }

  @Authorized(Permission.ReadAnyOrder)
  @Query(() => OrderConnection, { description: 'All orders (staff), newest first unless `order` says otherwise.' })
  orders(
    @Arg('filter', () => OrdersFilter, { nullable: true }) filter: OrdersFilter | null,
    @Arg('order', () => OrderListOrder, { nullable: true, defaultValue: OrderListOrder.NEWEST_FIRST }) order: OrderListOrder,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return readOrders(ctx, filter, page, order);
  }

  @Query(() => Order, { description: 'One order: the caller\'s own, or any with order:read:any. NOT_FOUND otherwise.' })
  order(@Arg('id', () => ID) id: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Order> {
    return readVisibleOrder(ctx, id, nestedLists(info));
  }

  @Subscription(() => OrderUpdate, {
    description: 'An order changed state (payment, purchase, tracking, cancellation): customers hear of their own orders, staff with order:read:any of all, and of its holder changing (claims); `id` narrows to one order.',
    // Authorization is checked again for every event, against the subscriber's principal as it is then.
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { id?: string | null; after?: string | null }, Context>) =>
      eventStream(context, {
        topic: Topic.OrderChanged,
        after: args.after,
        allowed: () => true,
        // A customer (never staff) hears only of their own orders, whatever their rights become, and not of who holds them.
        key: args.id ? { field: 'orderId', value: args.id } : context.principal?.customerId ? { field: 'customerId', value: context.principal.customerId } : null,
        matches: (payload) => (!args.id || args.id === payload.orderId) &&
          (!context.principal?.customerId || (context.principal.customerId === payload.customerId && !payload.holderChanged)),
        visible: (payload, principal) => principal.permissions.has(Permission.ReadAnyOrder) || principal.customerId === payload.customerId,
      }),
  })
  async orderUpdated(
    @Root() event: StreamedEvent<OrderChangedPayload>,
    @Arg('id', () => ID, { nullable: true }) _id: string | null,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | null,
    @Ctx() ctx: Context,
  ): Promise<OrderUpdate> {
    // Raw, as the order page reads it (`visible` let this subscriber see the order; NOT_FOUND once it is gone).
    return { cursor: event.cursor, order: await readForEvent(ctx, () => readVisibleOrder(ctx, event.payload.orderId)) };
  }

  // Contact details stay with the customer and staff allowed to read customers (as on PurchaseRequest.customer).
  @Authorized(Owner, Permission.ReadCustomers)
  @FieldResolver(() => Customer, { nullable: true, description: 'Who ordered: that customer and staff with customer:read:any (FORBIDDEN to others).' })
  customer(@Root() order: Order, @Ctx() ctx: Context): Promise<Customer | null> {
    return customersById(ctx).load(order.customer.id);
  }

  @FieldResolver(() => PurchaseRequest, { description: 'The quote request the order came from.' })
  request(@Root() order: Order, @Ctx() ctx: Context): Promise<PurchaseRequest | null> {
    return ctx.loaders.byId(PurchaseRequest).load(order.request.id);
  }

  @FieldResolver(() => QuoteOption, { description: 'The quote option the customer accepted; its prices are the order\'s.' })
  acceptedOption(@Root() order: Order, @Ctx() ctx: Context): Promise<QuoteOption | null> {
    return ctx.loaders.byId(QuoteOption).load(order.acceptedOption.id);
  }

  @FieldResolver(() => [Payment], { description: 'Payments reported for the order, newest first.' })
  payments(@Root() order: Order, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Payment[]> {
    return paymentsOfOrders(ctx, selectedProperties(info)).load(order.id);
  }

  @FieldResolver(() => [OrderEvent], { description: 'State history, oldest first.' })
  events(@Root() order: Order, @Ctx() ctx: Context): Promise<OrderEvent[]> {
    return historyOfOrders(ctx).load(order.id);
  }

  @FieldResolver(() => [TrackingEvent], { description: 'Logistics milestones, in the order they happened (occurredAt).' })
  trackingEvents(@Root() order: Order, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<TrackingEvent[]> {
    return trackingOfOrders(ctx, selectedProperties(info)).load(order.id);
  }

  @FieldResolver(() => [Package], { description: 'Packages registered at the China warehouse, oldest first.' })
  packages(@Root() order: Order, @Ctx() ctx: Context): Promise<Package[]> {
    return packagesOfOrders(ctx).load(order.id);
  }

  // What was paid to the supplier is internal (it reveals the margin): staff only.
  @Authorized(Permission.ReadAnyOrder)
  @FieldResolver(() => SupplierPayment, { nullable: true, description: 'Staff only (order:read:any; FORBIDDEN to customers). The payment sent to China for the goods; null until registered.' })
  async supplierPayment(@Root() order: Order, @Ctx() ctx: Context): Promise<SupplierPayment | null> {
    const [payment] = await ctx.loaders.manyBy(SupplierPayment, 'order').load(order.id);
    return payment ?? null;
  }

  @FieldResolver(() => GraphQLSafeInt, { description: 'USD total not yet settled by validated payments, USD minor units; 0 once the order no longer takes payments.' })
  outstandingUsdMinor(@Root() order: Order): number {
    return orderBalance(order).outstandingUsdMinor;
  }

  @FieldResolver(() => GraphQLSafeInt, { description: 'What settles the rest in bolívares at the exchange rate frozen when the quote was priced, VES minor units (seed 003 step 8).' })
  outstandingVesMinor(@Root() order: Order): number {
    return orderBalance(order).outstandingVesMinor;
  }

  @FieldResolver(() => GraphQLSafeInt, { description: 'What settles the rest when paid in dollars, after the USD payment discount, USD minor units (seed 003 step 8).' })
  usdPayableMinor(@Root() order: Order): number {
    return orderBalance(order).usdPayableMinor;
  }

  @FieldResolver(() => [OrderState], { description: 'States the order can move to next, so screens offer only valid actions.' })
  nextStates(@Root() order: Order): OrderState[] {
    return nextStates(orderTransitions, order.state);
  }
}
