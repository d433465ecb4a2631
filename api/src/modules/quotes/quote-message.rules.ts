import { formatMoney } from '../../shared/money';
import { ShippingMethod } from './quote.enums';

/** Spanish names of the shipping methods, for messages to the customer. */
export const methodLabel: Record<ShippingMethod, string> = {
  [ShippingMethod.AIR]: 'Aéreo',
  [ShippingMethod.SEA]: 'Marítimo',
  [ShippingMethod.DOOR_TO_DOOR]: 'Puerta a puerta',
};

/** One priced option as the customer's message lists it: all-in totals (USD and VES minor units) and the ETA (UTC). */
export interface QuoteMessageOption {
  shippingMethod: ShippingMethod;
  totalUsdMinor: number;
  totalVesMinor: number;
  estimatedDeliveryAt: Date;
}

/**
 * The "quote ready" message of one quote round (seed 003 step 4), in Spanish: one line per option with its
 * all-in price in USD and VES and its estimated delivery day, then the answer deadline, dates in `timeZone`.
 * The in-app notification and the WhatsApp message (`whatsAppText`) are built from it.
 */
export function quoteReadyMessage(q: { number: string; options: readonly QuoteMessageOption[]; responseDeadline: Date; timeZone: string }): { title: string; body: string } {
  const when = new Intl.DateTimeFormat('es-VE', { timeZone: q.timeZone, dateStyle: 'short', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat('es-VE', { timeZone: q.timeZone, dateStyle: 'short' });
  const lines = q.options.map(
    (o) =>
      `• ${methodLabel[o.shippingMethod]}: ${formatMoney(o.totalUsdMinor, 'USD')} (${formatMoney(o.totalVesMinor, 'VES')}), ` +
      `entrega estimada ${day.format(o.estimatedDeliveryAt)}`,
  );
  return {
    title: `Tu cotización ${q.number} está lista`,
    body: [...lines, `Respóndela en la app antes del ${when.format(q.responseDeadline)} (hora de ${q.timeZone}).`].join('\n'),
  };
}

/** The WhatsApp text of a notification: its title, a line break, its body. */
export function whatsAppText(message: { title: string; body: string }): string {
  return `${message.title}\n${message.body}`;
}

/**
 * A click-to-chat link (https://wa.me/<digits>?text=…) that opens WhatsApp with `text` typed for `phone`
 * (E.164, e.g. "+584141234567"; wa.me wants the digits only).
 */
export function whatsAppLink(phone: string, text: string): string {
  return `https://wa.me/${phone.replace(/\D/g, '')}?text=${encodeURIComponent(text)}`;
}
