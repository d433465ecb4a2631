import { IsInt, IsOptional, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../shared/connection';
import { ListOrder } from '../../shared/list-order';
import { MAX_SEARCH_LENGTH } from '../../shared/search';

/** seed 001 satisfaction survey: five 1–10 scores, a 0–10 likelihood to recommend, optional comments. */
@InputType({ description: 'Answers to a satisfaction survey: scores 1–10, likelihood to recommend 0–10.' })
export class SubmitSurveyInput {
  @Field(() => ID)
  @IsUUID()
  surveyId!: string;

  @Field(() => Int, { description: 'General satisfaction, 1–10.' })
  @IsInt()
  @Min(1)
  @Max(10)
  generalScore!: number;

  @Field(() => Int, { description: 'Response time, 1–10.' })
  @IsInt()
  @Min(1)
  @Max(10)
  responseTimeScore!: number;

  @Field(() => Int, { description: 'Quality, 1–10.' })
  @IsInt()
  @Min(1)
  @Max(10)
  qualityScore!: number;

  @Field(() => Int, { description: 'Price, 1–10.' })
  @IsInt()
  @Min(1)
  @Max(10)
  priceScore!: number;

  @Field(() => Int, { description: 'Attention, 1–10.' })
  @IsInt()
  @Min(1)
  @Max(10)
  attentionScore!: number;

  @Field(() => Int, { description: 'How likely the customer is to recommend us, 0–10 (NPS).' })
  @IsInt()
  @Min(0)
  @Max(10)
  recommendScore!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(4000)
  comments?: string | null;
}

/** A page of surveys, all of them or only answered / only pending. */
@ArgsType()
export class SurveysArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'true: answered only; false: pending invitations only.' })
  submitted?: boolean | null;
}

/** Staff: a page of every survey, found by order or customer, newest or oldest invitation first. */
@ArgsType()
export class StaffSurveysArgs extends SurveysArgs {
  @Field(() => String, { nullable: true, description: 'Text found (case-insensitive, trimmed) in the order number or the customer\'s code or name; 1–100 characters.' })
  @IsOptional()
  @Length(1, MAX_SEARCH_LENGTH)
  search?: string | null;

  @Field(() => ListOrder, { nullable: true, defaultValue: ListOrder.NEWEST_FIRST, description: 'By invitation time (every survey has one, answered or not).' })
  order: ListOrder = ListOrder.NEWEST_FIRST;
}

/**
 * A period of answers (UTC): `from` inclusive, `to` exclusive, either end open. A Venezuela agent's local
 * month is converted to UTC instants by the client. `to` not after `from` is BAD_USER_INPUT {field: 'to'}.
 */
@ArgsType()
export class SurveyPeriodArgs {
  @Field(() => Date, { nullable: true, description: 'Answered at or after this time (UTC), inclusive.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Answered before this time (UTC), exclusive.' })
  to?: Date | null;
}
