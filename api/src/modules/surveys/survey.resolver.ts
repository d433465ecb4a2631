import { Arg, Args, Authorized, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType } from '../../shared/connection';
import { Customer } from '../identity/customer.entity';
import { Owner, Permission } from '../identity/permission';
import { Order } from '../orders/order.entity';
import { Ticket } from '../tickets/ticket.entity';
import { Survey } from './survey.entity';
import { StaffSurveysArgs, SubmitSurveyInput, SurveyPeriodArgs, SurveysArgs } from './survey.inputs';
import { findSurvey, listMySurveys, listSurveys, submitSurvey, surveySummary, type SurveyAverages, type SurveySummaryData } from './survey.service';

const SurveyConnection = ConnectionType(Survey, 'Survey');

@ObjectType({ description: 'Average answers per dimension, 2 decimals; null while no survey was answered.' })
class SurveyAveragesType implements SurveyAverages {
  @Field(() => Float, { nullable: true, description: 'General satisfaction, 1–10.' })
  general!: number | null;

  @Field(() => Float, { nullable: true, description: 'Response time, 1–10.' })
  responseTime!: number | null;

  @Field(() => Float, { nullable: true, description: 'Quality, 1–10.' })
  quality!: number | null;

  @Field(() => Float, { nullable: true, description: 'Price, 1–10.' })
  price!: number | null;

  @Field(() => Float, { nullable: true, description: 'Attention, 1–10.' })
  attention!: number | null;

  @Field(() => Float, { nullable: true, description: 'Likelihood to recommend, 0–10.' })
  recommend!: number | null;
}

@ObjectType('SurveySummary', { description: 'Satisfaction KPIs over all surveys or one period (seed 001; DESIGN "Reports and KPIs").' })
class SurveySummaryType implements SurveySummaryData {
  @Field(() => Int, { description: 'Invitations sent (delivered orders), in the period when one is given.' })
  invited!: number;

  @Field(() => Int, { description: 'Surveys answered.' })
  submitted!: number;

  @Field(() => SurveyAveragesType)
  averages!: SurveyAveragesType;

  @Field(() => Int, { description: 'Answers with recommend 9–10.' })
  promoters!: number;

  @Field(() => Int, { description: 'Answers with recommend 7–8.' })
  passives!: number;

  @Field(() => Int, { description: 'Answers with recommend 0–6.' })
  detractors!: number;

  @Field(() => Int, { nullable: true, description: 'Net Promoter Score: % promoters − % detractors, −100…100; null with no answers.' })
  netPromoterScore!: number | null;
}

/** Satisfaction surveys (seed 001): customers answer their own; Venezuela agents, supervisors and the Master read them. */
@Authorized()
@Resolver(() => Survey)
export class SurveyResolver {
  @Authorized(Permission.SubmitSurvey)
  @Query(() => SurveyConnection, { description: 'My survey invitations and answers, newest first.' })
  mySurveys(@Args() args: SurveysArgs, @Ctx() ctx: Context) {
    return listMySurveys(ctx, args);
  }

  @Authorized(Permission.SubmitSurvey)
  @Mutation(() => Survey, { description: 'Answers my survey, once (SURVEY_ALREADY_SUBMITTED after that).' })
  submitSurvey(@Arg('input') input: SubmitSurveyInput, @Ctx() ctx: Context): Promise<Survey> {
    return submitSurvey(ctx, input);
  }

  @Authorized(Permission.ReadSurveys)
  @Query(() => SurveyConnection, {
    description: 'All surveys by invitation time, newest first unless `order` says otherwise; `from`/`to` keep those answered in that period (staff).',
  })
  surveys(@Args() args: StaffSurveysArgs, @Args() period: SurveyPeriodArgs, @Ctx() ctx: Context) {
    return listSurveys(ctx, args, period);
  }

  @Authorized(Permission.ReadSurveys)
  @Query(() => Survey, { description: 'One survey (staff).' })
  survey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Survey> {
    return findSurvey(ctx.em, id);
  }

  @Authorized(Permission.ReadSurveys)
  @Query(() => SurveySummaryType, {
    description:
      'Averages per dimension, NPS categories and NPS over the surveys answered (in `from`/`to` when given: answers in the period, ' +
      'invitations sent in it), staff.',
  })
  surveySummary(@Args() period: SurveyPeriodArgs, @Ctx() ctx: Context): Promise<SurveySummaryData> {
    return surveySummary(ctx.em, period);
  }

  @FieldResolver(() => Order, { nullable: true, description: 'The delivered order the survey is about; null for a support ticket\'s survey.' })
  async order(@Root() survey: Survey, @Ctx() ctx: Context): Promise<Order | null> {
    return survey.order ? ctx.loaders.byId(Order).load(survey.order.id) : null;
  }

  @FieldResolver(() => Ticket, { nullable: true, description: 'The resolved support ticket the survey is about (issue 10); null for an order\'s survey.' })
  async ticket(@Root() survey: Survey, @Ctx() ctx: Context): Promise<Ticket | null> {
    return survey.ticket ? ctx.loaders.byId(Ticket).load(survey.ticket.id) : null;
  }

  @Authorized(Permission.ReadSurveys)
  @FieldResolver(() => Customer, { nullable: true, description: 'Who answered. Staff only (survey:read:any; FORBIDDEN to customers).' })
  customer(@Root() survey: Survey, @Ctx() ctx: Context): Promise<Customer | null> {
    return ctx.loaders.byId(Customer).load(survey.customer.id);
  }
}

/** Ticket.survey: the satisfaction question asked when a ticket is resolved (issue 10). */
@Resolver(() => Ticket)
export class TicketSurveyResolver {
  @Authorized(Owner, Permission.ReadSurveys, Permission.WorkTickets)
  @FieldResolver(() => Survey, {
    nullable: true,
    description: 'The satisfaction survey asked when the ticket was first resolved; null before. The ticket\'s customer, survey:read:any and ticket:work (FORBIDDEN to others).',
  })
  async survey(@Root() ticket: Ticket, @Ctx() ctx: Context): Promise<Survey | null> {
    const [survey] = await ctx.loaders.manyBy(Survey, 'ticket').load(ticket.id);
    return survey ?? null;
  }
}

/** Order.survey: the satisfaction survey of a delivered order, for the order page to offer or thank. */
@Resolver(() => Order)
export class OrderSurveyResolver {
  @Authorized(Owner, Permission.ReadSurveys)
  @FieldResolver(() => Survey, {
    nullable: true,
    description: 'The satisfaction survey the order was invited to once delivered; null before. The ordering customer and survey:read:any (FORBIDDEN to others).',
  })
  async survey(@Root() order: Order, @Ctx() ctx: Context): Promise<Survey | null> {
    const [survey] = await ctx.loaders.manyBy(Survey, 'order').load(order.id);
    return survey ?? null;
  }
}
