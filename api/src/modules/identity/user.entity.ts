import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { Role, UserKind } from './role';

/** Someone who signs in: a customer (portal) or a member of staff (back-office). */
@ObjectType({ description: 'Someone who signs in: a customer or a member of staff.' })
@Entity({ tableName: 'app_user' })
export class User {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Lower-case, unique. */
  @Field()
  @Property({ type: 'text', unique: true })
  username!: string;

  /** Lower-case, unique when present. */
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true, unique: true })
  email: string | null = null;

  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash!: string;

  @Field()
  @Property({ type: 'text' })
  displayName!: string;

  @Field(() => UserKind)
  @Enum({ items: () => UserKind, nativeEnumName: 'user_kind' })
  kind!: UserKind;

  @Field(() => [Role])
  @Enum({ items: () => Role, array: true })
  roles: Role[] = [];

  /** Disabled users cannot sign in, refresh, or use a token they already hold. */
  @Field()
  @Property({ type: 'boolean' })
  active: boolean = true;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastSignInAt: Date | null = null;
}
