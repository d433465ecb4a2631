import { IsEnum, IsIn, IsOptional, IsUUID, Length } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../shared/connection';
import { MAX_SEARCH_LENGTH } from '../../shared/search';
import { TicketCategory } from '../tickets/ticket.states';
import { FaqState } from './faq-entry.entity';

/** An FAQ entry proposed by staff, usually from a resolved ticket. */
@InputType({ description: 'A proposed FAQ entry: question, answer, category, and the resolved ticket it comes from.' })
export class ProposeFaqEntryInput {
  @Field(() => ID, { nullable: true, description: 'The resolved (or closed) ticket whose solution it is.' })
  @IsOptional()
  @IsUUID()
  ticketId?: string | null;

  @Field()
  @Length(5, 300)
  question!: string;

  @Field()
  @Length(5, 4000)
  answer!: string;

  @Field(() => TicketCategory)
  @IsEnum(TicketCategory)
  category!: TicketCategory;
}

/** A supervisor's decision on a proposed entry, with the text as published. */
@InputType({ description: 'Publish or reject a proposed FAQ entry; question, answer and category may be edited on publishing.' })
export class ReviewFaqEntryInput {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field(() => FaqState, { description: 'PUBLISHED or REJECTED.' })
  @IsIn([FaqState.PUBLISHED, FaqState.REJECTED])
  decision!: FaqState;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(5, 300)
  question?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(5, 4000)
  answer?: string | null;

  @Field(() => TicketCategory, { nullable: true })
  @IsOptional()
  @IsEnum(TicketCategory)
  category?: TicketCategory | null;
}

/** Staff's list of FAQ entries. */
@ArgsType()
export class FaqEntriesArgs extends PageArgs {
  @Field(() => FaqState, { nullable: true })
  @IsOptional()
  state?: FaqState | null;

  @Field(() => String, { nullable: true, description: 'Text in the question or answer (case-insensitive); 1–100 characters.' })
  @IsOptional()
  @Length(1, MAX_SEARCH_LENGTH)
  search?: string | null;
}

/** The public FAQ search. */
@ArgsType()
export class FaqSearchArgs {
  @Field(() => String, { nullable: true, description: 'Words to find (Spanish full-text, web-search syntax); 1–100 characters.' })
  @IsOptional()
  @Length(1, MAX_SEARCH_LENGTH)
  search?: string | null;

  @Field(() => TicketCategory, { nullable: true })
  @IsOptional()
  category?: TicketCategory | null;
}

/** What the customer typed so far. */
@ArgsType()
export class FaqSuggestionsArgs {
  @Field({ description: 'The text typed so far, up to 500 characters.' })
  @Length(0, 500)
  text!: string;
}
