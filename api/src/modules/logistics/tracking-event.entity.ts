import { Collection, Entity, Enum, Index, ManyToMany, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { Order } from '../orders/order.entity';
import { OrderState } from '../orders/order.states';
import { Upload } from '../uploads/upload.entity';
import { Box } from './box.entity';

/** A logistics milestone of an order (DESIGN flow step 10): phase, time, place, actor, note, photos. */
@ObjectType({ description: 'A logistics milestone of an order.' })
@Entity()
// An order's timeline, in the order the order page shows it, with every column it reads: an index-only scan
// reads one order's events from one or two leaf pages, although they are written interleaved with other
// orders' over weeks (one heap page each). Its (order_id, occurred_at) prefix serves "latest event per order".
@Index({
  name: 'tracking_event_order_timeline_index',
  expression: 'create index "tracking_event_order_timeline_index" on "tracking_event" ("order_id", "occurred_at", "recorded_at", "id") include ("phase", "place", "note", "actor_id", "actor_name", "box_id")',
})
export class TrackingEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Order)
  order!: Order;

  /** Set when the event was recorded for a whole box (consolidated orders). */
  @ManyToOne(() => Box, { nullable: true })
  box: Box | null = null;

  @Field(() => OrderState)
  @Enum({ items: () => OrderState, nativeEnumName: 'order_state' })
  phase!: OrderState;

  @Field({ description: 'When it happened (UTC).' })
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Field({ description: 'Where it happened, e.g. "Almacén Guangzhou", "Aduana La Guaira".' })
  @Property({ type: 'text' })
  place!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @ManyToOne(() => User)
  actor!: User;

  @Field({ description: 'Staff member who recorded it, as shown to the customer.' })
  @Property({ type: 'text' })
  actorName!: string;

  @ManyToMany(() => Upload)
  photos = new Collection<Upload>(this);

  @Field()
  @Property({ type: 'datetime' })
  recordedAt: Date = new Date();
}
