import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { User } from '../identity/user.entity';
import { WorkSubjectType } from './claims.rules';

/**
 * Who is working an item (issue 7: two agents never work the same item unknowingly). One row per subject —
 * the unique key makes a second concurrent claim fail rather than both win; a row whose stage is no longer
 * the subject's, or idle past the configured time, no longer holds it (claims.rules `isClaimLive`).
 */
@Entity()
@Unique({ properties: ['subjectType', 'subjectId'] })
@Index({ properties: ['holder'] })
export class WorkClaim {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: () => WorkSubjectType, nativeEnumName: 'work_subject_type' })
  subjectType!: WorkSubjectType;

  /** The request, payment or order id (no foreign key: it points into one of three tables). */
  @Property({ type: 'uuid' })
  subjectId!: string;

  @ManyToOne(() => User)
  holder!: User;

  /** The subject's stage when claimed (claims.rules `workStage`): the claim lapses once it moves on. */
  @Property({ type: 'text' })
  stage!: string;

  /** Since when the holder has it (UTC); kept when the holder claims again. */
  @Property({ type: 'datetime' })
  claimedAt!: Date;

  /** Last claim or change by the holder (UTC): the idle time counts from here. */
  @Property({ type: 'datetime' })
  lastActiveAt!: Date;
}
