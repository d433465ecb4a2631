import { Entity, Index, OneToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from './user.entity';

/** A buyer: signs up in the portal, verifies a phone, requests quotes, pays and follows orders. */
@ObjectType({ description: 'A buyer who requests quotes and follows orders.' })
@Entity()
// Staff searches find customers by name or code (ILIKE '%…%': trigrams).
@Index({ name: 'customer_full_name_trgm_index', expression: 'create index "customer_full_name_trgm_index" on "customer" using gin ("full_name" gin_trgm_ops)' })
@Index({ name: 'customer_code_trgm_index', expression: 'create index "customer_code_trgm_index" on "customer" using gin ("code" gin_trgm_ops)' })
export class Customer {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @OneToOne(() => User, { owner: true, unique: true })
  user!: User;

  /** Unique, readable, used to sign in and by staff on the phone (seed 003: "ID de cliente"), e.g. `MC-7K3QX9`. */
  @Field()
  @Property({ type: 'text', unique: true })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  fullName!: string;

  /** Lower-case. */
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  /** E.164, also the WhatsApp number; unique among customers. */
  @Field()
  @Property({ type: 'text', unique: true })
  phone!: string;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  phoneVerifiedAt: Date | null = null;

  /** Set when the first order is fully paid; lifts the monthly quote limit (seed 003 §4). */
  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  firstPurchaseAt: Date | null = null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
