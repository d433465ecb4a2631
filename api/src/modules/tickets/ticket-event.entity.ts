import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { Ticket } from './ticket.entity';
import { TicketState } from './ticket.states';

/** The state history of a ticket, one row per change, written in the changing transaction. */
@ObjectType({ description: 'A state change of a ticket.' })
@Entity()
@Index({ properties: ['ticket', 'at'] })
export class TicketEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Ticket)
  ticket!: Ticket;

  @Field(() => TicketState, { nullable: true })
  @Enum({ items: () => TicketState, nullable: true, nativeEnumName: 'ticket_state' })
  fromState: TicketState | null = null;

  @Field(() => TicketState)
  @Enum({ items: () => TicketState, nativeEnumName: 'ticket_state' })
  toState!: TicketState;

  @ManyToOne(() => User, { nullable: true })
  actor: User | null = null;

  @Field()
  @Property({ type: 'text' })
  actorName!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Field()
  @Property({ type: 'datetime' })
  at: Date = new Date();
}
