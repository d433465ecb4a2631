import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { bounds } from '../../shared/bounds';
import { LocationKind, MovementType, ProductKind, SalePaymentMethod, SalePaymentStatus } from './inventory.enums';

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,39}$/;
/** The most units one movement or line may carry. */
const MAX_UNITS = 1_000_000;

/** A new warehouse, store or venue. */
@InputType()
export class CreateLocationInput {
  @Field({ description: 'Unique code, 1–40 letters, digits, spaces, "-", "_" or "."; stored upper case.' })
  @Matches(CODE_PATTERN)
  code!: string;

  @Field()
  @Length(2, 120)
  name!: string;

  @Field(() => LocationKind)
  kind!: LocationKind;
}

/** A new product: physical, or a service session whose seats open at its venue. */
@InputType()
export class CreateProductInput {
  @Field({ description: 'Unique SKU, 1–40 letters, digits, spaces, "-", "_" or "."; stored upper case.' })
  @Matches(CODE_PATTERN)
  sku!: string;

  @Field()
  @Length(2, 160)
  name!: string;

  @Field()
  @Length(2, 80)
  category!: string;

  @Field(() => GraphQLSafeInt, { description: 'Unit price, minor units of `currency`.' })
  @Min(0)
  @Max(bounds.maxMoneyMinor)
  priceMinor!: number;

  @Field({ description: 'USD or VES.' })
  @IsIn(['USD', 'VES'])
  currency!: 'USD' | 'VES';

  @Field(() => ProductKind)
  kind!: ProductKind;

  @Field(() => Int, { defaultValue: 0, description: 'Low stock at this many units (or seats) or fewer at a location, 0–1,000,000.' })
  @Min(0)
  @Max(MAX_UNITS)
  lowStockThreshold: number = 0;

  @Field(() => Int, { nullable: true, description: 'SERVICE only (required): seats of the session, opened at `venueLocationId` by an ENTRY movement.' })
  @IsOptional()
  @Min(1)
  @Max(MAX_UNITS)
  capacity?: number | null;

  @Field(() => Date, { nullable: true, description: 'SERVICE only (required): when the session starts (UTC).' })
  @IsOptional()
  sessionAt?: Date | null;

  @Field(() => ID, { nullable: true, description: 'SERVICE only (required): the venue whose stock holds the seats.' })
  @IsOptional()
  @IsUUID()
  venueLocationId?: string | null;
}

/** Changes to a product; omitted fields stay. Its kind, SKU and seats do not change here (seats: adjustments). */
@InputType()
export class UpdateProductInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(2, 160)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(2, 80)
  category?: string | null;

  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Minor units of the product\'s currency; sales already made keep their price.' })
  @IsOptional()
  @Min(0)
  @Max(bounds.maxMoneyMinor)
  priceMinor?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(MAX_UNITS)
  lowStockThreshold?: number | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  active?: boolean | null;
}

/** Units received at a location. */
@InputType()
export class StockEntryInput {
  @Field(() => ID)
  @IsUUID()
  productId!: string;

  @Field(() => ID)
  @IsUUID()
  locationId!: string;

  @Field(() => Int, { description: 'Units (or seats) added, 1–1,000,000.' })
  @Max(MAX_UNITS)
  quantity!: number;

  @Field(() => String, { nullable: true, description: 'Optional note (supplier, delivery note).' })
  @IsOptional()
  @Length(1, 300)
  note?: string | null;
}

/** A correction of the count at a location, with its reason. */
@InputType()
export class StockAdjustmentInput {
  @Field(() => ID)
  @IsUUID()
  productId!: string;

  @Field(() => ID)
  @IsUUID()
  locationId!: string;

  @Field(() => Int, { description: 'Units added (+) or removed (−), not 0; the stock may not go below 0.' })
  @Min(-MAX_UNITS)
  @Max(MAX_UNITS)
  quantity!: number;

  @Field({ description: 'Why (breakage, count, loss…), 3–300 characters; required.' })
  @Length(0, 300)
  reason!: string;
}

/** Units moved from one location to another. */
@InputType()
export class StockTransferInput {
  @Field(() => ID)
  @IsUUID()
  productId!: string;

  @Field(() => ID)
  @IsUUID()
  fromLocationId!: string;

  @Field(() => ID)
  @IsUUID()
  toLocationId!: string;

  @Field(() => Int, { description: 'Units moved, 1–1,000,000.' })
  @Max(MAX_UNITS)
  quantity!: number;
}

/** What the product list can be narrowed by. */
@InputType()
export class ProductsFilter {
  @Field(() => String, { nullable: true, description: 'Text in the name or SKU (case-insensitive), 1–100 characters.' })
  @IsOptional()
  @Length(1, 100)
  search?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 80)
  category?: string | null;

  @Field(() => ProductKind, { nullable: true })
  kind?: ProductKind | null;

  @Field(() => Boolean, { nullable: true, description: 'Only products at or below their low-stock threshold at some location.' })
  lowStock?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}

/** What the movement list can be narrowed by. */
@InputType()
export class MovementsFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  productId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  locationId?: string | null;

  @Field(() => MovementType, { nullable: true })
  type?: MovementType | null;

  @Field(() => Date, { nullable: true, description: 'From this instant (inclusive, UTC).' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Before this instant (exclusive, UTC).' })
  to?: Date | null;
}

/** One line of a new sale. */
@InputType()
export class SaleLineInput {
  @Field(() => ID)
  @IsUUID()
  productId!: string;

  @Field(() => ID)
  @IsUUID()
  locationId!: string;

  @Field(() => Int, { description: 'Units (or seats), 1–1,000,000.' })
  @Max(MAX_UNITS)
  quantity!: number;
}

/** A direct sale: to an existing customer, or to a walk-in buyer by name. */
@InputType()
export class CreateSaleInput {
  @Field(() => ID, { nullable: true, description: 'An existing customer; omit for a walk-in buyer.' })
  @IsOptional()
  @IsUUID()
  customerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Walk-in buyer\'s name (used when there is no customer).' })
  @IsOptional()
  @Length(1, 120)
  buyerName?: string | null;

  @Field(() => [SaleLineInput], { description: '1–50 lines.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  lines!: SaleLineInput[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 500)
  note?: string | null;
}

/** Money received for a sale. */
@InputType()
export class RecordSalePaymentInput {
  @Field(() => ID)
  @IsUUID()
  saleId!: string;

  @Field(() => GraphQLSafeInt, { description: 'Minor units of the sale\'s currency; at most what is still owed.' })
  @Min(1)
  @Max(bounds.maxMoneyMinor)
  amountMinor!: number;

  @Field(() => SalePaymentMethod)
  method!: SalePaymentMethod;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  reference?: string | null;
}

/** What the sales list can be narrowed by. */
@InputType()
export class SalesFilter {
  @Field(() => String, { nullable: true, description: 'Text in the sale number, the customer\'s name or code, or the walk-in buyer\'s name.' })
  @IsOptional()
  @Length(1, 100)
  search?: string | null;

  @Field(() => SalePaymentStatus, { nullable: true })
  paymentStatus?: SalePaymentStatus | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  customerId?: string | null;
}
