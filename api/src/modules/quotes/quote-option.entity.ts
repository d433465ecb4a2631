import { BigIntType, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Authorized, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Permission } from '../identity/permission';
import { GraphQLSafeInt } from 'graphql-scalars';
import { ShippingMethod } from './quote.enums';
import type { PurchaseRequest } from './purchase-request.entity';

/** Why the chargeable quantity is what it is (DESIGN: volumetric surprises are the main complaint). */
export enum ChargeableBasis {
  ACTUAL_WEIGHT = 'ACTUAL_WEIGHT',
  VOLUMETRIC_WEIGHT = 'VOLUMETRIC_WEIGHT',
  VOLUME = 'VOLUME',
}
registerEnumType(ChargeableBasis, { name: 'ChargeableBasis' });

/**
 * One priced option of a quote round: a shipping method with its all-in price breakdown (USD minor units,
 * and VES at the exchange rate frozen when priced) and estimated delivery date. The customer sees the all-in
 * totals, freight, national delivery, the product-and-service line (`QuoteOptionResolver.productAndServiceMinor`) and the
 * weights behind the freight; the cost lines that would reveal supplier price and margin are staff only.
 */
@ObjectType({ description: 'A priced shipping option of a quote, with its breakdown. Money in minor units.' })
@Entity()
@Index({ properties: ['request', 'round'] })
export class QuoteOption {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne('PurchaseRequest')
  request!: PurchaseRequest;

  @Field(() => Int, { description: 'Quote round this option belongs to.' })
  @Property({ type: 'integer' })
  round!: number;

  @Field(() => ShippingMethod)
  @Enum({ items: () => ShippingMethod, nativeEnumName: 'shipping_method' })
  shippingMethod!: ShippingMethod;

  @Field({ description: 'Actual weight, kg.' })
  @Property({ type: 'decimal', precision: 12, scale: 3 })
  actualWeightKg!: string;

  @Field({ description: 'L×W×H ÷ volumetric divisor, kg.' })
  @Property({ type: 'decimal', precision: 12, scale: 3 })
  volumetricWeightKg!: string;

  @Field({ description: 'max(actual, volumetric) for air and door-to-door, kg.' })
  @Property({ type: 'decimal', precision: 12, scale: 3 })
  chargeableWeightKg!: string;

  @Field({ description: 'Volume, m³ (sea freight basis).' })
  @Property({ type: 'decimal', precision: 14, scale: 6 })
  volumeCubicMeters!: string;

  @Field(() => ChargeableBasis)
  @Enum({ items: () => ChargeableBasis, nativeEnumName: 'chargeable_basis' })
  chargeableBasis!: ChargeableBasis;

  @Authorized(Permission.ReadAnyQuote)
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Staff only (quote:read:any; FORBIDDEN to customers). Supplier price × quantity, USD minor units.' })
  @Property({ type: new BigIntType('number') })
  productMinor!: number;

  @Authorized(Permission.ReadAnyQuote)
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Staff only (quote:read:any; FORBIDDEN to customers). China-side shipping to the warehouse, USD minor units.' })
  @Property({ type: new BigIntType('number') })
  chinaShippingMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'International freight, USD minor units.' })
  @Property({ type: new BigIntType('number') })
  freightMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'National delivery fee, USD minor units.' })
  @Property({ type: new BigIntType('number') })
  nationalDeliveryMinor!: number;

  @Authorized(Permission.ReadAnyQuote)
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Staff only (quote:read:any; FORBIDDEN to customers). Subtotal before margin, USD minor units.' })
  @Property({ type: new BigIntType('number') })
  subtotalMinor!: number;

  @Authorized(Permission.ReadAnyQuote)
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Staff only (quote:read:any; FORBIDDEN to customers). Service margin, USD minor units.' })
  @Property({ type: new BigIntType('number') })
  marginMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'All-in price, USD minor units.' })
  @Property({ type: new BigIntType('number') })
  totalUsdMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'All-in price in bolívares at the frozen rate, VES minor units.' })
  @Property({ type: new BigIntType('number') })
  totalVesMinor!: number;

  @Authorized(Permission.ReadAnyQuote)
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Staff only (quote:read:any; FORBIDDEN to customers). What the parameters suggested, USD minor units (differs when overridden).' })
  @Property({ type: new BigIntType('number') })
  suggestedTotalUsdMinor!: number;

  @Authorized(Permission.ReadAnyQuote)
  @Field(() => String, { nullable: true, description: 'Staff only (quote:read:any; FORBIDDEN to customers). Why the agent changed the suggested price (audited).' })
  @Property({ type: 'text', nullable: true })
  overrideReason: string | null = null;

  @Field({ description: 'Bolívares per USD frozen for this quote.' })
  @Property({ type: 'decimal', precision: 18, scale: 6 })
  vesPerUsd!: string;

  @Field({ description: 'Estimated delivery date (UTC).' })
  @Property({ type: 'datetime' })
  estimatedDeliveryAt!: Date;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
