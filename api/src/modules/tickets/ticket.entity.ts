import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Authorized, Field, ID, ObjectType } from 'type-graphql';
import { Customer } from '../identity/customer.entity';
import { Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { TicketCategory, TicketPriority, TicketRule, TicketSource, TicketState } from './ticket.states';

/**
 * A support ticket (seed 000 process 3: "crea un ticket con un ID único"): a customer's request, question or complaint,
 * classified, assigned, logged, resolved with its solution or escalated to a supervisor. Staff-only fields are marked.
 */
@ObjectType({ description: 'A support ticket of a customer (seed 000 process 3).' })
@Entity()
@Index({ properties: ['customer', 'createdAt'] })
@Index({ properties: ['state', 'createdAt'] })
@Index({ properties: ['assignee', 'state'] })
@Index({ properties: ['createdAt', 'id'] })
@Index({ name: 'ticket_number_trgm_index', expression: 'create index "ticket_number_trgm_index" on "ticket" using gin ("number" gin_trgm_ops)' })
@Index({ name: 'ticket_subject_trgm_index', expression: 'create index "ticket_subject_trgm_index" on "ticket" using gin ("subject" gin_trgm_ops)' })
export class Ticket {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Unique readable number from a sequence, e.g. `TK-2026-000123`. */
  @Field()
  @Property({ type: 'text', unique: true })
  number!: string;

  @ManyToOne(() => Customer)
  customer!: Customer;

  @Field(() => TicketSource)
  @Enum({ items: () => TicketSource, nativeEnumName: 'ticket_source' })
  source!: TicketSource;

  @Field()
  @Property({ type: 'text' })
  subject!: string;

  @Field()
  @Property({ type: 'text' })
  description!: string;

  @Field(() => TicketCategory)
  @Enum({ items: () => TicketCategory, nativeEnumName: 'ticket_category' })
  category!: TicketCategory;

  /** What the classifier proposed from the text, kept to measure it against staff's choice. */
  @Authorized(Permission.WorkTickets)
  @Field(() => TicketCategory, { nullable: true, description: 'The classifier\'s suggestion from the text (staff: ticket:work).' })
  @Enum({ items: () => TicketCategory, nativeEnumName: 'ticket_category' })
  suggestedCategory!: TicketCategory;

  @Authorized(Permission.WorkTickets)
  @Field(() => Boolean, { nullable: true, description: 'Whether staff confirmed (or changed) the category (staff: ticket:work).' })
  @Property({ type: 'boolean' })
  categoryConfirmed: boolean = false;

  @Field(() => TicketPriority)
  @Enum({ items: () => TicketPriority, nativeEnumName: 'ticket_priority' })
  priority: TicketPriority = TicketPriority.NORMAL;

  @Field(() => TicketState)
  @Enum({ items: () => TicketState, nativeEnumName: 'ticket_state' })
  state: TicketState = TicketState.OPEN;

  @Field()
  @Property({ type: 'datetime' })
  stateChangedAt: Date = new Date();

  @ManyToOne(() => User, { nullable: true })
  assignee: User | null = null;

  /** The member of staff who opened it for a call or email; null for the customer's own or the system's. */
  @ManyToOne(() => User, { nullable: true })
  createdBy: User | null = null;

  /** The chat conversation it came from (source CHAT); the chat module owns conversations. */
  @Authorized(Permission.WorkTickets)
  @Field(() => ID, { nullable: true, description: 'The chat conversation it came from (staff: ticket:work).' })
  @Property({ type: 'uuid', nullable: true })
  conversationId: string | null = null;

  /** The cross-domain rule that opened it (source SYSTEM), with its subject (request, payment or order). */
  @Authorized(Permission.WorkTickets)
  @Field(() => TicketRule, { nullable: true, description: 'The cross-domain rule that opened it (staff: ticket:work).' })
  @Enum({ items: () => TicketRule, nullable: true, nativeEnumName: 'ticket_rule' })
  rule: TicketRule | null = null;

  @Authorized(Permission.WorkTickets)
  @Field(() => ID, { nullable: true, description: 'The request, payment or order the rule is about (staff: ticket:work).' })
  @Property({ type: 'uuid', nullable: true })
  ruleSubjectId: string | null = null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'First reply to the customer (message, call or email); ends the first-response timer.' })
  @Property({ type: 'datetime', nullable: true })
  firstRespondedAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  resolvedAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'The solution recorded when resolved.' })
  @Property({ type: 'text', nullable: true })
  solution: string | null = null;

  /** Seconds spent waiting on the customer before the current wait (the SLA clock stops meanwhile). */
  @Property({ type: 'integer' })
  pausedSeconds: number = 0;

  /** Start of the current wait on the customer; null when not waiting. */
  @Property({ type: 'datetime', nullable: true })
  pausedSince: Date | null = null;

  @Field({ description: 'Last interaction or change.' })
  @Property({ type: 'datetime' })
  lastActivityAt: Date = new Date();
}
