import { intlLocale, timeZone, type Locale } from './i18n';

/** A date and time in Venezuela's time zone ("21 de noviembre de 2026, 10:30 a. m."). */
export function formatDateTime(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A wait in seconds as words ("2 minutos", "45 segundos", "1 hora"), for retry-after messages. */
export function formatWait(locale: Locale, seconds: number): string {
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    seconds >= 3600 ? [Math.ceil(seconds / 3600), 'hour'] : seconds >= 60 ? [Math.ceil(seconds / 60), 'minute'] : [Math.max(1, Math.ceil(seconds)), 'second'];
  return new Intl.NumberFormat(intlLocale[locale], { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** How long something has waited, largest two units ("2 d 4 h", "3 h 12 min", "5 min"); under a minute is "< 1 min". */
export function formatElapsed(locale: Locale, ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  const unit = (value: number, u: 'day' | 'hour' | 'minute') => new Intl.NumberFormat(intlLocale[locale], { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  if (minutes < 1) return `< ${unit(1, 'minute')}`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0) return mins > 0 ? `${unit(hours, 'hour')} ${unit(mins, 'minute')}` : unit(hours, 'hour');
  return unit(mins, 'minute');
}
