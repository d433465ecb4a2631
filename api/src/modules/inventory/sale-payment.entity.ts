import { BigIntType, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { SalePaymentMethod } from './inventory.enums';
import { Sale } from './sale.entity';

/** Money received for a direct sale, recorded by staff at the counter. */
@ObjectType({ description: 'A payment received for a direct sale, in the sale\'s currency (minor units).' })
@Entity()
@Index({ properties: ['sale', 'createdAt'] })
export class SalePayment {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Sale)
  sale!: Sale;

  @Field(() => GraphQLSafeInt)
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  @Field(() => SalePaymentMethod)
  @Enum({ items: () => SalePaymentMethod, nativeEnumName: 'sale_payment_method' })
  method!: SalePaymentMethod;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  reference: string | null = null;

  @ManyToOne(() => User)
  recordedBy!: User;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
