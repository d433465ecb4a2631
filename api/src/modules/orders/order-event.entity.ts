import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { Order } from './order.entity';
import { OrderState } from './order.states';

/** The state history of an order, one row per change, written in the changing transaction. */
@ObjectType({ description: 'A state change of an order.' })
@Entity()
@Index({ properties: ['order', 'at'] })
export class OrderEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Order)
  order!: Order;

  @Field(() => OrderState, { nullable: true })
  @Enum({ items: () => OrderState, nullable: true, nativeEnumName: 'order_state' })
  fromState: OrderState | null = null;

  @Field(() => OrderState)
  @Enum({ items: () => OrderState, nativeEnumName: 'order_state' })
  toState!: OrderState;

  @ManyToOne(() => User, { nullable: true })
  actor: User | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  actorName: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Field()
  @Property({ type: 'datetime' })
  at: Date = new Date();
}
