import { BigIntType, Entity, OneToOne, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { Order } from '../orders/order.entity';

/**
 * The payment sent to China for an order's goods (seed 003: registered by the validator in Venezuela,
 * confirmed by the China agent on receipt). Confirmation moves the order to PURCHASED.
 */
@ObjectType({ description: 'Payment sent to China for an order, registered by a validator and confirmed by a China agent.' })
@Entity()
export class SupplierPayment {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @OneToOne(() => Order, { owner: true, unique: true })
  order!: Order;

  @Field({ description: 'ISO 4217 (USD or CNY).' })
  @Property({ type: 'text' })
  currency!: 'USD' | 'CNY';

  @Field(() => GraphQLSafeInt, { description: 'Amount sent, minor units of `currency`.' })
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  @Field()
  @Property({ type: 'text' })
  reference!: string;

  @ManyToOne(() => User)
  registeredBy!: User;

  @Field()
  @Property({ type: 'datetime' })
  registeredAt: Date = new Date();

  @ManyToOne(() => User, { nullable: true })
  confirmedBy: User | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  confirmedAt: Date | null = null;
}
