import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { LocationKind } from './inventory.enums';

/** A warehouse, store or venue where stock is counted. */
@ObjectType({ description: 'A warehouse, store or venue where stock is counted.' })
@Entity({ tableName: 'stock_location' })
export class Location {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Short unique code, upper case (e.g. CCS-ALM).' })
  @Property({ type: 'text', unique: true })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => LocationKind)
  @Enum({ items: () => LocationKind, nativeEnumName: 'location_kind' })
  kind!: LocationKind;

  @Field()
  @Property({ type: 'boolean' })
  active: boolean = true;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
