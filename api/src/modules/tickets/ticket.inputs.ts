import { IsEnum, IsIn, IsOptional, IsUUID, Length } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../shared/connection';
import { ListOrder } from '../../shared/list-order';
import { MAX_SEARCH_LENGTH } from '../../shared/search';
import { InteractionDirection, InteractionKind, TicketCategory, TicketPriority, TicketSource, TicketState } from './ticket.states';

/** A customer's new ticket from the portal; the category is suggested from the text unless the customer picks one. */
@InputType({ description: 'A new support ticket from the portal.' })
export class CreateMyTicketInput {
  @Field({ description: 'Short subject, 3–200 characters.' })
  @Length(3, 200)
  subject!: string;

  @Field({ description: 'What happened, 3–4000 characters.' })
  @Length(3, 4000)
  description!: string;

  @Field(() => TicketCategory, { nullable: true, description: 'The customer\'s choice; omitted: the classifier\'s suggestion.' })
  @IsOptional()
  @IsEnum(TicketCategory)
  category?: TicketCategory | null;
}

/** Staff open a ticket for a customer who called or wrote an email (seed 000 "por correo, llamada"). */
@InputType({ description: 'A ticket opened by staff for a customer\'s phone call or email.' })
export class CreateTicketForCustomerInput {
  @Field({ description: 'The customer\'s code, as they say it on the phone (seed 003 "ID de cliente"), e.g. MC-7K3QX9; case-insensitive.' })
  @Length(3, 20)
  customerCode!: string;

  @Field(() => TicketSource, { description: 'PHONE or EMAIL.' })
  @IsIn([TicketSource.PHONE, TicketSource.EMAIL])
  source!: TicketSource;

  @Field()
  @Length(3, 200)
  subject!: string;

  @Field({ description: 'What the customer said or wrote; logged as the call or email.' })
  @Length(3, 4000)
  description!: string;

  @Field(() => TicketCategory, { nullable: true, description: 'Omitted: the classifier\'s suggestion (unconfirmed).' })
  @IsOptional()
  @IsEnum(TicketCategory)
  category?: TicketCategory | null;

  @Field(() => TicketPriority, { nullable: true, defaultValue: TicketPriority.NORMAL })
  @IsOptional()
  @IsEnum(TicketPriority)
  priority?: TicketPriority | null;
}

/** An interaction staff log on a ticket. */
@InputType({ description: 'A message to the customer, a call, an email or an internal note.' })
export class AddTicketInteractionInput {
  @Field(() => ID)
  @IsUUID()
  ticketId!: string;

  @Field(() => InteractionKind, { description: 'MESSAGE (a reply the customer reads), CALL, EMAIL or INTERNAL_NOTE (staff only).' })
  @IsIn([InteractionKind.MESSAGE, InteractionKind.CALL, InteractionKind.EMAIL, InteractionKind.INTERNAL_NOTE])
  kind!: InteractionKind;

  @Field(() => InteractionDirection, { nullable: true, description: 'For CALL and EMAIL: FROM_CUSTOMER or TO_CUSTOMER (default). Ignored otherwise.' })
  @IsOptional()
  @IsIn([InteractionDirection.FROM_CUSTOMER, InteractionDirection.TO_CUSTOMER])
  direction?: InteractionDirection | null;

  @Field()
  @Length(1, 4000)
  body!: string;
}

/** A state change by staff. */
@InputType({ description: 'Move a ticket to another state; RESOLVED needs the solution.' })
export class ChangeTicketStateInput {
  @Field(() => ID)
  @IsUUID()
  ticketId!: string;

  @Field(() => TicketState)
  @IsEnum(TicketState)
  state!: TicketState;

  @Field(() => String, { nullable: true, description: 'Why (kept in the history).' })
  @IsOptional()
  @Length(1, 1000)
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'The solution, required for RESOLVED (TICKET_SOLUTION_REQUIRED).' })
  @IsOptional()
  @Length(1, 4000)
  solution?: string | null;
}

/** Staff confirm or change the category and set the priority. */
@InputType({ description: 'Confirm or change a ticket\'s category, and set its priority.' })
export class TriageTicketInput {
  @Field(() => ID)
  @IsUUID()
  ticketId!: string;

  @Field(() => TicketCategory)
  @IsEnum(TicketCategory)
  category!: TicketCategory;

  @Field(() => TicketPriority, { nullable: true, description: 'Omitted: unchanged.' })
  @IsOptional()
  @IsEnum(TicketPriority)
  priority?: TicketPriority | null;
}

/** The staff queue's filters. */
@ArgsType()
export class TicketsArgs extends PageArgs {
  @Field(() => TicketState, { nullable: true })
  @IsOptional()
  state?: TicketState | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only states that still need work (not RESOLVED or CLOSED).' })
  active?: boolean | null;

  @Field(() => TicketPriority, { nullable: true })
  @IsOptional()
  priority?: TicketPriority | null;

  @Field(() => TicketCategory, { nullable: true })
  @IsOptional()
  category?: TicketCategory | null;

  @Field(() => ID, { nullable: true, description: 'Only tickets assigned to this member of staff.' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only unassigned tickets.' })
  unassigned?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only tickets with a breached SLA timer; false: only without.' })
  slaBreached?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Text found (case-insensitive) in the number, the subject or the customer\'s code or name; 1–100 characters.' })
  @IsOptional()
  @Length(1, MAX_SEARCH_LENGTH)
  search?: string | null;

  @Field(() => ListOrder, { nullable: true, defaultValue: ListOrder.NEWEST_FIRST, description: 'By creation time.' })
  order: ListOrder = ListOrder.NEWEST_FIRST;
}
