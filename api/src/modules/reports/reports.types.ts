import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'How many orders are in one state now.' })
export class OrdersInPhase {
  @Field({ description: 'The order state (OrderState name).' })
  state!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'How long orders stayed in one state, measured over the orders that have left it (order history, UTC timestamps).' })
export class TimeInPhase {
  @Field({ description: 'The order state (OrderState name).' })
  state!: string;

  @Field(() => Int, { description: 'How many orders have left this state: the stays measured.' })
  orders!: number;

  @Field(() => Float, { description: 'Mean hours from entering the state to leaving it, one decimal.' })
  averageHours!: number;

  @Field(() => Float, { description: 'Median hours from entering the state to leaving it (half the stays were shorter), one decimal.' })
  medianHours!: number;
}

@ObjectType({ description: 'One calendar month of the business time zone, "YYYY-MM", with a money figure in USD minor units.' })
export class MonthlyRevenue {
  @Field({ description: '"2026-11", in the business time zone.' })
  month!: string;

  @Field(() => Float, { description: 'USD minor units credited by the payments validated that month.' })
  revenueUsdMinor!: number;

  @Field(() => Int, { description: 'How many payments were validated that month.' })
  payments!: number;
}

@ObjectType({ description: 'The Net Promoter Score of the surveys answered in one month of the business time zone.' })
export class MonthlyNps {
  @Field({ description: '"2026-11", in the business time zone.' })
  month!: string;

  @Field(() => Int, { description: '% promoters (9–10) − % detractors (0–6), −100…100, rounded half away from zero.' })
  nps!: number;

  @Field(() => Int)
  answers!: number;
}

@ObjectType({ description: 'The operations overview of the Master: figures computed by the database over every record.' })
export class OperationsOverview {
  @Field(() => [OrdersInPhase], { description: 'Orders per state, states with none left out.' })
  ordersByPhase!: OrdersInPhase[];

  @Field(() => [TimeInPhase], {
    description: 'Hours orders spent in each state, over every order that has left it; states no order has left yet are left out.',
  })
  timeInPhase!: TimeInPhase[];

  @Field(() => Int, { description: 'Customer payments reported and not yet validated or rejected.' })
  paymentsPending!: number;

  @Field(() => Float, { description: 'What those pending payments would credit, USD minor units.' })
  paymentsPendingUsdMinor!: number;

  @Field(() => [MonthlyRevenue], { description: 'Validated payments per month, oldest first, the last 12 months with any.' })
  revenueByMonth!: MonthlyRevenue[];

  @Field(() => Int, { description: 'Quote requests that were sent a quote.' })
  quotesSent!: number;

  @Field(() => Int, { description: 'Of the requests sent a quote, those accepted (an order exists).' })
  quotesAccepted!: number;

  @Field(() => Float, { nullable: true, description: 'quotesAccepted / quotesSent in per cent, one decimal; null with no quote sent.' })
  quoteConversionPercent!: number | null;

  @Field(() => [MonthlyNps], { description: 'NPS per month, oldest first, the last 12 months with answers.' })
  npsByMonth!: MonthlyNps[];
}
