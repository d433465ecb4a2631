import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../shared/connection';
import { PurchaseRequest } from './purchase-request.entity';
import { ChargeableBasis } from './quote-option.entity';
import { ShippingMethod } from './quote.enums';

/** A page of quote requests, newest first. */
export const PurchaseRequestConnection = ConnectionType(PurchaseRequest, 'PurchaseRequest');

/**
 * The suggested price of one shipping option with the parameters in force (DESIGN "Money and pricing"), as
 * the Venezuela agent sees it before sending the quote. Not stored. Money in USD minor units except
 * `totalVesMinor`; weights in kg (3 decimals), volume in m³ (6 decimals).
 */
@ObjectType({ description: 'Suggested price of one shipping option with the current parameters (not stored). Money in minor units.' })
export class PriceBreakdownPreview {
  @Field(() => ShippingMethod)
  shippingMethod!: ShippingMethod;

  @Field({ description: 'Actual weight, kg.' })
  actualWeightKg!: string;

  @Field({ description: 'L×W×H ÷ volumetric divisor, kg.' })
  volumetricWeightKg!: string;

  @Field({ description: 'Weight freight is charged on (air, door-to-door), kg.' })
  chargeableWeightKg!: string;

  @Field({ description: 'Volume, m³ (sea freight basis).' })
  volumeCubicMeters!: string;

  @Field(() => ChargeableBasis, { description: 'Why the freight is what it is.' })
  chargeableBasis!: ChargeableBasis;

  @Field(() => GraphQLSafeInt, { description: 'Supplier price × quantity, USD minor units.' })
  productMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'China-side shipping, USD minor units.' })
  chinaShippingMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'International freight, USD minor units.' })
  freightMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'National delivery fee, USD minor units.' })
  nationalDeliveryMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'Subtotal before margin, USD minor units.' })
  subtotalMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'Service margin, USD minor units.' })
  marginMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'Suggested all-in price, USD minor units.' })
  totalUsdMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'Suggested all-in price in bolívares, VES minor units.' })
  totalVesMinor!: number;

  @Field({ description: 'Bolívares per USD used.' })
  vesPerUsd!: string;

  @Field(() => GraphQLSafeInt, { description: 'Freight rate applied, USD minor units: per m³ for SEA, per chargeable kg otherwise.' })
  freightRateMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'What a customer paying all in USD would owe: total less the USD-payment discount, USD minor units (seed 003 step 8).' })
  usdPaymentMinor!: number;
}

/** The suggested options of a request, and the parameters version they were computed with. */
@ObjectType({ description: 'Suggested quote prices, one per requested shipping method, with the parameters in force.' })
export class QuotePricePreview {
  @Field(() => Int, { description: 'Business parameters version used.' })
  parametersVersion!: number;

  @Field(() => [PriceBreakdownPreview])
  options!: PriceBreakdownPreview[];

  @Field(() => Int, { description: 'cm³ per kg the volumetric weights were computed with (L×W×H ÷ divisor).' })
  volumetricDivisor!: number;

  @Field({ description: 'Service margin applied on the subtotal, decimal fraction ("0.25" = 25 %).' })
  profitMargin!: string;

  @Field({ description: 'Discount for paying in USD, decimal fraction ("0.05" = 5 %).' })
  usdPaymentDiscount!: string;
}

/**
 * The "quote ready" message of a request's current quote round, as the API sends it to the customer (in-app
 * and, when asked, by WhatsApp), for the Venezuela agent who sends it by hand over WhatsApp.
 */
@ObjectType({ description: 'The quote-ready message of the current round, and a WhatsApp click-to-chat link carrying it.' })
export class QuoteMessage {
  @Field({ description: 'Title and body as the WhatsApp message carries them (Spanish).' })
  text!: string;

  @Field({ description: 'The customer\'s phone, E.164.' })
  phone!: string;

  @Field({ description: 'https://wa.me/<phone digits>?text=<text>, opens WhatsApp with the message typed.' })
  whatsAppUrl!: string;
}

/**
 * What the calling customer may still ask for (DESIGN flow step 6 and step 5): the monthly quote-request
 * limit and how much of it is used, when the month resets, plus the parameters a customer weighs when
 * answering a quote (modification limit, USD payment discount). Not stored; read with the parameters in force.
 */
@ObjectType({ description: 'The monthly quote-request limit as it applies to me, and the terms of answering a quote.' })
export class QuoteAllowance {
  @Field({ description: 'Whether the monthly limit applies: only to customers who never completed a purchase (seed 003 §4).' })
  applies!: boolean;

  @Field(() => Int, { description: 'Quote requests per calendar month for customers without a purchase.' })
  limit!: number;

  @Field(() => Int, { description: 'Quote requests I created this calendar month (business time zone).' })
  used!: number;

  @Field(() => Int, { nullable: true, description: 'Requests I may still create this month; null when the limit does not apply.' })
  remaining!: number | null;

  @Field({ description: 'When the next calendar month begins and the count starts again (UTC).' })
  resetsAt!: Date;

  @Field(() => Int, { description: 'Modification requests allowed per quote request; the one after the last rejects the purchase.' })
  modificationLimit!: number;

  @Field({ description: 'Discount for paying in USD now in force, decimal fraction ("0.05" = 5%); frozen on the order at acceptance.' })
  usdPaymentDiscount!: string;
}
