import { ArrayMaxSize, ArrayNotEmpty, IsOptional, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { bounds, IsWeightKg } from '../../shared/bounds';
import { MAX_SEARCH_LENGTH } from '../../shared/search';
import { OrderState } from '../orders/order.states';

/** seed 003 China agent: "Hace registro de paquetes, reempacando y asignando números de paquete". */
@InputType({ description: 'A package received at the China warehouse for one order.' })
export class RegisterPackageInput {
  @Field(() => ID)
  @IsUUID()
  orderId!: string;

  @Field({ description: 'Weight, kg (decimal string, up to 3 decimals).' })
  @IsWeightKg()
  weightKg!: string;

  @Field(() => Int, { description: 'Length, cm (1–1000).' })
  @Min(1)
  @Max(bounds.maxPackageSideCm)
  lengthCm!: number;

  @Field(() => Int, { description: 'Width, cm (1–1000).' })
  @Min(1)
  @Max(bounds.maxPackageSideCm)
  widthCm!: number;

  @Field(() => Int, { description: 'Height, cm (1–1000).' })
  @Min(1)
  @Max(bounds.maxPackageSideCm)
  heightCm!: number;

  @Field({ defaultValue: false, description: 'Whether the warehouse repacked the supplier\'s parcel.' })
  repacked: boolean = false;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

/** seed 003: "asignando números … de caja"; a box may consolidate packages of several orders. */
@InputType({ description: 'A new box holding the given packages (of one or several orders).' })
export class CreateBoxInput {
  @Field(() => [ID])
  @ArrayNotEmpty()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  packageIds!: string[];

  @Field(() => String, { nullable: true, description: 'Total weight of the box, kg (decimal string).' })
  @IsOptional()
  @IsWeightKg()
  weightKg?: string | null;
}

@ArgsType()
export class AddPackagesToBoxArgs {
  @Field(() => ID)
  @IsUUID()
  boxId!: string;

  @Field(() => [ID])
  @ArrayNotEmpty()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  packageIds!: string[];
}

/** A logistics milestone (DESIGN flow step 10): for one order, or for every order in a box. */
@InputType({ description: 'A tracking event for one order (orderId) or for every order in a box (boxId); exactly one of them.' })
export class RecordTrackingEventInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  orderId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  boxId?: string | null;

  @Field(() => OrderState, { description: 'The phase the order(s) reach: AT_CHINA_WAREHOUSE … DELIVERED.' })
  phase!: OrderState;

  @Field(() => Date, { nullable: true, description: 'When it happened (UTC); now when omitted; not in the future.' })
  @IsOptional()
  occurredAt?: Date | null;

  @Field({ description: 'Where it happened, e.g. "Almacén Guangzhou", "Aduana La Guaira".' })
  @Length(2, 200)
  place!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Photos uploaded by the caller through POST /uploads (at most 10).' })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  photoUploadIds?: string[] | null;
}

/** What staff can narrow the box list by. */
@InputType({ description: 'Filter of boxes (staff).' })
export class BoxesFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Text found (case-insensitive, trimmed) in the box number, or in the number of a package in the box, of its order, or the code or name of that order\'s customer; 1–100 characters.',
  })
  @IsOptional()
  @Length(1, MAX_SEARCH_LENGTH)
  search?: string | null;
}
