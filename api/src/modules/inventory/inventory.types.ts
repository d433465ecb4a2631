import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Location } from './location.entity';

/** The stock of a product at one location. */
@ObjectType({ description: 'Units (or seats) of a product at a location, and whether that is at or below its low-stock threshold.' })
export class StockLevel {
  @Field(() => Location)
  location!: Location;

  @Field(() => Int)
  quantity!: number;

  @Field({ description: 'quantity ≤ the product\'s lowStockThreshold.' })
  low!: boolean;
}

/** A stock row that does not equal the sum of its movements (should never exist). */
@ObjectType({ description: 'A (product, location) whose stock row differs from the sum of its movements.' })
export class StockDrift {
  @Field(() => ID)
  productId!: string;

  @Field(() => ID)
  locationId!: string;

  @Field(() => Int)
  stock!: number;

  @Field(() => Int)
  sumOfMovements!: number;
}
