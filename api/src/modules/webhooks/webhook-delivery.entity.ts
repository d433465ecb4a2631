import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { WebhookEndpoint, WebhookEventType } from './webhook-endpoint.entity';

/** Where a delivery stands. */
export enum WebhookDeliveryStatus {
  /** Waiting for its first attempt or a retry (`nextAttemptAt`). */
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  /** Refused with a 4xx, or out of attempts; a replay queues it again. */
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });

/**
 * One event sent to one endpoint: created exactly once per (endpoint, event) by the dispatcher (unique
 * constraint), then attempted until it succeeds, is refused or runs out of attempts. It keeps the body it
 * sends, so a replay after the event was pruned sends the same JSON.
 */
@ObjectType({ description: 'One event sent to one webhook endpoint, with its latest attempt.' })
@Entity()
@Unique({ properties: ['endpoint', 'eventId'] })
@Index({ properties: ['endpoint', 'createdAt'] })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class WebhookDelivery {
  @Field(() => ID, { description: 'Also sent as the `Morna-Delivery-Id` header.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => WebhookEndpoint, { deleteRule: 'cascade' })
  endpoint!: WebhookEndpoint;

  @Field({ description: 'The domain event id (`Morna-Event-Id`): the same on every attempt and replay, for receivers to deduplicate.' })
  @Property({ type: 'bigint' })
  eventId!: string;

  @Field(() => WebhookEventType)
  @Property({ type: 'text' })
  eventType!: string;

  @Field(() => GraphQLJSONObject, { description: 'The JSON body POSTed: `{ id, type, createdAt, data }`.' })
  @Property({ type: 'json' })
  body!: Record<string, unknown>;

  @Field(() => WebhookDeliveryStatus)
  @Enum({ items: () => WebhookDeliveryStatus, nativeEnumName: 'webhook_delivery_status' })
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Field(() => Int, { description: 'Attempts in the current round (a replay starts a new round).' })
  @Property({ type: 'int' })
  attempts: number = 0;

  @Field(() => Int, { description: 'How many times the Master replayed it.' })
  @Property({ type: 'int' })
  replays: number = 0;

  /** When it is due (PENDING), or until when the instance sending it holds it; null once finished. */
  @Field(() => Date, { nullable: true, description: 'When the next attempt is due (UTC); null once succeeded or failed.' })
  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt: Date | null = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastAttemptAt: Date | null = null;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt; null when it got no response.' })
  @Property({ type: 'int', nullable: true })
  lastStatusCode: number | null = null;

  @Field(() => String, { nullable: true, description: 'The start of the last response body (at most 1,000 characters).' })
  @Property({ type: 'text', nullable: true })
  lastResponseBody: string | null = null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt got no response (timeout, refused address, network error).' })
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Field(() => Int, { nullable: true, description: 'Duration of the last attempt, ms.' })
  @Property({ type: 'int', nullable: true })
  lastDurationMs: number | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  deliveredAt: Date | null = null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
