import { IsOptional, IsUUID, Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
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
}
