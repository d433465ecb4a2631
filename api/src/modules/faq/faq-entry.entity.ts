import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { Ticket } from '../tickets/ticket.entity';
import { TicketCategory } from '../tickets/ticket.states';

/** Where an FAQ entry stands: proposed by staff, then published or rejected by a supervisor or the Master. */
export enum FaqState {
  PROPOSED = 'PROPOSED',
  PUBLISHED = 'PUBLISHED',
  REJECTED = 'REJECTED',
}
registerEnumType(FaqState, { name: 'FaqState' });

/**
 * A frequently asked question (seed 000 "una base de datos de preguntas frecuentes"), usually proposed from a
 * resolved ticket's solution and published after review. Found with PostgreSQL full-text search in Spanish
 * (`search_vector`, stemmed: "pagos" finds "pago"), the question weighing more than the answer.
 */
@ObjectType({ description: 'A frequently asked question and its answer.' })
@Entity()
@Index({ properties: ['state', 'createdAt'] })
@Index({ name: 'faq_entry_search_index', expression: 'create index "faq_entry_search_index" on "faq_entry" using gin ("search_vector")' })
export class FaqEntry {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field()
  @Property({ type: 'text' })
  question!: string;

  @Field()
  @Property({ type: 'text' })
  answer!: string;

  @Field(() => TicketCategory)
  @Enum({ items: () => TicketCategory, nativeEnumName: 'ticket_category' })
  category!: TicketCategory;

  @Field(() => FaqState, { description: 'The public queries answer PUBLISHED entries only; staff see every state.' })
  @Enum({ items: () => FaqState, nativeEnumName: 'faq_state' })
  state: FaqState = FaqState.PROPOSED;

  /** The resolved ticket whose solution it came from. */
  @ManyToOne(() => Ticket, { nullable: true })
  sourceTicket: Ticket | null = null;

  @ManyToOne(() => User, { nullable: true })
  proposedBy: User | null = null;

  @ManyToOne(() => User, { nullable: true })
  reviewedBy: User | null = null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  publishedAt: Date | null = null;

  /** Spanish full-text vector of question (weight A) and answer (B), kept by PostgreSQL. */
  @Property({
    type: 'tsvector',
    columnType: 'tsvector',
    generated: `(setweight(to_tsvector('spanish', question), 'A') || setweight(to_tsvector('spanish', answer), 'B')) stored`,
    hidden: true,
    lazy: true,
    nullable: true,
  })
  searchVector?: string;
}
