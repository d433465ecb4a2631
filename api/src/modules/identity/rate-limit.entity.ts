import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/** The table of every throttle counter (keys carry their limit's name); created by a migration. */
export const RATE_LIMIT_TABLE = 'rate_limit';

/**
 * A counter of rate-limiter-flexible's PostgreSQL store (see Throttle), written only by that library; mapped
 * so that migrations own the table and the identity sweep can delete expired rows.
 */
@Entity({ tableName: RATE_LIMIT_TABLE })
export class RateLimitCounter {
  /** `<limit name>:<sha256 of the subject>`. */
  @PrimaryKey({ type: 'string', length: 255 })
  key!: string;

  @Property({ type: 'integer', default: 0 })
  points: number = 0;

  /** Epoch milliseconds; null never expires. */
  @Index()
  @Property({ type: 'bigint', nullable: true })
  expire: string | null = null;
}
