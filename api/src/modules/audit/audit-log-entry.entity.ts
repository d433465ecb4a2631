import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';

/**
 * Append-only record of a staff sign-in or a sensitive action (DESIGN: "verifica los accesos de los
 * empleados"). Nothing updates or deletes these rows; the migration revokes it at the database too.
 */
@ObjectType({ description: 'A staff sign-in or sensitive action, append-only.' })
@Entity()
@Index({ properties: ['at'] })
export class AuditLogEntry {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field()
  @Property({ type: 'datetime' })
  at: Date = new Date();

  @ManyToOne(() => User, { nullable: true })
  actor: User | null = null;

  /** Who acted, as shown then (the user may be renamed later). */
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  actorName: string | null = null;

  /** Dotted verb, e.g. `auth.sign_in`, `payment.validated`, `settings.updated`. */
  @Field()
  @Index()
  @Property({ type: 'text' })
  action!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  targetType: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  targetId: string | null = null;

  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  detail: Record<string, unknown> = {};

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  ip: string | null = null;
}
