import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { Ticket } from './ticket.entity';
import { InteractionDirection, InteractionKind } from './ticket.states';

/**
 * One logged interaction on a ticket (seed 000 "El equipo registra todas las interacciones (correos, llamadas)"):
 * a message, call, email, internal note or system line. Customers only ever read the `customerVisible` ones.
 */
@ObjectType({ description: 'An interaction logged on a ticket. Customers never see internal notes.' })
@Entity()
@Index({ properties: ['ticket', 'at'] })
export class TicketInteraction {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Ticket)
  ticket!: Ticket;

  @Field(() => InteractionKind)
  @Enum({ items: () => InteractionKind, nativeEnumName: 'ticket_interaction_kind' })
  kind!: InteractionKind;

  @Field(() => InteractionDirection)
  @Enum({ items: () => InteractionDirection, nativeEnumName: 'ticket_interaction_direction' })
  direction!: InteractionDirection;

  @Field()
  @Property({ type: 'text' })
  body!: string;

  /** Whether the customer reads it: false for internal notes and internal system lines. */
  @Property({ type: 'boolean' })
  customerVisible!: boolean;

  @ManyToOne(() => User, { nullable: true })
  author: User | null = null;

  @Field({ description: 'Who wrote or logged it: a person\'s display name, or "Sistema".' })
  @Property({ type: 'text' })
  authorName!: string;

  @Field()
  @Property({ type: 'datetime' })
  at: Date = new Date();
}
