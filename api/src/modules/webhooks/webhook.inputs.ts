import { ArrayMaxSize, ArrayNotEmpty, IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { WebhookEndpoint, WebhookEventType } from './webhook-endpoint.entity';

@InputType({ description: 'A new webhook endpoint.' })
export class CreateWebhookEndpointInput {
  @Field({ description: 'http(s) URL; in production a public address unless WEBHOOK_ALLOW_PRIVATE / WEBHOOK_ALLOW_LOOPBACK say otherwise.' })
  @Length(8, 2000)
  url!: string;

  @Field({ defaultValue: '' })
  @MaxLength(200)
  description: string = '';

  @Field(() => [WebhookEventType], { description: 'At least one event type.' })
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  eventTypes!: WebhookEventType[];

  @Field(() => ID, { nullable: true, description: 'Bind to one customer: it receives only that customer\'s events (never staff-only types).' })
  @IsOptional()
  @IsUUID()
  customerId?: string | null;
}

@InputType({ description: 'Changes to a webhook endpoint; omitted fields stay as they are. The customer binding cannot change.' })
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(8, 2000)
  url?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  description?: string | null;

  @Field(() => [WebhookEventType], { nullable: true })
  @IsOptional()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  eventTypes?: WebhookEventType[] | null;
}

/** An endpoint and its signing secret, shown only in this answer. */
@ObjectType({ description: 'An endpoint with its signing secret, returned once on creation and rotation: store it now.' })
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;

  @Field({ description: 'The HMAC-SHA256 key of Morna-Signature (`whsec_…`); it cannot be read again.' })
  secret!: string;
}
