import { BigIntType, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { Customer } from '../identity/customer.entity';
import { User } from '../identity/user.entity';
import { SalePaymentStatus } from './inventory.enums';

/**
 * A direct sale by a seller (seed 004 §2.2 "VentaProducto", §2.1 inscriptions to workshops): lines of products at
 * locations with the unit price of the moment, to an existing customer or a walk-in buyer.
 */
@ObjectType({ description: 'A direct sale: lines, total and payment status. Money in minor units of `currency`.' })
@Entity({ tableName: 'direct_sale' })
@Index({ properties: ['createdAt', 'id'] })
@Index({ properties: ['paymentStatus', 'createdAt', 'id'] })
@Index({ properties: ['customer'] })
@Index({ properties: ['seller'] })
export class Sale {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Readable number, VD-<year>-<sequence>.' })
  @Property({ type: 'text', unique: true })
  number!: string;

  /** Null for a walk-in buyer. */
  @ManyToOne(() => Customer, { nullable: true })
  customer: Customer | null = null;

  @Field(() => String, { nullable: true, description: 'Walk-in buyer\'s name when there is no customer.' })
  @Property({ type: 'text', nullable: true })
  buyerName: string | null = null;

  @ManyToOne(() => User)
  seller!: User;

  @Field({ description: 'ISO 4217: USD or VES (every line\'s product is priced in it).' })
  @Property({ type: 'text' })
  currency!: 'USD' | 'VES';

  @Field(() => GraphQLSafeInt, { description: 'Sum of the lines, minor units.' })
  @Property({ type: new BigIntType('number') })
  totalMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'Sum of the payments recorded, minor units.' })
  @Property({ type: new BigIntType('number') })
  paidMinor: number = 0;

  @Field(() => SalePaymentStatus)
  @Enum({ items: () => SalePaymentStatus, nativeEnumName: 'sale_payment_status' })
  paymentStatus: SalePaymentStatus = SalePaymentStatus.PENDING;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  voidedAt: Date | null = null;

  @ManyToOne(() => User, { nullable: true })
  voidedBy: User | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  voidReason: string | null = null;
}
