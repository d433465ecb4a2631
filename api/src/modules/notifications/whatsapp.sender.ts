import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { OutboundMessage } from './outbound-message.entity';

/** Queues a WhatsApp message (E.164 recipient) in the caller's transaction; delivery happens after commit. */
export function enqueueWhatsApp(em: EntityManager, recipient: string, body: string): OutboundMessage {
  const message = em.create(OutboundMessage, { channel: 'WHATSAPP', recipient, body, status: 'PENDING', attempts: 0, createdAt: new Date() });
  em.persist(message);
  return message;
}

/** Something that delivers one WhatsApp text message. */
export interface WhatsAppTransport {
  readonly name: string;
  send(recipient: string, body: string): Promise<void>;
}

/** Default transport: the outbox row is the message; delivery is a log line (no external service). */
export class LogWhatsAppTransport implements WhatsAppTransport {
  readonly name = 'log';
  constructor(private readonly log: Logger) {}
  async send(recipient: string, body: string): Promise<void> {
    this.log.info({ channel: 'whatsapp', recipient, body }, 'whatsapp message');
  }
}

/** WhatsApp Cloud API: `POST /{phone-number-id}/messages` with a text body. */
export class CloudApiWhatsAppTransport implements WhatsAppTransport {
  readonly name = 'cloud-api';
  constructor(private readonly cfg: { token: string; phoneNumberId: string; apiBase: string }) {}
  async send(recipient: string, body: string): Promise<void> {
    const response = await fetch(`${this.cfg.apiBase}/${this.cfg.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.cfg.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: recipient.replace(/^\+/, ''), type: 'text', text: { body } }),
    });
    if (!response.ok) throw new Error(`WhatsApp Cloud API answered ${response.status}: ${await response.text()}`);
  }
}

export function whatsAppTransportFor(config: Config, log: Logger): WhatsAppTransport {
  return config.whatsapp.transport === 'cloud-api' ? new CloudApiWhatsAppTransport(config.whatsapp) : new LogWhatsAppTransport(log);
}

const MAX_ATTEMPTS = 5;

/**
 * Delivers pending outbox messages, oldest first; rows are claimed with SKIP LOCKED so several instances
 * never send the same message twice. Failures are retried up to 5 times. Returns how many were sent.
 */
export async function deliverPendingWhatsApp(em: EntityManager, transport: WhatsAppTransport, batch = 50): Promise<number> {
  let sent = 0;
  await em.transactional(async (tx) => {
    const rows = await tx.getConnection().execute<{ id: string }[]>(
      `SELECT id FROM outbound_message WHERE status = 'PENDING' ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED`,
      [batch],
      'all',
      tx.getTransactionContext(),
    );
    if (rows.length === 0) return;
    const messages = await tx.find(OutboundMessage, { id: { $in: rows.map((r) => r.id) } }, { orderBy: { createdAt: 'asc' } });
    for (const message of messages) {
      message.attempts += 1;
      try {
        await transport.send(message.recipient, message.body);
        message.status = 'SENT';
        message.sentAt = new Date();
        sent += 1;
      } catch (err) {
        message.lastError = String(err);
        if (message.attempts >= MAX_ATTEMPTS) message.status = 'FAILED';
      }
    }
  });
  return sent;
}
