import { inLanguages, intlLocale, Language, type LocalizedText } from '../../shared/language';
import { formatMoney } from '../../shared/money';
import { ShippingMethod } from './quote.enums';

/** Each shipping method's name for people. */
export const shippingMethodName: Record<ShippingMethod, LocalizedText> = {
  [ShippingMethod.AIR]: { es: 'Aéreo', en: 'Air' },
  [ShippingMethod.SEA]: { es: 'Marítimo', en: 'Sea' },
  [ShippingMethod.DOOR_TO_DOOR]: { es: 'Puerta a puerta', en: 'Door to door' },
};

/** One priced option as the customer's message lists it: all-in totals (USD and VES minor units) and the ETA (UTC). */
export interface QuoteMessageOption {
  shippingMethod: ShippingMethod;
  totalUsdMinor: number;
  totalVesMinor: number;
  estimatedDeliveryAt: Date;
}

/**
 * The "quote ready" message of one quote round (seed 003 step 4), in Spanish and English: one line per option
 * with its all-in price in USD and VES and its estimated delivery day, then the answer deadline, dates in the
 * business `timeZone` (IANA name). US English short dates (12/11/26) read ambiguously, so English names the
 * month ("Dec 11, 2026"). The in-app notification and the WhatsApp message (`whatsAppText`) are built from it.
 */
export function quoteReadyMessage(q: { number: string; options: readonly QuoteMessageOption[]; responseDeadline: Date; timeZone: string }): {
  title: LocalizedText;
  body: LocalizedText;
} {
  const body = (language: Language) => {
    const dateStyle = language === Language.EN ? 'medium' : 'short';
    const day = new Intl.DateTimeFormat(intlLocale[language], { timeZone: q.timeZone, dateStyle });
    const when = new Intl.DateTimeFormat(intlLocale[language], { timeZone: q.timeZone, dateStyle, timeStyle: 'short' });
    const lines = q.options.map((o) => {
      const method = shippingMethodName[o.shippingMethod][language];
      const total = `${formatMoney(o.totalUsdMinor, 'USD', language)} (${formatMoney(o.totalVesMinor, 'VES', language)})`;
      const delivery = day.format(o.estimatedDeliveryAt);
      return language === Language.EN ? `• ${method}: ${total}, estimated delivery ${delivery}` : `• ${method}: ${total}, entrega estimada ${delivery}`;
    });
    const deadline = when.format(q.responseDeadline);
    const answer =
      language === Language.EN ? `Reply in the app before ${deadline} (${q.timeZone} time).` : `Respóndela en la app antes del ${deadline} (hora de ${q.timeZone}).`;
    return [...lines, answer].join('\n');
  };
  return { title: { es: `Tu cotización ${q.number} está lista`, en: `Your quote ${q.number} is ready` }, body: inLanguages(body) };
}

/** The WhatsApp text of a notification: its Spanish title, a line break, its Spanish body (customers keep no language preference). */
export function whatsAppText(message: { title: LocalizedText; body: LocalizedText }): string {
  return `${message.title.es}\n${message.body.es}`;
}

/**
 * A click-to-chat link (https://wa.me/<digits>?text=…) that opens WhatsApp with `text` typed for `phone`
 * (E.164, e.g. "+584141234567"; wa.me wants the digits only).
 */
export function whatsAppLink(phone: string, text: string): string {
  return `https://wa.me/${phone.replace(/\D/g, '')}?text=${encodeURIComponent(text)}`;
}
