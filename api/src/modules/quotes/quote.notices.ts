import { intlLocale, Language, type LocalizedText } from '../../shared/language';
import { formatMoney } from '../../shared/money';
import type { PriceBreakdown } from './pricing.rules';
import { ShippingMethod } from './quote.enums';

/** Each shipping method's name for people. */
export const shippingMethodName: Record<ShippingMethod, LocalizedText> = {
  [ShippingMethod.AIR]: { es: 'Aéreo', en: 'Air' },
  [ShippingMethod.SEA]: { es: 'Marítimo', en: 'Sea' },
  [ShippingMethod.DOOR_TO_DOOR]: { es: 'Puerta a puerta', en: 'Door to door' },
};

/**
 * The QUOTE_READY text in `language`: one line per option (total in USD and VES, estimated delivery date) and
 * the answer deadline, dates in the business `timeZone` (IANA name). US English short dates (12/11/26) read
 * ambiguously, so English names the month ("Dec 11, 2026").
 */
export function quoteReadyBody(
  language: Language,
  options: readonly { breakdown: PriceBreakdown; estimatedDeliveryAt: Date }[],
  responseDeadline: Date,
  timeZone: string,
): string {
  const dateStyle = language === Language.EN ? 'medium' : 'short';
  const day = new Intl.DateTimeFormat(intlLocale[language], { timeZone, dateStyle });
  const when = new Intl.DateTimeFormat(intlLocale[language], { timeZone, dateStyle, timeStyle: 'short' });
  const lines = options.map(({ breakdown, estimatedDeliveryAt }) => {
    const method = shippingMethodName[breakdown.shippingMethod][language];
    const total = `${formatMoney(breakdown.totalUsdMinor, 'USD', language)} (${formatMoney(breakdown.totalVesMinor, 'VES', language)})`;
    const delivery = day.format(estimatedDeliveryAt);
    return language === Language.EN ? `• ${method}: ${total}, estimated delivery ${delivery}` : `• ${method}: ${total}, entrega estimada ${delivery}`;
  });
  const deadline = when.format(responseDeadline);
  const answer = language === Language.EN
    ? `Reply in the app before ${deadline} (${timeZone} time).`
    : `Respóndela en la app antes del ${deadline} (hora de ${timeZone}).`;
  return [...lines, answer].join('\n');
}
