import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType, registerEnumType } from 'type-graphql';

/** A production or logistics step of a unit (seed 000 "información de producción o suministro"). */
export enum UnitEventKind {
  PRODUCED = 'PRODUCED',
  QUALITY_CHECKED = 'QUALITY_CHECKED',
  PACKED = 'PACKED',
  STORED = 'STORED',
  SHIPPED = 'SHIPPED',
  IN_TRANSIT = 'IN_TRANSIT',
  CUSTOMS_CLEARED = 'CUSTOMS_CLEARED',
  ARRIVED = 'ARRIVED',
  DELIVERED = 'DELIVERED',
  SOLD = 'SOLD',
  OTHER = 'OTHER',
}
registerEnumType(UnitEventKind, { name: 'UnitEventKind', description: 'A production or logistics step of a product unit.' });

@InputType({ description: 'A finished product unit to register (seed 000).' })
export class RegisterUnitInput {
  @Field({ description: 'Product name as printed on the label.' })
  @Length(1, 200)
  product!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(80)
  sku?: string | null;

  @Field(() => String, { nullable: true, description: 'Production batch or lot.' })
  @IsOptional()
  @MaxLength(80)
  lot?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Who made it (factory, workshop, supplier).' })
  @IsOptional()
  @MaxLength(200)
  producer?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it was finished.' })
  @IsOptional()
  @MaxLength(200)
  place?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was finished (UTC); now when omitted.' })
  @IsOptional()
  finishedAt?: Date | null;
}

@InputType({ description: 'A production or logistics event of a unit.' })
export class RecordUnitEventInput {
  @Field(() => String, { description: 'The unit\'s id or its code (U-…).' })
  @Length(1, 64)
  unitId!: string;

  @Field(() => UnitEventKind)
  kind!: UnitEventKind;

  @Field(() => String, { nullable: true, description: 'Where it happened.' })
  @IsOptional()
  @MaxLength(200)
  place?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it happened (UTC); now when omitted; at most 5 minutes ahead of the server.' })
  @IsOptional()
  occurredAt?: Date | null;
}
