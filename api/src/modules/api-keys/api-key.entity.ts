import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Customer } from '../identity/customer.entity';
import { Role } from '../identity/role';
import { User } from '../identity/user.entity';

/**
 * A key a third party calls the API with (`mk_live_<id>_<secret>`). It acts as `actor` with the permissions of
 * `role`: for a customer-bound key the actor is that customer's user (own records only, as the customer sees
 * them); for a staff role, the Master who created it, so what the key does is attributed to them. Only an
 * HMAC-SHA256 of the secret is stored (see api-key.secrets.ts). The usage columns are written by one statement
 * per request (api-key.usage.ts), never by the ORM.
 */
@ObjectType({ description: 'An API key for a third party: its role, optional customer, expiry, limits and last use. The secret is never shown again.' })
@Entity({ tableName: 'api_key' })
@Index({ properties: ['createdAt'] })
export class ApiKey {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'What the key is for, as the Master named it.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Role, { description: 'What the key may do: the permissions of this role (never apikey:manage).' })
  @Enum({ items: () => Role })
  role!: Role;

  /** Set for "own records only" keys: the key acts as this customer. */
  @ManyToOne(() => Customer, { nullable: true, deleteRule: 'cascade' })
  customer: Customer | null = null;

  /** Whom the key acts as (see the class comment). */
  @ManyToOne(() => User)
  actor!: User;

  @ManyToOne(() => User)
  createdBy!: User;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field({ description: 'After this time (UTC) the key is refused.' })
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When the secret was last replaced.' })
  @Property({ type: 'datetime', nullable: true })
  rotatedAt: Date | null = null;

  /** HMAC-SHA256 (hex) of the secret under the server pepper. */
  @Property({ type: 'text', hidden: true })
  secretHash!: string;

  /** The secret before the last rotation, accepted until `previousValidUntil` (the grace period), then never. */
  @Property({ type: 'text', nullable: true, hidden: true })
  previousSecretHash: string | null = null;

  @Field(() => Date, { nullable: true, description: 'Until this time (UTC) the secret before the last rotation still works.' })
  @Property({ type: 'datetime', nullable: true })
  previousValidUntil: Date | null = null;

  @Field(() => Int, { description: 'Requests allowed per UTC minute.' })
  @Property({ type: 'integer' })
  requestsPerMinute!: number;

  @Field(() => Int, { description: 'Requests allowed per UTC day.' })
  @Property({ type: 'integer' })
  requestsPerDay!: number;

  @Field(() => Date, { nullable: true, description: 'The last request made with the key (UTC), refused ones included.' })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  /** Start of the UTC minute `minuteCount` counts. */
  @Property({ type: 'datetime', nullable: true })
  minuteStart: Date | null = null;

  @Property({ type: 'integer', default: 0 })
  minuteCount: number = 0;

  /** Start of the UTC day `dayCount` counts. */
  @Property({ type: 'datetime', nullable: true })
  dayStart: Date | null = null;

  @Property({ type: 'integer', default: 0 })
  dayCount: number = 0;

  /** Requests made on the key's previous day of use (written when a new day starts). */
  @Property({ type: 'integer', default: 0 })
  previousDayCount: number = 0;
}
