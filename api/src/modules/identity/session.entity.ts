import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { User } from './user.entity';

/**
 * One sign-in on one device: the family of its rotated refresh tokens. Access tokens name it (`sid`), so
 * revoking it (sign-out, refresh-token reuse, password reset, disabled user) ends them at once.
 */
@Entity({ tableName: 'auth_session' })
// The identity sweep looks for long-ended sessions; most sessions are open, so only ended ones are indexed.
@Index({ name: 'auth_session_revoked_at_index', expression: 'create index "auth_session_revoked_at_index" on "auth_session" ("revoked_at") where "revoked_at" is not null' })
export class Session {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @ManyToOne(() => User)
  user!: User;

  /** Indexed: the identity sweep looks for old sessions left without a live refresh token. */
  @Index()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  /** Why it ended: sign_out, refresh_token_reuse, password_reset, user_disabled. */
  @Property({ type: 'text', nullable: true })
  revokedReason: string | null = null;
}
