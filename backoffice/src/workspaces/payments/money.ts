import { intlLocale, type Locale } from '../../i18n/i18n';
import { formatVes } from '../venezuela/money';

/**
 * Minor units of `currency` as money in the chosen language, written as the quotes and the customers'
 * messages write it ("USD 12,50", "Bs. 1.234,00", "CNY 80,00"; "$12.50" in English): Intl's own sign for
 * VES is "Bs.S", which nobody else in Morna shows.
 */
export function formatMinor(locale: Locale, minor: number, currency: string): string {
  if (currency === 'VES') return formatVes(locale, minor);
  return new Intl.NumberFormat(intlLocale[locale], { style: 'currency', currency }).format(minor / 100);
}

/** A decimal exchange rate as typed by the Master ("36.500000" → "36,50"). */
export function formatRate(locale: Locale, rate: string): string {
  return new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 6, minimumFractionDigits: 2 }).format(Number(rate));
}

/** A decimal fraction as a percentage ("0.070000" → "7 %"). */
export function formatFraction(locale: Locale, fraction: string): string {
  return new Intl.NumberFormat(intlLocale[locale], { style: 'percent', maximumFractionDigits: 2 }).format(Number(fraction));
}
