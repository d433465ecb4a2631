import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';

/** A shipping box packed in China; it may consolidate packages of several orders (seed 003 "número de caja"). */
@ObjectType({ description: 'A shipping box; may consolidate packages of several orders.' })
@Entity()
export class Box {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** e.g. `BX-2026-000007`. */
  @Field()
  @Property({ type: 'text', unique: true })
  number!: string;

  @Field(() => String, { nullable: true, description: 'Total weight, kg (decimal string).' })
  @Property({ type: 'decimal', precision: 10, scale: 3, nullable: true })
  weightKg: string | null = null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
