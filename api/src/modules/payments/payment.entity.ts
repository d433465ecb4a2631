import { BigIntType, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Customer } from '../identity/customer.entity';
import { User } from '../identity/user.entity';
import { Order } from '../orders/order.entity';
import { Upload } from '../uploads/upload.entity';
import { PaymentMethod, PaymentState } from './payment.states';

registerEnumType(PaymentMethod, { name: 'PaymentMethod', description: 'PAGO_MOVIL and BANK_TRANSFER in VES; ZELLE, BINANCE, PAYPAL in USD.' });
registerEnumType(PaymentState, { name: 'PaymentState' });

/** A customer payment towards an order, with reference and proof, validated or rejected by a validator. */
@ObjectType({ description: 'A customer payment, validated or rejected by a payment validator. Money in minor units.' })
@Entity()
@Index({ properties: ['order', 'createdAt'] })
@Index({ properties: ['state', 'createdAt'] })
@Index({ properties: ['createdAt', 'id'] })
// Filtered by method (and currency) in the validator's queue; searched by reference, and by customer.
@Index({ properties: ['method', 'createdAt', 'id'] })
@Index({ properties: ['customer'] })
@Index({ name: 'payment_reference_trgm_index', expression: 'create index "payment_reference_trgm_index" on "payment" using gin ("reference" gin_trgm_ops)' })
export class Payment {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Order)
  order!: Order;

  @ManyToOne(() => Customer)
  customer!: Customer;

  @Field(() => PaymentMethod)
  @Enum({ items: () => PaymentMethod, nativeEnumName: 'payment_method' })
  method!: PaymentMethod;

  @Field({ description: 'ISO 4217: VES or USD, given by the method.' })
  @Property({ type: 'text' })
  currency!: 'VES' | 'USD';

  @Field(() => GraphQLSafeInt, { description: 'Amount paid, minor units of `currency`.' })
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'Part of the order\'s USD total this payment settles once validated, USD minor units.' })
  @Property({ type: new BigIntType('number') })
  creditedUsdMinor!: number;

  @Field({ description: 'Bank / wallet reference given by the customer.' })
  @Property({ type: 'text' })
  reference!: string;

  @ManyToOne(() => Upload, { nullable: true })
  proof: Upload | null = null;

  @Field(() => PaymentState)
  @Enum({ items: () => PaymentState, nativeEnumName: 'payment_state' })
  state: PaymentState = PaymentState.SUBMITTED;

  @Field(() => String, { nullable: true, description: 'Why the validator rejected it (required to reject).' })
  @Property({ type: 'text', nullable: true })
  rejectionReason: string | null = null;

  @ManyToOne(() => User, { nullable: true })
  decidedBy: User | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  decidedAt: Date | null = null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
