import { Check, Entity, Enum, ManyToOne, OneToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Customer } from '../identity/customer.entity';
import { Order } from '../orders/order.entity';
import { Ticket } from '../tickets/ticket.entity';

/** NPS category of a 0–10 likelihood to recommend. */
export enum NpsCategory {
  PROMOTER = 'PROMOTER',
  PASSIVE = 'PASSIVE',
  DETRACTOR = 'DETRACTOR',
}
registerEnumType(NpsCategory, { name: 'NpsCategory', description: 'Promoter 9–10, passive 7–8, detractor 0–6.' });

/**
 * A satisfaction survey (seed 001): created as an invitation when an order is delivered or a support ticket is
 * resolved (issue 10), answered once by its customer with scores 1–10 per dimension and a 0–10 likelihood to
 * recommend. Exactly one of `order` and `ticket` is set.
 */
@ObjectType({ description: 'A satisfaction survey of a delivered order or a resolved support ticket.' })
@Entity()
@Check({ name: 'survey_subject_check', expression: '(order_id is null) <> (ticket_id is null)' })
export class Survey {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @OneToOne(() => Order, { owner: true, unique: true, nullable: true })
  order: Order | null = null;

  /** The resolved support ticket it asks about (issue 10); null for an order's survey. */
  @OneToOne(() => Ticket, { owner: true, unique: true, nullable: true })
  ticket: Ticket | null = null;

  @ManyToOne(() => Customer)
  customer!: Customer;

  @Field()
  @Property({ type: 'datetime' })
  invitedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  submittedAt: Date | null = null;

  @Field(() => Int, { nullable: true, description: 'General satisfaction, 1–10.' })
  @Property({ type: 'smallint', nullable: true })
  generalScore: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Response time, 1–10.' })
  @Property({ type: 'smallint', nullable: true })
  responseTimeScore: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Quality, 1–10.' })
  @Property({ type: 'smallint', nullable: true })
  qualityScore: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Price, 1–10.' })
  @Property({ type: 'smallint', nullable: true })
  priceScore: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Attention, 1–10.' })
  @Property({ type: 'smallint', nullable: true })
  attentionScore: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Likelihood to recommend, 0–10.' })
  @Property({ type: 'smallint', nullable: true })
  recommendScore: number | null = null;

  @Field(() => NpsCategory, { nullable: true })
  @Enum({ items: () => NpsCategory, nullable: true, nativeEnumName: 'nps_category' })
  npsCategory: NpsCategory | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  comments: string | null = null;
}
