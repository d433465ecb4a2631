import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Ticket } from './ticket.entity';
import { TicketRule } from './ticket.states';

/**
 * That a cross-domain rule acted on a subject (a quote request, payment or order), and the ticket it opened or
 * escalated. The (rule, subject) primary key makes each rule act exactly once per subject, across sweeps, restarts and
 * instances.
 */
@Entity()
export class TicketRuleHit {
  @PrimaryKey({ type: 'text' })
  rule!: TicketRule;

  @PrimaryKey({ type: 'uuid' })
  subjectId!: string;

  @ManyToOne(() => Ticket, { nullable: true })
  ticket: Ticket | null = null;

  @Property({ type: 'datetime' })
  at: Date = new Date();
}
