import { IsIn, IsOptional, IsUUID, Length, Max, Min } from 'class-validator';
import { GraphQLSafeInt } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { bounds } from '../../shared/bounds';
import { PaymentMethod, PaymentState } from './payment.states';

/** A customer reports a payment towards one of their orders (seed 003 step 8). */
@InputType({ description: 'A payment the customer made; the currency follows from the method.' })
export class SubmitPaymentInput {
  @Field(() => ID)
  @IsUUID()
  orderId!: string;

  @Field(() => PaymentMethod)
  method!: PaymentMethod;

  @Field(() => GraphQLSafeInt, { description: 'Amount paid, minor units of the method\'s currency (VES or USD).' })
  @Min(1)
  @Max(bounds.maxMoneyMinor)
  amountMinor!: number;

  @Field({ description: 'Bank / wallet reference of the transfer.' })
  @Length(1, 200)
  reference!: string;

  @Field(() => ID, { nullable: true, description: 'Proof image uploaded by the caller through POST /uploads.' })
  @IsOptional()
  @IsUUID()
  proofUploadId?: string | null;
}

/** The validator's refusal of a payment; the reason is shown to the customer. */
@ArgsType()
export class RejectPaymentArgs {
  @Field(() => ID)
  @IsUUID()
  paymentId!: string;

  @Field({ description: 'Why the payment is rejected, 3–500 characters (required, seed 003 step 8).' })
  @Length(3, 500)
  reason!: string;
}

/** What staff can narrow the payment list by. */
@InputType({ description: 'Filter of customer payments (staff).' })
export class PaymentsFilter {
  @Field(() => PaymentState, { nullable: true, description: 'SUBMITTED is the validation queue.' })
  state?: PaymentState | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  orderId?: string | null;

  @Field(() => PaymentMethod, { nullable: true })
  method?: PaymentMethod | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 of the amount paid: VES or USD.' })
  @IsOptional()
  @IsIn(['VES', 'USD'])
  currency?: 'VES' | 'USD' | null;

  @Field(() => String, { nullable: true, description: 'Text found (case-insensitive) in the bank reference, the order number, or the customer\'s name or code; 1–100 characters.' })
  @IsOptional()
  @Length(1, 100)
  search?: string | null;
}

/** The order of a list of payments by the time they were reported: newest first, or oldest first (the validation queue). */
export enum PaymentOrder {
  NEWEST_FIRST = 'NEWEST_FIRST',
  OLDEST_FIRST = 'OLDEST_FIRST',
}
registerEnumType(PaymentOrder, { name: 'PaymentOrder', description: 'Payments by report time: newest or oldest first.' });

/** Currencies the payment to the supplier in China is sent in. */
export enum SupplierPaymentCurrency {
  USD = 'USD',
  CNY = 'CNY',
}
registerEnumType(SupplierPaymentCurrency, { name: 'SupplierPaymentCurrency', description: 'ISO 4217 currency of a payment to China.' });

/** The validator records the payment sent to China for a paid order (seed 003 §3 "Registra y procesa los pagos que se realizan hacia China"). */
@InputType({ description: 'The payment sent to the supplier in China for a paid order.' })
export class RegisterSupplierPaymentInput {
  @Field(() => ID)
  @IsUUID()
  orderId!: string;

  @Field(() => SupplierPaymentCurrency)
  currency!: SupplierPaymentCurrency;

  @Field(() => GraphQLSafeInt, { description: 'Amount sent, minor units of `currency`.' })
  @Min(1)
  @Max(bounds.maxMoneyMinor)
  amountMinor!: number;

  @Field({ description: 'Bank / wallet reference of the transfer.' })
  @Length(1, 200)
  reference!: string;
}
