import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { MovementType } from './inventory.enums';
import { Location } from './location.entity';
import { Product } from './product.entity';
import { Sale } from './sale.entity';

/** One change of the stock of a product at a location, with who made it and when (UTC); never updated or deleted. */
@ObjectType({ description: 'A change of stock at a location (signed quantity), with actor and time (UTC).' })
@Entity()
@Index({ properties: ['createdAt', 'id'] })
@Index({ properties: ['product', 'location', 'createdAt'] })
@Index({ properties: ['location', 'createdAt'] })
@Index({ properties: ['type', 'createdAt'] })
@Index({ properties: ['sale'] })
export class StockMovement {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Product)
  product!: Product;

  @ManyToOne(() => Location)
  location!: Location;

  @Field(() => MovementType)
  @Enum({ items: () => MovementType, nativeEnumName: 'movement_type' })
  type!: MovementType;

  @Field(() => Int, { description: 'Units (or seats) added (+) or taken (−) at `location`.' })
  @Property({ type: 'integer' })
  quantity!: number;

  @Field(() => String, { nullable: true, description: 'ADJUSTMENT: why (required); VOID: why the sale was voided; ENTRY: an optional note.' })
  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  /** TRANSFER: the other end of the transfer (the destination on the − row, the origin on the + row). */
  @ManyToOne(() => Location, { nullable: true })
  counterpartLocation: Location | null = null;

  @Field(() => ID, { nullable: true, description: 'TRANSFER: shared by the two rows of one transfer.' })
  @Property({ type: 'uuid', nullable: true })
  transferId: string | null = null;

  /** SALE and VOID: the sale. */
  @ManyToOne(() => Sale, { nullable: true })
  sale: Sale | null = null;

  @ManyToOne(() => User)
  actor!: User;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
