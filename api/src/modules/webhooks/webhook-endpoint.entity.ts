import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Topic } from '../../events/topics';
import { Customer } from '../identity/customer.entity';

/**
 * Every domain event type a webhook endpoint may subscribe to: the topics of `domain_event`, named in GraphQL
 * exactly as in the `Morna-Event-Type` header (`ORDER_CHANGED`).
 */
export const WebhookEventType = Object.fromEntries(Object.values(Topic).map((topic) => [topic, topic])) as { [K in Topic]: K };
export type WebhookEventType = Topic;
registerEnumType(WebhookEventType, { name: 'WebhookEventType', description: 'A domain event type (the `Morna-Event-Type` header).' });

/** Why an endpoint stopped receiving deliveries. */
export enum WebhookDisabledReason {
  /** The Master disabled it. */
  MANUAL = 'MANUAL',
  /** Too many failed attempts in a row, or failing too long (WEBHOOK_DISABLE_AFTER_*). */
  FAILURES = 'FAILURES',
}
registerEnumType(WebhookDisabledReason, { name: 'WebhookDisabledReason' });

/**
 * A URL that receives signed POSTs for the domain events it subscribes to. Bound to one customer, it receives
 * only that customer's events. The secret is shown once (on creation and rotation) and never read back.
 */
@ObjectType({ description: 'A URL that receives signed POSTs for the domain events it subscribes to.' })
@Entity()
@Index({ properties: ['createdAt'] })
export class WebhookEndpoint {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'http(s) URL the events are POSTed to.' })
  @Property({ type: 'text' })
  url!: string;

  @Field()
  @Property({ type: 'text' })
  description: string = '';

  /** HMAC-SHA256 key of the `Morna-Signature` header (`whsec_…`); never exposed after creation or rotation. */
  @Property({ type: 'text', lazy: true })
  secret!: string;

  @Field({ description: 'The last four characters of the signing secret, to tell secrets apart.' })
  @Property({ type: 'text' })
  secretHint!: string;

  @Field(() => [WebhookEventType], { description: 'The event types sent to this endpoint.' })
  @Property({ type: 'text[]' })
  eventTypes: string[] = [];

  /** When set, only this customer's events are sent (and never staff-only ones). */
  @ManyToOne(() => Customer, { nullable: true, deleteRule: 'cascade' })
  customer: Customer | null = null;

  /** Events up to this id were committed before the endpoint existed and are not sent to it. */
  @Property({ type: 'bigint' })
  startAfterEventId: string = '0';

  @Field()
  @Property({ type: 'boolean' })
  enabled: boolean = true;

  @Field(() => WebhookDisabledReason, { nullable: true })
  @Enum({ items: () => WebhookDisabledReason, nativeEnumName: 'webhook_disabled_reason', nullable: true })
  disabledReason: WebhookDisabledReason | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  disabledAt: Date | null = null;

  @Field(() => Int, { description: 'Failed attempts since the last success (reset by a success or by enabling).' })
  @Property({ type: 'int' })
  consecutiveFailures: number = 0;

  @Field(() => Date, { nullable: true, description: 'First failed attempt since the last success (UTC).' })
  @Property({ type: 'datetime', nullable: true })
  failingSince: Date | null = null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
