import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Location } from './location.entity';
import { Product } from './product.entity';
import { Sale } from './sale.entity';

/** One line of a sale: units of a product taken from a location at the price of the moment. */
@ObjectType({ description: 'A sale line: quantity of a product from a location, unit price as it was when sold (minor units).' })
@Entity()
@Index({ properties: ['sale'] })
export class SaleLine {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Sale)
  sale!: Sale;

  @ManyToOne(() => Product)
  product!: Product;

  @ManyToOne(() => Location)
  location!: Location;

  @Field(() => Int)
  @Property({ type: 'integer' })
  quantity!: number;

  @Field(() => GraphQLSafeInt, { description: 'The product\'s price when sold, minor units of the sale\'s currency.' })
  @Property({ type: new BigIntType('number') })
  unitPriceMinor!: number;

  @Field(() => GraphQLSafeInt, { description: 'quantity × unitPriceMinor.' })
  @Property({ type: new BigIntType('number') })
  lineTotalMinor!: number;
}
