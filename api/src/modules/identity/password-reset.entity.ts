import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { User } from './user.entity';

/** A 6-digit code sent by WhatsApp to a customer's verified phone to set a new password; stored as a hash. */
@Entity()
export class PasswordReset {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @ManyToOne(() => User)
  user!: User;

  @Property({ type: 'text', hidden: true })
  codeHash!: string;

  /** Indexed, like consumedAt: the identity sweep deletes expired and used codes. */
  @Index()
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Index()
  @Property({ type: 'datetime', nullable: true })
  consumedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
