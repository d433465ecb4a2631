import { CombinedGraphQLErrors } from '@apollo/client';
import { formatWait } from '../i18n/format';
import { isMessageKey, type Locale, type T } from '../i18n/i18n';

/** A refusal from the API as the screens use it: its code, the input field it names (if any) and its text. */
export interface Refusal {
  code: string;
  /** The input field the API names (`field`, or the first of `fields`), e.g. `weightKg`. */
  field: string | null;
  message: string;
}

interface RefusalExtensions {
  code?: string;
  field?: string;
  fields?: { field: string }[];
  messageEn?: string;
  retryAfterSeconds?: number;
  /** ALREADY_CLAIMED: who holds the item (claims). */
  heldBy?: { id: string; displayName: string };
}

/**
 * The plain-words refusal of a failed operation: the catalogue's text for known codes, else the API's own
 * message in the chosen language; a failure with no GraphQL error is a network problem.
 */
export function refusalOf(error: unknown, t: T, locale: Locale): Refusal {
  if (!CombinedGraphQLErrors.is(error) || error.errors.length === 0) return { code: 'NETWORK', field: null, message: t('refusal.NETWORK') };
  const first = error.errors[0]!;
  const ext = (first.extensions ?? {}) as RefusalExtensions;
  const code = ext.code ?? 'UNKNOWN';
  const field = ext.field ?? ext.fields?.[0]?.field ?? null;
  if (code === 'TOO_MANY_ATTEMPTS') {
    const message = ext.retryAfterSeconds ? t('refusal.TOO_MANY_ATTEMPTS', { wait: formatWait(locale, ext.retryAfterSeconds) }) : t('refusal.TOO_MANY_ATTEMPTS_SOON');
    return { code, field, message };
  }
  if (code === 'ALREADY_CLAIMED') {
    return { code, field, message: ext.heldBy ? t('refusal.ALREADY_CLAIMED', { name: ext.heldBy.displayName }) : t('refusal.ALREADY_CLAIMED_SOMEONE') };
  }
  const key = `refusal.${code}`;
  if (isMessageKey(key)) return { code, field, message: t(key) };
  return { code, field, message: locale === 'en' && ext.messageEn ? ext.messageEn : first.message || t('refusal.UNKNOWN') };
}
