import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Customer } from '../identity/customer.entity';
import { User } from '../identity/user.entity';
import type { ClaimVia } from './unit-label.rules';

/**
 * The sale of a unit and its claim by the buyer (issue 9, cloned labels): one row per unit (unique), written
 * when staff mark it sold; the claim fills `claimedAt` once, under the row lock, so exactly one claim wins.
 * The claim code is stored hashed (unit-label.rules `claimCodeHash`).
 */
@Entity()
export class UnitSale {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid', unique: true })
  unitId!: string;

  @Property({ type: 'datetime' })
  soldAt!: Date;

  @ManyToOne(() => User)
  soldBy!: User;

  /** The customer it was sold to, when known: that customer may claim it signed in without the code. */
  @ManyToOne(() => Customer, { nullable: true })
  customer: Customer | null = null;

  @Property({ type: 'text' })
  claimCodeHash!: string;

  @Property({ type: 'datetime', nullable: true })
  claimedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  claimedVia: ClaimVia | null = null;

  /** The signed-in customer who claimed it (null for a claim with the code only). */
  @ManyToOne(() => Customer, { nullable: true })
  claimedBy: Customer | null = null;

  /** The claimer's scan key (unit-label.rules `scanIpKey`): later scans from other keys are counted apart. */
  @Property({ type: 'text', nullable: true })
  claimIpKey: string | null = null;
}

/**
 * One counted open of a unit's public page: at most one per unit, client IP (pseudonymous key) and UTC hour
 * (unit-label.rules `SCAN_WINDOW_MS`), enforced by the unique index (`INSERT … ON CONFLICT DO NOTHING`).
 */
@Entity()
@Unique({ properties: ['unitId', 'ipKey', 'windowStart'] })
export class UnitScan {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  unitId!: string;

  @Property({ type: 'text' })
  ipKey!: string;

  @Property({ type: 'datetime' })
  windowStart!: Date;

  @Property({ type: 'datetime' })
  scannedAt!: Date;
}
