import { intlLocale, type Locale } from '../../i18n/i18n';

/** USD minor units as the agent reads them ("US$ 1.234,50" in Spanish, "$1,234.50" in English). */
export function formatUsd(locale: Locale, minor: number): string {
  return new Intl.NumberFormat(intlLocale[locale], { style: 'currency', currency: 'USD' }).format(minor / 100);
}

/** VES minor units with the bolívar sign used in Venezuela ("Bs. 9.444,38"). */
export function formatVes(locale: Locale, minor: number): string {
  return `Bs. ${new Intl.NumberFormat(intlLocale[locale], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minor / 100)}`;
}

/** A decimal string from the API ("12.000", "0.060000") with the locale's separators and `digits` decimals. */
export function formatDecimal(locale: Locale, value: string, digits: number): string {
  return new Intl.NumberFormat(intlLocale[locale], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(value));
}

/** A decimal fraction ("0.25") as a percentage ("25 %"). */
export function formatPercent(locale: Locale, fraction: string): string {
  return new Intl.NumberFormat(intlLocale[locale], { style: 'percent', maximumFractionDigits: 2 }).format(Number(fraction));
}

/** "12,50" or "12.50" dollars → 1250 minor units; null when it is not an amount with at most 2 decimals. */
export function parseDollars(text: string): number | null {
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
