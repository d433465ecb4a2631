import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Session } from './session.entity';

/**
 * A long-lived session secret (stored hashed), exchanged for access tokens and rotated on every use.
 * A rotated token presented again means it leaked: its whole session is revoked.
 */
@Entity()
export class RefreshToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @ManyToOne(() => Session)
  session!: Session;

  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  /** Indexed: the identity sweep deletes long-expired tokens. */
  @Index()
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** Set when exchanged for the next token of the session. */
  @Property({ type: 'datetime', nullable: true })
  rotatedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
