import { Check, Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Location } from './location.entity';
import { Product } from './product.entity';

/**
 * The stock of a product at a location: the running sum of its movements, kept for fast reads and for the
 * conditional decrement that makes overselling impossible (`stock.store.ts`). Changed only in the transaction that
 * writes the movement; never negative (the CHECK backs the conditional update).
 */
@Entity()
@Unique({ properties: ['product', 'location'] })
@Check({ name: 'stock_quantity_not_negative', expression: 'quantity >= 0' })
export class Stock {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Product)
  product!: Product;

  @ManyToOne(() => Location)
  location!: Location;

  @Property({ type: 'integer' })
  quantity: number = 0;

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
