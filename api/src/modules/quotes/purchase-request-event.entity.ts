import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { PurchaseRequest } from './purchase-request.entity';
import { PurchaseRequestState } from './purchase-request.states';

/** The history of a quote request: one row per state change, written in the same transaction. */
@ObjectType({ description: 'A state change of a quote request.' })
@Entity()
@Index({ properties: ['request', 'at'] })
export class PurchaseRequestEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => PurchaseRequest)
  request!: PurchaseRequest;

  @Field(() => PurchaseRequestState, { nullable: true })
  @Enum({ items: () => PurchaseRequestState, nullable: true, nativeEnumName: 'purchase_request_state' })
  fromState: PurchaseRequestState | null = null;

  @Field(() => PurchaseRequestState)
  @Enum({ items: () => PurchaseRequestState, nativeEnumName: 'purchase_request_state' })
  toState!: PurchaseRequestState;

  @ManyToOne(() => User, { nullable: true })
  actor: User | null = null;

  @Field(() => String, { nullable: true, description: 'Who acted, as shown to the customer (staff display name or "Sistema").' })
  @Property({ type: 'text', nullable: true })
  actorName: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Field()
  @Property({ type: 'datetime' })
  at: Date = new Date();
}
