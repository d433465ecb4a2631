import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';

/**
 * A WhatsApp message to send, written in the transaction that decided it (the outbox). The default
 * transport stops here (and logs it); the Cloud API transport delivers pending rows and marks them sent.
 */
@Entity()
@Index({ properties: ['status', 'createdAt'] })
export class OutboundMessage {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  channel: 'WHATSAPP' = 'WHATSAPP';

  /** E.164 phone. */
  @Index()
  @Property({ type: 'text' })
  recipient!: string;

  @Property({ type: 'text' })
  body!: string;

  /** `PENDING` until a transport delivers it, then `SENT` or `FAILED`. */
  @Property({ type: 'text' })
  status: 'PENDING' | 'SENT' | 'FAILED' = 'PENDING';

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  sentAt: Date | null = null;
}
