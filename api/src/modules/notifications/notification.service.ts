import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import type { LocalizedText } from '../../shared/language';
import { User } from '../identity/user.entity';
import { Notification } from './notification.entity';
import { enqueueWhatsApp } from './whatsapp.sender';
import { whatsAppText } from '../quotes/quote-message.rules';

/**
 * Notifies a user in the same transaction as the change that caused it: an in-app notification in Spanish and
 * English (pushed live to their subscription after commit) and, when `whatsappTo` is given, a WhatsApp message
 * in Spanish (the API keeps no language preference for customers).
 */
export function notifyUser(
  em: EntityManager,
  n: { userId: string; kind: string; title: LocalizedText; body: LocalizedText; data?: Record<string, unknown>; whatsappTo?: string | null },
): Notification {
  const notification = em.create(Notification, {
    recipient: em.getReference(User, n.userId),
    kind: n.kind,
    title: n.title.es,
    body: n.body.es,
    titleEn: n.title.en,
    bodyEn: n.body.en,
    data: n.data ?? {},
    createdAt: new Date(),
  });
  em.persist(notification);
  if (n.whatsappTo) enqueueWhatsApp(em, n.whatsappTo, whatsAppText(n));
  recordEvent(em, Topic.NotificationCreated, { notificationId: notification.id, userId: n.userId, at: notification.createdAt.toISOString() });
  return notification;
}
