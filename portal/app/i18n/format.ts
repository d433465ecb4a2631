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
