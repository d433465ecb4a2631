import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { OrderState } from '../orders/order.states';

/** What an order would still owe once a payment awaiting validation is approved (the validator's preview). */
@ObjectType({ description: 'The order\'s balance if this payment were validated now. Money in minor units.' })
export class BalanceAfterValidation {
  @Field(() => OrderState, { description: 'PAID when the payment settles the order, else PARTIALLY_PAID.' })
  orderState!: OrderState;

  @Field(() => GraphQLSafeInt, { description: 'USD of the order total still unsettled, USD minor units.' })
  outstandingUsdMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'What settles the rest in bolívares at the order\'s frozen rate, VES minor units.' })
  outstandingVesMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'What settles the rest in dollars after the frozen USD discount, USD minor units.' })
  usdPayableMinor!: number;
}
