import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';

/**
 * An alert to the Master (seed 003: "Recibe alertas cuando un pedido no ha sido respondido en un plazo
 * definido"). One per subject and waiting state, so a sweep that runs again never duplicates it.
 */
@ObjectType({ description: 'An alert to the Master about work waiting on staff too long.' })
@Entity()
@Unique({ properties: ['kind', 'subjectId', 'subjectState'] })
@Index({ properties: ['acknowledgedAt', 'createdAt'] })
export class Alert {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** `REQUEST_WAITING_ON_STAFF`, `PAYMENT_WAITING_VALIDATION`, `ORDER_WAITING_ON_STAFF`, `TICKET_SLA_BREACHED`. */
  @Field()
  @Property({ type: 'text' })
  kind!: string;

  @Field({ description: 'PurchaseRequest, Payment, Order or Ticket.' })
  @Property({ type: 'text' })
  subjectType!: string;

  @Field()
  @Property({ type: 'uuid' })
  subjectId!: string;

  /** State the subject was waiting in; a later wait in another state is a new alert. */
  @Field()
  @Property({ type: 'text' })
  subjectState!: string;

  /** Readable reference (request, PO or ticket number). */
  @Field()
  @Property({ type: 'text' })
  reference!: string;

  /** The Spanish text; GraphQL's `message(language)` is resolved by AlertResolver. */
  @Property({ type: 'text' })
  message!: string;

  /** The English text; null on alerts raised before they were bilingual. */
  @Property({ type: 'text', nullable: true })
  messageEn: string | null = null;

  @Field({ description: 'Since when the subject waits (UTC).' })
  @Property({ type: 'datetime' })
  waitingSince!: Date;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  acknowledgedAt: Date | null = null;
}
