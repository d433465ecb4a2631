import { intlLocale, type Locale } from '../../i18n/i18n';

/** Minor units of `currency` as money in the chosen language ("US$ 12,50", "Bs. 1.234,00"). */
export function formatMinor(locale: Locale, minor: number, currency: string): string {
  return new Intl.NumberFormat(intlLocale[locale], { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(minor / 100);
}

/** A decimal exchange rate as typed by the Master ("36.500000" → "36,50"). */
export function formatRate(locale: Locale, rate: string): string {
  return new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 6, minimumFractionDigits: 2 }).format(Number(rate));
}

/** A decimal fraction as a percentage ("0.070000" → "7 %"). */
export function formatFraction(locale: Locale, fraction: string): string {
  return new Intl.NumberFormat(intlLocale[locale], { style: 'percent', maximumFractionDigits: 2 }).format(Number(fraction));
}
