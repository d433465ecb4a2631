import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Authorized, Field, ID, Int, ObjectType } from 'type-graphql';
import { Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { Order } from '../orders/order.entity';
import { Box } from './box.entity';

/** A package received (and possibly repacked) at the China warehouse for one order (seed 003 "número de paquete"). */
@ObjectType({ description: 'A package of one order registered at the China warehouse.' })
@Entity({ tableName: 'shipment_package' })
// Boxes are searched by the numbers of their packages (ILIKE '%…%': trigrams).
@Index({ name: 'shipment_package_number_trgm_index', expression: 'create index "shipment_package_number_trgm_index" on "shipment_package" using gin ("number" gin_trgm_ops)' })
export class Package {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** e.g. `PK-2026-000031`. */
  @Field()
  @Property({ type: 'text', unique: true })
  number!: string;

  @Index()
  @ManyToOne(() => Order)
  order!: Order;

  @Index()
  @ManyToOne(() => Box, { nullable: true })
  box: Box | null = null;

  @Field({ description: 'kg (decimal string).' })
  @Property({ type: 'decimal', precision: 10, scale: 3 })
  weightKg!: string;

  @Field(() => Int, { description: 'cm.' })
  @Property({ type: 'integer' })
  lengthCm!: number;

  @Field(() => Int, { description: 'cm.' })
  @Property({ type: 'integer' })
  widthCm!: number;

  @Field(() => Int, { description: 'cm.' })
  @Property({ type: 'integer' })
  heightCm!: number;

  @Field({ description: 'Whether the warehouse repacked the supplier\'s parcel.' })
  @Property({ type: 'boolean' })
  repacked: boolean = false;

  @Authorized(Permission.ReadAnyOrder)
  @Field(() => String, { nullable: true, description: 'Staff only (order:read:any; FORBIDDEN to customers). Warehouse note.' })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @ManyToOne(() => User)
  registeredBy!: User;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
