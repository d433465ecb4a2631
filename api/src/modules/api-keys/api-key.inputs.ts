import { IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PageArgs } from '../../shared/connection';
import { ListOrder } from '../../shared/list-order';
import { MAX_SEARCH_LENGTH } from '../../shared/search';
import { Role } from '../identity/role';
import { ApiKey } from './api-key.entity';
import { ApiKeyState, MAX_GRACE_MINUTES } from './api-key.rules';

@InputType({ description: 'A new API key. A customer key (role CUSTOMER) names its customer and sees only that customer\'s records.' })
export class CreateApiKeyInput {
  @Field({ description: 'What the key is for, 1–100 characters.' })
  @Length(1, 100)
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: 'The customer\'s code (e.g. MC-7K3QX9, any case): required with role CUSTOMER, refused with any other role.' })
  @IsOptional()
  @MaxLength(20)
  customerCode?: string | null;

  @Field({ description: 'UTC; in the future and at most 366 days away.' })
  expiresAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Requests per UTC minute, 1–100000; API_KEY_REQUESTS_PER_MINUTE when absent.' })
  @IsOptional()
  @Min(1)
  @Max(100_000)
  requestsPerMinute?: number | null;

  @Field(() => Int, { nullable: true, description: 'Requests per UTC day, 1–10000000; API_KEY_REQUESTS_PER_DAY when absent.' })
  @IsOptional()
  @Min(1)
  @Max(10_000_000)
  requestsPerDay?: number | null;
}

@ObjectType({ description: 'A key and its full text, shown this once (creation or rotation): it cannot be read again.' })
export class ApiKeySecret {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field({ description: 'The whole key, mk_live_<id>_<secret>, for the Authorization: Bearer or X-Api-Key header.' })
  secret!: string;
}

@ArgsType()
export class RotateApiKeyArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { defaultValue: 0, description: `Minutes the old secret keeps working (0–${MAX_GRACE_MINUTES}); 0 stops it at once.` })
  @Min(0)
  @Max(MAX_GRACE_MINUTES)
  graceMinutes: number = 0;
}

@ArgsType()
export class ApiKeysArgs extends PageArgs {
  @Field(() => ApiKeyState, { nullable: true })
  state?: ApiKeyState | null;

  @Field(() => Role, { nullable: true })
  role?: Role | null;

  @Field(() => String, { nullable: true, description: 'Part of the key\'s name, case-insensitive.' })
  @IsOptional()
  @MaxLength(MAX_SEARCH_LENGTH)
  search?: string | null;

  @Field(() => ListOrder, { nullable: true, defaultValue: ListOrder.NEWEST_FIRST, description: 'By creation time.' })
  order: ListOrder = ListOrder.NEWEST_FIRST;
}
