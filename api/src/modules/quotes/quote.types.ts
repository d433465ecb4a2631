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
}

/** The suggested options of a request, and the parameters version they were computed with. */
@ObjectType({ description: 'Suggested quote prices, one per requested shipping method, with the parameters in force.' })
export class QuotePricePreview {
  @Field(() => Int, { description: 'Business parameters version used.' })
  parametersVersion!: number;

  @Field(() => [PriceBreakdownPreview])
  options!: PriceBreakdownPreview[];
}
