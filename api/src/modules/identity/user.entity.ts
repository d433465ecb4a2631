import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Authorized, Field, ID, ObjectType } from 'type-graphql';
import { Owner, Permission, permissionsOf } from './permission';
import { Role, UserKind } from './role';

/** The description of the fields only the user themself and the Master read. */
const ACCOUNT_ONLY = 'Account details: the user themself and the Master only (FORBIDDEN to others).';

/**
 * Someone who signs in: a customer (portal) or a member of staff (back-office). Anyone who reaches a user (e.g. who
 * registered a supplier payment) sees its id and display name; the account details are for the Master
 * (user:manage) and the user themself.
 */
@ObjectType({ description: 'Someone who signs in: a customer or a member of staff. Others who reach a user see its id and display name.' })
@Entity({ tableName: 'app_user' })
// The Master's user list (one row per customer too): pages in index order for each ordering, and for one kind.
@Index({ properties: ['createdAt', 'id'] })
@Index({ properties: ['displayName', 'id'] })
@Index({ properties: ['kind', 'createdAt', 'id'] })
// Its search (ILIKE '%…%' on each column: trigrams, one branch of a union each).
@Index({ name: 'app_user_username_trgm_index', expression: 'create index "app_user_username_trgm_index" on "app_user" using gin ("username" gin_trgm_ops)' })
@Index({ name: 'app_user_display_name_trgm_index', expression: 'create index "app_user_display_name_trgm_index" on "app_user" using gin ("display_name" gin_trgm_ops)' })
@Index({ name: 'app_user_email_trgm_index', expression: 'create index "app_user_email_trgm_index" on "app_user" using gin ("email" gin_trgm_ops)' })
export class User {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Lower-case, unique. */
  @Authorized(Owner, Permission.ManageUsers)
  @Field(() => String, { nullable: true, description: ACCOUNT_ONLY })
  @Property({ type: 'text', unique: true })
  username!: string;

  /** Lower-case, unique when present. */
  @Authorized(Owner, Permission.ManageUsers)
  @Field(() => String, { nullable: true, description: ACCOUNT_ONLY })
  @Property({ type: 'text', nullable: true, unique: true })
  email: string | null = null;

  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash!: string;

  @Field()
  @Property({ type: 'text' })
  displayName!: string;

  @Authorized(Owner, Permission.ManageUsers)
  @Field(() => UserKind, { nullable: true, description: ACCOUNT_ONLY })
  @Enum({ items: () => UserKind, nativeEnumName: 'user_kind' })
  kind!: UserKind;

  @Authorized(Owner, Permission.ManageUsers)
  @Field(() => [Role], { nullable: true, description: ACCOUNT_ONLY })
  @Enum({ items: () => Role, array: true })
  roles: Role[] = [];

  /** What the roles allow, by permission name (`quote:source`…), so a client offers only what the API accepts. */
  @Authorized(Owner, Permission.ManageUsers)
  @Field(() => [String], { nullable: true, description: `What the roles allow: permission names such as quote:source, sorted. ${ACCOUNT_ONLY}` })
  permissions(): string[] {
    return [...permissionsOf(this.roles)].sort();
  }

  /** Disabled users cannot sign in, refresh, or use a token they already hold. */
  @Authorized(Owner, Permission.ManageUsers)
  @Field(() => Boolean, { nullable: true, description: ACCOUNT_ONLY })
  @Property({ type: 'boolean' })
  active: boolean = true;

  @Authorized(Owner, Permission.ManageUsers)
  @Field(() => Date, { nullable: true, description: ACCOUNT_ONLY })
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Authorized(Owner, Permission.ManageUsers)
  @Field(() => Date, { nullable: true, description: ACCOUNT_ONLY })
  @Property({ type: 'datetime', nullable: true })
  lastSignInAt: Date | null = null;
}
