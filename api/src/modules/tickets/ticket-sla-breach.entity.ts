import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { Ticket } from './ticket.entity';
import { SlaKind } from './ticket.states';

/**
 * A breached SLA timer of a ticket. The unique (ticket, kind) pair makes each breach fire exactly once, whichever
 * instance's sweep sees it first and however often the sweep runs again.
 */
@ObjectType({ description: 'A breached SLA timer of a ticket.' })
@Entity()
@Unique({ properties: ['ticket', 'kind'] })
export class TicketSlaBreach {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Ticket)
  ticket!: Ticket;

  @Field(() => SlaKind)
  @Enum({ items: () => SlaKind, nativeEnumName: 'sla_kind' })
  kind!: SlaKind;

  @Field()
  @Property({ type: 'datetime' })
  at: Date = new Date();
}
