import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsEnum,
  IsOptional,
  IsUrl,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { bounds, IsWeightKg } from '../../shared/bounds';
import { PurchaseRequestState } from './purchase-request.states';
import { NationalDelivery, PurchaseType, ShippingMethod, StaffQueue } from './quote.enums';

/** Photos per quote request: at least one when there is no product URL, at most 10. */
export const MAX_REQUEST_PHOTOS = 10;

/**
 * A new quote request (seed 003 "Solicitud de Pedidos"): a product URL or 1–10 photos, always a description,
 * the quantity and specifications, and what to quote. "URL or photos" is checked by the service.
 */
@InputType({ description: 'A quote request: a product URL or photos (uploaded first) plus a description.' })
export class CreatePurchaseRequestInput {
  @Field(() => String, { nullable: true, description: 'Link to the product online (http or https).' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: true })
  @Length(1, 2000)
  productUrl?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Photos uploaded by the caller through POST /uploads, 1–10.' })
  @IsOptional()
  @ArrayMaxSize(MAX_REQUEST_PHOTOS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  photoUploadIds?: string[] | null;

  @Field({ description: 'What the customer wants bought.' })
  @Length(3, 4000)
  description!: string;

  @Field(() => Int, { description: 'Units to buy, at least 1.' })
  @Min(1)
  @Max(bounds.maxQuantity)
  quantity!: number;

  @Field(() => String, { nullable: true, description: 'Technical specifications: size, colour, model...' })
  @IsOptional()
  @Length(0, 4000)
  specifications?: string | null;

  @Field(() => PurchaseType)
  @IsEnum(PurchaseType)
  purchaseType!: PurchaseType;

  @Field(() => [ShippingMethod], { description: 'International shipping methods to quote, 1–3 distinct (several to compare).' })
  @ArrayNotEmpty()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsEnum(ShippingMethod, { each: true })
  shippingMethods!: ShippingMethod[];

  @Field(() => NationalDelivery)
  @IsEnum(NationalDelivery)
  nationalDelivery!: NationalDelivery;
}

/** A customer's own requests, optionally in one state. */
@InputType()
export class MyPurchaseRequestsFilter {
  @Field(() => PurchaseRequestState, { nullable: true })
  @IsOptional()
  @IsEnum(PurchaseRequestState)
  state?: PurchaseRequestState | null;
}

/** Staff view of all requests: by state, waiting queue and customer. */
@InputType()
export class PurchaseRequestsFilter {
  @Field(() => PurchaseRequestState, { nullable: true })
  @IsOptional()
  @IsEnum(PurchaseRequestState)
  state?: PurchaseRequestState | null;

  @Field(() => StaffQueue, { nullable: true })
  @IsOptional()
  @IsEnum(StaffQueue)
  queue?: StaffQueue | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  customerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Text found (case-insensitive) in the number, the description, or the customer\'s name or code; 1–100 characters.' })
  @IsOptional()
  @Length(1, 100)
  search?: string | null;
}

/**
 * What the China agent (retail) or the Venezuela agent (wholesale) records before pricing (seed 003 step 3).
 * Money in USD minor units; sizes and weight of the whole shipment.
 */
@InputType({ description: 'Sourcing facts of a request. Money in USD minor units; sizes of the whole shipment.' })
export class SubmitSourcingInput {
  @Field(() => Int, { description: 'Supplier unit price, USD minor units.' })
  @Min(1)
  @Max(bounds.maxUnitPriceMinor)
  supplierUnitPriceMinor!: number;

  @Field(() => Int, { description: 'Shipping from the supplier to the China warehouse, total, USD minor units.' })
  @Min(0)
  @Max(bounds.maxUnitPriceMinor)
  chinaShippingMinor!: number;

  @Field(() => Int, { description: 'Length, cm.' })
  @Min(1)
  @Max(bounds.maxShipmentSideCm)
  lengthCm!: number;

  @Field(() => Int, { description: 'Width, cm.' })
  @Min(1)
  @Max(bounds.maxShipmentSideCm)
  widthCm!: number;

  @Field(() => Int, { description: 'Height, cm.' })
  @Min(1)
  @Max(bounds.maxShipmentSideCm)
  heightCm!: number;

  @Field({ description: 'Actual weight, kg, decimal string with up to 3 decimals ("2.5").' })
  @IsWeightKg()
  weightKg!: string;

  @Field(() => Int, { description: 'Supplier dispatch time, days.' })
  @Min(0)
  @Max(365)
  supplierDispatchDays!: number;

  @Field(() => String, { nullable: true, description: 'The supplier\'s page for the goods (http or https).' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: true })
  @Length(1, 2000)
  supplierUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 4000)
  notes?: string | null;
}

/** One priced option of a quote: the suggested price unless overridden (with a reason, audited). */
@InputType({ description: 'One option of a quote, per requested shipping method.' })
export class QuoteOptionInput {
  @Field(() => ShippingMethod)
  @IsEnum(ShippingMethod)
  shippingMethod!: ShippingMethod;

  @Field({ description: 'Estimated delivery date (UTC), in the future.' })
  estimatedDeliveryAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Total to charge instead of the suggestion, USD minor units (needs quote:override-price).' })
  @IsOptional()
  @Min(1)
  @Max(bounds.maxMoneyMinor)
  overrideTotalUsdMinor?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the suggested price was overridden; required with an override.' })
  @IsOptional()
  @Length(3, 1000)
  overrideReason?: string | null;
}

/** The final quote the Venezuela agent sends (seed 003 step 4). */
@InputType()
export class SendQuoteInput {
  @Field(() => [QuoteOptionInput], { description: 'Exactly one option per requested shipping method.' })
  @ArrayNotEmpty()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  options!: QuoteOptionInput[];

  @Field({ defaultValue: false, description: 'Also send the quote to the customer by WhatsApp.' })
  whatsApp: boolean = false;
}
