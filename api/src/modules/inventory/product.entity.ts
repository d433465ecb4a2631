import { BigIntType, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { GraphQLSafeInt } from 'graphql-scalars';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ProductKind } from './inventory.enums';

/**
 * Something sold directly (seed 004 §2): a physical product with stock per location, or a service session with
 * a number of seats (a workshop on a date). Its stock is never stored here: see `Stock` and `StockMovement`.
 */
@ObjectType({ description: 'A product sold directly: physical goods, or a service session with seats. Money in minor units.' })
@Entity()
@Index({ properties: ['name', 'id'] })
@Index({ properties: ['createdAt', 'id'] })
@Index({ properties: ['category'] })
@Index({ name: 'product_name_trgm_index', expression: 'create index "product_name_trgm_index" on "product" using gin ("name" gin_trgm_ops)' })
export class Product {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Stock keeping unit: unique, upper case.' })
  @Property({ type: 'text', unique: true })
  sku!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field()
  @Property({ type: 'text' })
  category!: string;

  @Field(() => GraphQLSafeInt, { description: 'Unit price, minor units of `currency`.' })
  @Property({ type: new BigIntType('number') })
  priceMinor!: number;

  @Field({ description: 'ISO 4217: USD or VES.' })
  @Property({ type: 'text' })
  currency!: 'USD' | 'VES';

  @Field(() => ProductKind)
  @Enum({ items: () => ProductKind, nativeEnumName: 'product_kind' })
  kind!: ProductKind;

  @Field(() => Int, { nullable: true, description: 'SERVICE only: seats offered when the session was created.' })
  @Property({ type: 'integer', nullable: true })
  capacity: number | null = null;

  @Field(() => Date, { nullable: true, description: 'SERVICE only: when the session starts (UTC).' })
  @Property({ type: 'datetime', nullable: true })
  sessionAt: Date | null = null;

  @Field(() => Int, { description: 'Low stock when the units (or seats) at a location fall to this number or below.' })
  @Property({ type: 'integer' })
  lowStockThreshold: number = 0;

  @Field({ description: 'Inactive products cannot be sold.' })
  @Property({ type: 'boolean' })
  active: boolean = true;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field()
  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
