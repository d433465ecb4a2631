import { Entity, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Field, Int, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';

/**
 * One version of the Master's business parameters (DESIGN "Master parameters"). Every change inserts a new
 * version; the highest is in force. Quotes keep the version (and exchange rate) they were priced with, so
 * the exchange-rate history is this table.
 */
@ObjectType({ description: 'A version of the business parameters set by the Master. Money in USD minor units.' })
@Entity()
export class BusinessParameters {
  @Field(() => Int)
  @PrimaryKey({ type: 'integer', autoincrement: false })
  version!: number;

  @Field({ description: 'When this version came into force (UTC).' })
  @Property({ type: 'datetime' })
  effectiveFrom: Date = new Date();

  @ManyToOne(() => User, { nullable: true })
  changedBy: User | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  changeReason: string | null = null;

  @Field({ description: 'Bolívares per US dollar, decimal string.' })
  @Property({ type: 'decimal', precision: 18, scale: 6 })
  vesPerUsd!: string;

  @Field({ description: 'Profit margin over the subtotal, decimal fraction ("0.25" = 25%).' })
  @Property({ type: 'decimal', precision: 8, scale: 6 })
  profitMargin!: string;

  @Field(() => Int, { description: 'Air freight, USD minor units per chargeable kg.' })
  @Property({ type: 'integer' })
  airRatePerKgMinor!: number;

  @Field(() => Int, { description: 'Door-to-door freight, USD minor units per chargeable kg.' })
  @Property({ type: 'integer' })
  doorToDoorRatePerKgMinor!: number;

  @Field(() => Int, { description: 'Sea freight, USD minor units per cubic metre.' })
  @Property({ type: 'integer' })
  seaRatePerCubicMeterMinor!: number;

  @Field(() => Int, { description: 'Volumetric divisor, cm³ per kg (usually 5000).' })
  @Property({ type: 'integer' })
  volumetricDivisor!: number;

  @Field(() => Int, { description: 'National courier delivery fee, USD minor units.' })
  @Property({ type: 'integer' })
  courierFeeMinor!: number;

  @Field(() => Int, { description: 'Office pick-up fee, USD minor units.' })
  @Property({ type: 'integer' })
  officePickupFeeMinor!: number;

  @Field({ description: 'Discount for paying in USD, decimal fraction ("0.05" = 5%).' })
  @Property({ type: 'decimal', precision: 8, scale: 6 })
  usdPaymentDiscount!: string;

  @Field(() => Int, { description: 'Hours a customer has to answer a quote.' })
  @Property({ type: 'integer' })
  quoteResponseHours!: number;

  @Field(() => Int, { description: 'Hours a customer has to pay an order.' })
  @Property({ type: 'integer' })
  paymentDeadlineHours!: number;

  @Field(() => Int, { description: 'Quote requests per calendar month for customers without a purchase (seed 003 §4: 5).' })
  @Property({ type: 'integer' })
  monthlyQuoteLimit!: number;

  @Field(() => Int, { description: 'Modification requests allowed per quote request (seed 003 §4: 2).' })
  @Property({ type: 'integer' })
  modificationLimit!: number;

  @Field(() => Int, { description: 'Hours work may wait on staff before the Master is alerted.' })
  @Property({ type: 'integer' })
  staffResponseAlertHours!: number;

  // Support (issue 10): tickets, SLA timers per priority, cross-domain ticket rules. Defaults here and in the migration.
  @Field(() => Int, { description: 'Days a customer may reopen a resolved ticket; after them it closes (issue 10).' })
  @Property({ type: 'integer' })
  ticketReopenDays: Opt<number> = 7;

  @Field(() => Int, { description: 'Minutes since their last back-office heartbeat during which an agent counts as online for ticket assignment.' })
  @Property({ type: 'integer' })
  agentOnlineMinutes: Opt<number> = 5;

  @Field(() => Int, { description: 'SLA: minutes to the first reply to a LOW-priority ticket (clock paused while waiting on the customer).' })
  @Property({ type: 'integer' })
  slaFirstResponseMinutesLow: Opt<number> = 480;

  @Field(() => Int, { description: 'SLA: minutes to the first reply to a NORMAL-priority ticket.' })
  @Property({ type: 'integer' })
  slaFirstResponseMinutesNormal: Opt<number> = 240;

  @Field(() => Int, { description: 'SLA: minutes to the first reply to a HIGH-priority ticket.' })
  @Property({ type: 'integer' })
  slaFirstResponseMinutesHigh: Opt<number> = 60;

  @Field(() => Int, { description: 'SLA: minutes to the first reply to an URGENT ticket.' })
  @Property({ type: 'integer' })
  slaFirstResponseMinutesUrgent: Opt<number> = 15;

  @Field(() => Int, { description: 'SLA: hours to resolve a LOW-priority ticket (clock paused while waiting on the customer).' })
  @Property({ type: 'integer' })
  slaResolutionHoursLow: Opt<number> = 120;

  @Field(() => Int, { description: 'SLA: hours to resolve a NORMAL-priority ticket.' })
  @Property({ type: 'integer' })
  slaResolutionHoursNormal: Opt<number> = 72;

  @Field(() => Int, { description: 'SLA: hours to resolve a HIGH-priority ticket.' })
  @Property({ type: 'integer' })
  slaResolutionHoursHigh: Opt<number> = 24;

  @Field(() => Int, { description: 'SLA: hours to resolve an URGENT ticket.' })
  @Property({ type: 'integer' })
  slaResolutionHoursUrgent: Opt<number> = 8;

  @Field(() => Int, { description: 'Hours a quote request may wait on staff before a ticket is opened for it.' })
  @Property({ type: 'integer' })
  ticketQuoteNotSentHours: Opt<number> = 48;

  @Field(() => Int, { description: 'Hours a reported payment may wait for validation before a ticket is opened for it.' })
  @Property({ type: 'integer' })
  ticketPaymentNotValidatedHours: Opt<number> = 24;

  @Field(() => Int, { description: 'Days an order may stay in customs before a ticket is opened for it.' })
  @Property({ type: 'integer' })
  ticketCustomsStuckDays: Opt<number> = 10;
  @Field(() => Int, { description: 'Minutes a customer\'s chat message may wait for an agent before the customer is told nobody answers and a ticket is due (issue 10).' })
  @Property({ type: 'integer', default: 5 })
  supportChatAnswerMinutes: number = 5;

  @Field({ description: 'IANA time zone of the business calendar (quote-limit months).' })
  @Property({ type: 'text' })
  timeZone!: string;
}
