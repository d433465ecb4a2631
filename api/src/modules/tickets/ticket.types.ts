import { Field, Int, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { TicketCategory } from './ticket.states';

/** A support agent as a supervisor sees them for assignment: skills, load and whether they are online. */
@ObjectType({ description: 'A support agent: skills, current load and presence.' })
export class TicketAgent {
  @Field(() => User)
  user!: User;

  @Field(() => [TicketCategory])
  skills!: TicketCategory[];

  @Field(() => Int, { description: 'Active tickets assigned (not RESOLVED or CLOSED).' })
  load!: number;

  @Field({ description: 'Seen in the tickets workspace within the Master\'s `agentOnlineMinutes`.' })
  online!: boolean;

  @Field(() => Date, { nullable: true })
  lastSeenAt!: Date | null;
}

/** The SLA timers of a ticket as they stand now. */
@ObjectType({ description: 'A ticket\'s SLA timers now: deadlines move later while it waits on the customer.' })
export class TicketSla {
  @Field({ description: 'Whether the clock is stopped (WAITING_CUSTOMER).' })
  paused!: boolean;

  @Field(() => Int, { description: 'Seconds the clock has run (wall time minus waits on the customer).' })
  elapsedSeconds!: number;

  @Field(() => Date, { nullable: true, description: 'When the first-response timer runs out; null once answered or while paused.' })
  firstResponseDueAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the resolution timer runs out; null once resolved or while paused.' })
  resolutionDueAt!: Date | null;

  @Field(() => [String], { description: 'Timers breached so far: FIRST_RESPONSE, RESOLUTION.' })
  breached!: string[];
}
