import { IsInt, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

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
