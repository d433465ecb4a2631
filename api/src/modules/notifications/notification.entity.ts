import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';

/** An in-app message to one user (quote ready, payment validated, order arrived, survey invitation...). */
@ObjectType({ description: 'An in-app message to the signed-in user.' })
@Entity()
@Index({ properties: ['recipient', 'createdAt'] })
export class Notification {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User)
  recipient!: User;

  /** Stable kind for clients, e.g. `QUOTE_READY`, `ORDER_ARRIVED`, `SURVEY_INVITATION`. */
  @Field()
  @Property({ type: 'text' })
  kind!: string;

  /** The Spanish title; GraphQL's `title(language)` is resolved by NotificationResolver. */
  @Property({ type: 'text' })
  title!: string;

  /** The Spanish text. */
  @Property({ type: 'text' })
  body!: string;

  /** The English title; null on notifications written before they were bilingual. */
  @Property({ type: 'text', nullable: true })
  titleEn: string | null = null;

  /** The English text; null on notifications written before they were bilingual. */
  @Property({ type: 'text', nullable: true })
  bodyEn: string | null = null;

  /** Ids the client needs to link the notification (requestId, orderId, surveyId). */
  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  data: Record<string, unknown> = {};

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  readAt: Date | null = null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
