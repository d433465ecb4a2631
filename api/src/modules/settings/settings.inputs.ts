import { IsOptional, Length, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { bounds } from '../../shared/bounds';

/**
 * A change of the Master's business parameters (DESIGN "Master parameters"): fields left out keep their
 * current value. Rates and fractions are decimal strings (checked by the service: rates > 0, margin and
 * discount in [0, 1)); money in USD minor units; the reason is required because every change is audited.
 */
@InputType({ description: 'Business parameters to change; omitted fields keep their value. Money in USD minor units.' })
export class UpdateBusinessParametersInput {
  @Field(() => String, { nullable: true, description: 'Bolívares per US dollar, decimal string > 0 ("36.50").' })
  @IsOptional()
  vesPerUsd?: string | null;

  @Field(() => String, { nullable: true, description: 'Profit margin over the subtotal, decimal fraction in [0, 1) ("0.25").' })
  @IsOptional()
  profitMargin?: string | null;

  @Field(() => Int, { nullable: true, description: 'Air freight, USD minor units per chargeable kg.' })
  @IsOptional()
  @Min(1)
  @Max(bounds.maxRateMinor)
  airRatePerKgMinor?: number | null;

  @Field(() => Int, { nullable: true, description: 'Door-to-door freight, USD minor units per chargeable kg.' })
  @IsOptional()
  @Min(1)
  @Max(bounds.maxRateMinor)
  doorToDoorRatePerKgMinor?: number | null;

  @Field(() => Int, { nullable: true, description: 'Sea freight, USD minor units per cubic metre.' })
  @IsOptional()
  @Min(1)
  @Max(bounds.maxRateMinor)
  seaRatePerCubicMeterMinor?: number | null;

  @Field(() => Int, { nullable: true, description: 'Volumetric divisor, cm³ per kg (usually 5000).' })
  @IsOptional()
  @Min(1)
  @Max(1_000_000)
  volumetricDivisor?: number | null;

  @Field(() => Int, { nullable: true, description: 'National courier fee, USD minor units (0 = free).' })
  @IsOptional()
  @Min(0)
  @Max(bounds.maxRateMinor)
  courierFeeMinor?: number | null;

  @Field(() => Int, { nullable: true, description: 'Office pick-up fee, USD minor units (0 = free).' })
  @IsOptional()
  @Min(0)
  @Max(bounds.maxRateMinor)
  officePickupFeeMinor?: number | null;

  @Field(() => String, { nullable: true, description: 'Discount for paying in USD, decimal fraction in [0, 1) ("0.05").' })
  @IsOptional()
  usdPaymentDiscount?: string | null;

  @Field(() => Int, { nullable: true, description: 'Hours a customer has to answer a quote.' })
  @IsOptional()
  @Min(1)
  @Max(8760)
  quoteResponseHours?: number | null;

  @Field(() => Int, { nullable: true, description: 'Hours a customer has to pay an order.' })
  @IsOptional()
  @Min(1)
  @Max(8760)
  paymentDeadlineHours?: number | null;

  @Field(() => Int, { nullable: true, description: 'Quote requests per calendar month for customers without a purchase (seed 003 §4).' })
  @IsOptional()
  @Min(1)
  @Max(1000)
  monthlyQuoteLimit?: number | null;

  @Field(() => Int, { nullable: true, description: 'Modification requests allowed per quote request (seed 003 §4).' })
  @IsOptional()
  @Min(1)
  @Max(100)
  modificationLimit?: number | null;

  @Field(() => Int, { nullable: true, description: 'Hours work may wait on staff before the Master is alerted.' })
  @IsOptional()
  @Min(1)
  @Max(8760)
  staffResponseAlertHours?: number | null;

  @Field(() => Int, { nullable: true, description: 'Minutes a chat message may wait for an agent before the customer is told nobody answers (1–1440).' })
  @IsOptional()
  @Min(1)
  @Max(1440)
  supportChatAnswerMinutes?: number | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone of the business calendar, e.g. "America/Caracas".' })
  @IsOptional()
  @Length(1, 64)
  timeZone?: string | null;

  // Support (issue 10).
  @Field(() => Int, { nullable: true, description: 'Days a customer may reopen a resolved ticket; after them it closes (issue 10).' })
  @IsOptional()
  @Min(1)
  @Max(365)
  ticketReopenDays?: number | null;

  @Field(() => Int, { nullable: true, description: 'Minutes since their last back-office heartbeat during which an agent counts as online for ticket assignment.' })
  @IsOptional()
  @Min(1)
  @Max(1440)
  agentOnlineMinutes?: number | null;

  @Field(() => Int, { nullable: true, description: 'SLA: minutes to the first reply to a LOW-priority ticket (clock paused while waiting on the customer).' })
  @IsOptional()
  @Min(1)
  @Max(525600)
  slaFirstResponseMinutesLow?: number | null;

  @Field(() => Int, { nullable: true, description: 'SLA: minutes to the first reply to a NORMAL-priority ticket.' })
  @IsOptional()
  @Min(1)
  @Max(525600)
  slaFirstResponseMinutesNormal?: number | null;

  @Field(() => Int, { nullable: true, description: 'SLA: minutes to the first reply to a HIGH-priority ticket.' })
  @IsOptional()
  @Min(1)
  @Max(525600)
  slaFirstResponseMinutesHigh?: number | null;

  @Field(() => Int, { nullable: true, description: 'SLA: minutes to the first reply to an URGENT ticket.' })
  @IsOptional()
  @Min(1)
  @Max(525600)
  slaFirstResponseMinutesUrgent?: number | null;

  @Field(() => Int, { nullable: true, description: 'SLA: hours to resolve a LOW-priority ticket (clock paused while waiting on the customer).' })
  @IsOptional()
  @Min(1)
  @Max(8760)
  slaResolutionHoursLow?: number | null;

  @Field(() => Int, { nullable: true, description: 'SLA: hours to resolve a NORMAL-priority ticket.' })
  @IsOptional()
  @Min(1)
  @Max(8760)
  slaResolutionHoursNormal?: number | null;

  @Field(() => Int, { nullable: true, description: 'SLA: hours to resolve a HIGH-priority ticket.' })
  @IsOptional()
  @Min(1)
  @Max(8760)
  slaResolutionHoursHigh?: number | null;

  @Field(() => Int, { nullable: true, description: 'SLA: hours to resolve an URGENT ticket.' })
  @IsOptional()
  @Min(1)
  @Max(8760)
  slaResolutionHoursUrgent?: number | null;

  @Field(() => Int, { nullable: true, description: 'Hours a quote request may wait on staff before a ticket is opened for it.' })
  @IsOptional()
  @Min(1)
  @Max(8760)
  ticketQuoteNotSentHours?: number | null;

  @Field(() => Int, { nullable: true, description: 'Hours a reported payment may wait for validation before a ticket is opened for it.' })
  @IsOptional()
  @Min(1)
  @Max(8760)
  ticketPaymentNotValidatedHours?: number | null;

  @Field(() => Int, { nullable: true, description: 'Days an order may stay in customs before a ticket is opened for it.' })
  @IsOptional()
  @Min(1)
  @Max(365)
  ticketCustomsStuckDays?: number | null;

  @Field({ description: 'Why the parameters change; kept with the version and in the audit log.' })
  @Length(3, 1000)
  changeReason!: string;
}
