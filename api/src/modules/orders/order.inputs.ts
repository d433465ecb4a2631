import { IsOptional, IsUUID, Length } from 'class-validator';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { OrderState } from './order.states';

/** What a customer can narrow their own order list by. */
@InputType({ description: 'Filter of the customer\'s own orders.' })
export class MyOrdersFilter {
  @Field(() => OrderState, { nullable: true })
  state?: OrderState | null;
}

/** What staff can narrow the order list by; every given field must match. */
@InputType({ description: 'Filter of all orders (staff).' })
export class OrdersFilter {
  @Field(() => OrderState, { nullable: true })
  state?: OrderState | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  customerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the purchase-order number, case-insensitive (e.g. "000042").' })
  @IsOptional()
  @Length(1, 40)
  number?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: orders whose payment to China is registered; false: orders without one (PAID and false is the validator\'s "to pay the supplier" list).' })
  supplierPaymentRegistered?: boolean | null;
}

/** The order of a staff list of orders by creation time: newest first, or oldest first (work queues). */
export enum OrderListOrder {
  NEWEST_FIRST = 'NEWEST_FIRST',
  OLDEST_FIRST = 'OLDEST_FIRST',
}
registerEnumType(OrderListOrder, { name: 'OrderListOrder', description: 'Orders by creation time: newest or oldest first.' });
