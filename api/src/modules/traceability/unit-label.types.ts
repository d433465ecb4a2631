import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Customer } from '../identity/customer.entity';
import { TraceUnit } from './trace.entities';

@ObjectType({ description: 'The QR code of a unit or an order: the public link it encodes and where its images are.' })
export class TraceLabel {
  @Field({ description: 'Whether the code is issued: the history\'s first event is anchored and confirmed. Before that the image paths answer 409 NOT_YET_ANCHORED.' })
  issued!: boolean;

  @Field({ description: 'The public portal page the code opens (PUBLIC_PORTAL_URL, or this server\'s address).' })
  link!: string;

  @Field({ description: 'Path of the PNG image on this server.' })
  pngPath!: string;

  @Field({ description: 'Path of the SVG image on this server.' })
  svgPath!: string;
}

@ObjectType({ description: 'Opens of a unit\'s public page and its claim by the buyer: what shows a copied label (public).' })
export class UnitScans {
  @Field(() => Int, { description: 'Counted opens: one per connection (client IP) per unit per UTC hour.' })
  scans!: number;

  @Field(() => Date, { nullable: true })
  firstScanAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastScanAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When staff marked it sold; null while unsold.' })
  soldAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the buyer claimed it; null while unclaimed.' })
  claimedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'SIGNED_IN (as the customer it was sold to) or CODE (with the sale\'s claim code).' })
  claimedVia!: string | null;

  @Field(() => Int, { description: 'Counted opens after the claim.' })
  scansAfterClaim!: number;

  @Field(() => Int, { description: 'Counted opens after the claim from another connection than the claimer\'s: with a copied label these grow.' })
  scansAfterClaimElsewhere!: number;
}

@ObjectType({ description: 'A unit\'s sale as staff see it (with the buyer).' })
export class UnitSaleInfo {
  @Field()
  soldAt!: Date;

  @Field(() => Customer, { nullable: true })
  customer!: Customer | null;

  @Field(() => Date, { nullable: true })
  claimedAt!: Date | null;

  @Field(() => String, { nullable: true })
  claimedVia!: string | null;

  @Field(() => Customer, { nullable: true, description: 'The signed-in customer who claimed it; null for a claim with the code.' })
  claimedBy!: Customer | null;
}

@ObjectType({ description: 'A unit marked sold and its claim code, shown once to print for the buyer.' })
export class UnitSold {
  @Field(() => TraceUnit)
  unit!: TraceUnit;

  @Field({ description: 'XXXX-XXXX; stored hashed, so it cannot be shown again.' })
  claimCode!: string;
}

@InputType({ description: 'Marks a unit sold (staff).' })
export class MarkUnitSoldInput {
  @Field(() => String, { description: 'The unit\'s id or code (U-…).' })
  @Length(1, 64)
  unit!: string;

  @Field(() => ID, { nullable: true, description: 'The buyer, when a customer of ours: then they may claim it signed in without the code.' })
  @IsOptional()
  customerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it was sold (hashed into the SOLD event).' })
  @IsOptional()
  @MaxLength(200)
  place?: string | null;
}

@InputType({ description: 'A buyer\'s claim of a sold unit.' })
export class ClaimUnitInput {
  @Field(() => String, { description: 'The unit\'s id or code (U-…).' })
  @Length(1, 64)
  unit!: string;

  @Field(() => String, { nullable: true, description: 'The claim code printed at the sale (XXXX-XXXX); may be left out by the signed-in customer it was sold to.' })
  @IsOptional()
  @MaxLength(20)
  code?: string | null;
}
