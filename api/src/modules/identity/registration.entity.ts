import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';

/**
 * A sign-up waiting for its WhatsApp code. The account (user + customer) is created only when the code is
 * right, so a pending sign-up holds no username, email or phone; a newer one for the same phone replaces
 * it, and the identity sweep deletes expired ones.
 */
@Entity()
export class Registration {
  /** The opaque `registrationId` the client verifies with. */
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** E.164; one pending sign-up per phone. */
  @Property({ type: 'text', unique: true })
  phone!: string;

  /** Lower-case. */
  @Index()
  @Property({ type: 'text' })
  username!: string;

  /** Lower-case; indexed, like username, for sign-in to find a pending sign-up. */
  @Index()
  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text' })
  fullName!: string;

  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  /**
   * HMAC of the code sent; null when the username, email or phone belongs to a verified account: the
   * phone then got a notice instead of a code, and no code can verify this sign-up.
   */
  @Property({ type: 'text', nullable: true, hidden: true })
  codeHash: string | null = null;

  @Property({ type: 'integer' })
  attempts: number = 0;

  /** When the current code (and this sign-up) expires. */
  @Index()
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** When the last code or notice was sent (resends wait a minute). */
  @Property({ type: 'datetime' })
  sentAt!: Date;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
