import { BigIntType, Entity, Enum, Index, ManyToOne, OneToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Customer } from '../identity/customer.entity';
import { PurchaseRequest } from '../quotes/purchase-request.entity';
import { QuoteOption } from '../quotes/quote-option.entity';
import { NationalDelivery, ShippingMethod } from '../quotes/quote.enums';
import { OrderState } from './order.states';

registerEnumType(OrderState, { name: 'OrderState', description: 'Payment and logistics phase of an order (DESIGN flow steps 7–10).' });

/**
 * A purchase order, created when the customer accepts a quote option (seed 003: "se le asigna un número de
 * orden de compra"). Amounts are frozen from the accepted option.
 */
@ObjectType({ description: 'A purchase order created from an accepted quote option. Money in minor units.' })
@Entity({ tableName: 'purchase_order' })
@Index({ properties: ['customer', 'createdAt'] })
@Index({ properties: ['state', 'createdAt'] })
// The staff list, newest (or oldest) first over all orders: pages in index order (shared/connection `paginate`).
@Index({ properties: ['createdAt', 'id'] })
// The consistency view: paid orders whose state has not changed for N days.
@Index({ properties: ['state', 'stateChangedAt'] })
// Its list, longest waiting first (or last) over both stallable states, in index order (consistency.rules STALLABLE_ORDER_STATES).
@Index({
  name: 'purchase_order_stalled_index',
  expression: `create index "purchase_order_stalled_index" on "purchase_order" ("state_changed_at", "id") where "state" in ('PAID', 'PURCHASED')`,
})
// Searching by number (ILIKE '%…%': trigrams).
@Index({ name: 'purchase_order_number_trgm_index', expression: 'create index "purchase_order_number_trgm_index" on "purchase_order" using gin ("number" gin_trgm_ops)' })
export class Order {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Unique purchase-order number, e.g. `PO-2026-000042`. */
  @Field()
  @Property({ type: 'text', unique: true })
  number!: string;

  @ManyToOne(() => Customer)
  customer!: Customer;

  @OneToOne(() => PurchaseRequest, { owner: true, unique: true })
  request!: PurchaseRequest;

  @OneToOne(() => QuoteOption, { owner: true, unique: true })
  acceptedOption!: QuoteOption;

  @Field(() => ShippingMethod)
  @Enum({ items: () => ShippingMethod, nativeEnumName: 'shipping_method' })
  shippingMethod!: ShippingMethod;

  @Field(() => NationalDelivery)
  @Enum({ items: () => NationalDelivery, nativeEnumName: 'national_delivery' })
  nationalDelivery!: NationalDelivery;

  @Field(() => OrderState)
  @Enum({ items: () => OrderState, nativeEnumName: 'order_state' })
  state: OrderState = OrderState.PENDING_PAYMENT;

  @Field()
  @Property({ type: 'datetime' })
  stateChangedAt: Date = new Date();

  @Field(() => GraphQLSafeInt, { description: 'Amount due, USD minor units.' })
  @Property({ type: new BigIntType('number') })
  totalUsdMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'Amount due in bolívares at the frozen rate, VES minor units.' })
  @Property({ type: new BigIntType('number') })
  totalVesMinor!: number;

  @Field({ description: 'Bolívares per USD frozen when the quote was priced.' })
  @Property({ type: 'decimal', precision: 18, scale: 6 })
  vesPerUsd!: string;

  @Field({ description: 'Discount for USD payments frozen at acceptance, decimal fraction.' })
  @Property({ type: 'decimal', precision: 8, scale: 6 })
  usdPaymentDiscount!: string;

  @Field(() => GraphQLSafeInt, { description: 'Part of the USD total settled by validated payments, USD minor units.' })
  @Property({ type: new BigIntType('number') })
  settledUsdMinor: number = 0;

  @Field({ description: 'Unpaid orders are cancelled after this time (UTC).' })
  @Property({ type: 'datetime' })
  paymentDeadline!: Date;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
