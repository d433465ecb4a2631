import { ArrayNotEmpty, IsEmail, IsEnum, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { Role } from './role';

/** seed 003 "Registro de usuario con datos personales". */
@InputType({ description: 'Customer sign-up; a WhatsApp code then verifies the phone.' })
export class RegisterCustomerInput {
  @Field()
  @Length(3, 120)
  fullName!: string;

  @Field({ description: '3–32 letters, digits, dot, dash or underscore.' })
  @Matches(/^[a-zA-Z0-9._-]{3,32}$/)
  username!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field({ description: 'Phone with WhatsApp, local Venezuelan or international format; stored as E.164.' })
  @Length(6, 25)
  phone!: string;

  @Field({ description: 'At least 8 characters.' })
  @Length(8, 200)
  password!: string;
}

@InputType()
export class VerifyPhoneInput {
  @Field(() => ID, { description: 'The registrationId answered by registerCustomer.' })
  @IsUUID()
  registrationId!: string;

  @Field({ description: 'The 6-digit code received by WhatsApp.' })
  @Matches(/^\d{6}$/)
  code!: string;
}

@InputType()
export class SignInInput {
  @Field({ description: 'Username, email, or customer code (MC-XXXXXX).' })
  @Length(3, 120)
  login!: string;

  @Field()
  @Length(1, 200)
  password!: string;
}

@InputType({ description: 'A new password, with the code sent by requestPasswordReset.' })
export class ResetPasswordInput {
  @Field({ description: 'The username, email or customer code the code was requested for.' })
  @Length(3, 120)
  login!: string;

  @Field({ description: 'The 6-digit code received by WhatsApp.' })
  @Matches(/^\d{6}$/)
  code!: string;

  @Field({ description: 'At least 8 characters.' })
  @Length(8, 200)
  newPassword!: string;
}

@InputType({ description: 'A new staff account, created by the Master.' })
export class CreateStaffUserInput {
  @Field()
  @Matches(/^[a-zA-Z0-9._-]{3,32}$/)
  username!: string;

  @Field()
  @Length(2, 120)
  displayName!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field()
  @Length(8, 200)
  password!: string;

  @Field(() => [Role])
  @ArrayNotEmpty()
  @IsEnum(Role, { each: true })
  roles!: Role[];
}

@InputType()
export class SetUserRolesInput {
  @Field(() => ID)
  userId!: string;

  @Field(() => [Role])
  @ArrayNotEmpty()
  @IsEnum(Role, { each: true })
  roles!: Role[];
}

/** The order of the Master's user list: by display name (A→Z), or by account creation, newest or oldest first. */
export enum UserOrder {
  NAME = 'NAME',
  NEWEST_FIRST = 'NEWEST_FIRST',
  OLDEST_FIRST = 'OLDEST_FIRST',
}
registerEnumType(UserOrder, { name: 'UserOrder', description: 'Users by display name (A→Z, database collation), or by creation time newest or oldest first; ties broken by id.' });
