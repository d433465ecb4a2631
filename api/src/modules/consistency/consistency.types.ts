import { IsOptional, Length, Max, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageArgs } from '../../shared/connection';
import { MAX_SEARCH_LENGTH } from '../../shared/search';
import { Box } from '../logistics/box.entity';
import { MAX_QUIET_DAYS, MIN_QUIET_DAYS } from './consistency.rules';

/** The order of a consistency list by how long each item has been still: longest first (the default), or most recent first. */
export enum WaitingListOrder {
  LONGEST_WAITING_FIRST = 'LONGEST_WAITING_FIRST',
  MOST_RECENT_FIRST = 'MOST_RECENT_FIRST',
}
registerEnumType(WaitingListOrder, {
  name: 'WaitingListOrder',
  description: 'By the time an item went still (last state change, last tracking event): longest waiting or most recent first; ties broken by id.',
});

/** The consistency view's question: what has not moved for `days` days, found by text, one page of it. */
@ArgsType()
export class QuietArgs extends PageArgs {
  @Field(() => Int, { description: 'Days without change, 1–365.' })
  @Min(MIN_QUIET_DAYS)
  @Max(MAX_QUIET_DAYS)
  days!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Text found (case-insensitive, trimmed) in the order number or customer code or name; for boxes also the box number (orders: those still travelling); 1–100 characters.',
  })
  @IsOptional()
  @Length(1, MAX_SEARCH_LENGTH)
  search?: string | null;

  @Field(() => WaitingListOrder, { nullable: true, defaultValue: WaitingListOrder.LONGEST_WAITING_FIRST })
  order: WaitingListOrder = WaitingListOrder.LONGEST_WAITING_FIRST;
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
