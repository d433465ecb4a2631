import { formatWait } from '../i18n/format';
import type { Locale, MessageKey, T } from '../i18n/i18n';
import { es } from '../i18n/es';
import type { Refusal } from './api.server';

/**
 * One catalogue message per refusal code (`refusal.<CODE>`); a code the catalogue does not know yet shows
 * the API's own text in the page's language. TOO_MANY_ATTEMPTS says how long to wait.
 */
export function refusalText(t: T, locale: Locale, refusal: Refusal): string {
  if (refusal.code === 'TOO_MANY_ATTEMPTS') {
    return refusal.retryAfterSeconds ? t('refusal.TOO_MANY_ATTEMPTS', { wait: formatWait(locale, refusal.retryAfterSeconds) }) : t('refusal.TOO_MANY_ATTEMPTS_SOON');
  }
  const key = `refusal.${refusal.code}`;
  if (key in es) return t(key as MessageKey);
  return locale === 'en' && refusal.messageEn ? refusal.messageEn : refusal.message;
}
