import { Entity, Enum, OneToOne, Property } from '@mikro-orm/postgresql';
import { Field, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { TicketCategory } from './ticket.states';

/**
 * A support agent's skills (ticket categories, set by a supervisor or the Master) and when they were last active in
 * the tickets workspace (its heartbeat), which says whether they are online for assignment.
 */
@ObjectType({ description: 'A support agent\'s skills and last activity.' })
@Entity()
export class AgentProfile {
  @OneToOne(() => User, { primary: true, owner: true })
  user!: User;

  @Field(() => [TicketCategory])
  @Enum({ items: () => TicketCategory, array: true })
  skills: TicketCategory[] = [];

  @Field(() => Date, { nullable: true, description: 'Last heartbeat from the back-office tickets workspace (UTC).' })
  @Property({ type: 'datetime', nullable: true })
  lastSeenAt: Date | null = null;
}
