import { intlLocale, timeZone, type Locale } from './i18n';

/** A calendar date in Venezuela's time zone. */
export function formatDate(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeZone }).format(new Date(iso));
}

/** A clock time in Venezuela's time zone. */
export function formatTime(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A wait in seconds as words ("2 minutos", "45 segundos", "1 hora"), for retry-after messages. */
export function formatWait(locale: Locale, seconds: number): string {
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    seconds >= 3600 ? [Math.ceil(seconds / 3600), 'hour'] : seconds >= 60 ? [Math.ceil(seconds / 60), 'minute'] : [Math.max(1, Math.ceil(seconds)), 'second'];
  return new Intl.NumberFormat(intlLocale[locale], { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/**
 * Money from integer minor units (cents, céntimos) with its ISO currency: "US$ 258,75" / "Bs. 9.444,38" in
 * es-VE. The amount goes to Intl as a decimal string, so no float ever rounds it.
 */
export function formatMoney(locale: Locale, minor: number, currency: 'USD' | 'VES'): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const decimal = `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return new Intl.NumberFormat(intlLocale[locale], { style: 'currency', currency }).format(decimal as unknown as number);
}

/** A date and time in Venezuela's time zone ("21 de noviembre de 2026, 10:30 a. m."). */
export function formatDateTime(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A decimal fraction as a percentage ("0.05" → "5 %"). */
export function formatPercent(locale: Locale, fraction: string): string {
  return new Intl.NumberFormat(intlLocale[locale], { style: 'percent', maximumFractionDigits: 2 }).format(fraction as unknown as number);
}

/** Time left until a deadline, largest units first ("1 día 3 h 12 min 5 s"); empty at or after it. */
export function formatCountdown(locale: Locale, ms: number): string {
  if (ms <= 0) return '';
  const total = Math.floor(ms / 1000);
  const parts: [number, Intl.NumberFormatOptions['unit']][] = [
    [Math.floor(total / 86400), 'day'],
    [Math.floor((total % 86400) / 3600), 'hour'],
    [Math.floor((total % 3600) / 60), 'minute'],
    [total % 60, 'second'],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  return parts
    .slice(first)
    // Days spelled out: es-VE abbreviates them as "dd.".
    .map(([value, unit]) => new Intl.NumberFormat(intlLocale[locale], { style: 'unit', unit, unitDisplay: unit === 'day' ? 'long' : 'short' }).format(value))
    .join(' ');
}

/** A decimal string from the API (weights, volumes, rates: "12.000", "0.060000") as a number in the page's language ("12", "0,06"). */
export function formatDecimal(locale: Locale, decimal: string): string {
  return new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 6 }).format(decimal as unknown as number);
}
