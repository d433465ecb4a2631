import { Max, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { PageArgs } from '../../shared/connection';
import { Box } from '../logistics/box.entity';
import { MAX_QUIET_DAYS, MIN_QUIET_DAYS } from './consistency.rules';

/** The consistency view's question: what has not moved for `days` days, one page of it. */
@ArgsType()
export class QuietArgs extends PageArgs {
  @Field(() => Int, { description: 'Days without change, 1–365.' })
  @Min(MIN_QUIET_DAYS)
  @Max(MAX_QUIET_DAYS)
  days!: number;
}

/** A box whose orders are travelling but have had no tracking event for the asked number of days. */
@ObjectType({ description: 'A box in transit without tracking events for the asked number of days.' })
export class QuietBox {
  @Field(() => Box)
  box!: Box;

  @Field(() => Date, { nullable: true, description: 'When the last tracking event of an order in the box happened (UTC); null if none.' })
  lastEventAt!: Date | null;

  @Field({ description: 'Quiet since: the later of the last event and the box\'s creation (UTC).' })
  quietSince!: Date;

  @Field(() => [String], { description: 'Numbers of the box\'s orders still travelling.' })
  orderNumbers!: string[];
}
