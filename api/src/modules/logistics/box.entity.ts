import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Authorized, Field, ID, ObjectType } from 'type-graphql';
import { Permission } from '../identity/permission';

/** A shipping box packed in China; it may consolidate packages of several orders (seed 003 "número de caja"). */
@ObjectType({ description: 'A shipping box; may consolidate packages of several orders.' })
@Entity()
// The box list, newest or oldest first.
@Index({ properties: ['createdAt', 'id'] })
// Searched by number (ILIKE '%…%': trigrams).
@Index({ name: 'box_number_trgm_index', expression: 'create index "box_number_trgm_index" on "box" using gin ("number" gin_trgm_ops)' })
// The quiet boxes (consistency view), quietest or most recent first: only boxes still travelling.
@Index({ name: 'box_quiet_since_index', expression: 'create index "box_quiet_since_index" on "box" ("quiet_since", "id") where "quiet_since" is not null' })
export class Box {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** e.g. `BX-2026-000007`. */
  @Field()
  @Property({ type: 'text', unique: true })
  number!: string;

  // A box may hold other customers' goods: its contents and weight stay with staff; the customer sees its number.
  @Authorized(Permission.ReadAnyOrder)
  @Field(() => String, { nullable: true, description: 'Staff only (order:read:any; FORBIDDEN to customers). Total weight, kg (decimal string).' })
  @Property({ type: 'decimal', precision: 10, scale: 3, nullable: true })
  weightKg: string | null = null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /**
   * When the last tracking event of the box's orders still travelling happened (UTC); null when there is none.
   * Kept by `refreshBoxTransit` in the transaction that records a tracking event or fills the box.
   */
  @Property({ type: 'datetime', nullable: true })
  lastEventAt: Date | null = null;

  /**
   * While the box holds an order still travelling: the later of its creation and `lastEventAt` (UTC,
   * milliseconds, as cursors carry them); null otherwise. Kept with `lastEventAt`.
   */
  @Property({ type: 'datetime', nullable: true })
  quietSince: Date | null = null;
}
