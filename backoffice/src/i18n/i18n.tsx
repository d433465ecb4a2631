import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { es, type MessageKey, type Messages } from './es';

export type { MessageKey };

/** The back-office's languages, Spanish first. */
export const locales = ['es', 'en'] as const;
export type Locale = (typeof locales)[number];

const catalogues: Record<Locale, Messages> = { es, en };

/** Intl locale per language: Venezuelan Spanish, and English with the same time zone. */
export const intlLocale: Record<Locale, string> = { es: 'es-VE', en: 'en-US' };
export const timeZone = 'America/Caracas';

/** The API's `Language` for each locale: the language to ask the API's own texts (alert messages) in. */
export const apiLanguage = { es: 'ES', en: 'EN' } as const satisfies Record<Locale, string>;

/** A translate function: `t('china.queue.count', { count: 3 })`. */
export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * `t` for one language. `{name}` is replaced by its value; `{name|one|other}` picks the singular when the value
 * is 1 ("{count} {count|caja|cajas}"); a placeholder without a value stays visible, so it is noticed.
 */
export function translator(locale: Locale): T {
  const messages = catalogues[locale];
  return (key, vars) =>
    messages[key].replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
      if (!vars || !(name in vars)) return whole;
      if (one === undefined) return String(vars[name]);
      return Number(vars[name]) === 1 ? one : (other ?? '');
    });
}

export function isMessageKey(key: string): key is MessageKey {
  return key in es;
}

// The chosen language is a preference, not a secret: it is kept in localStorage for the next visit.
const STORAGE_KEY = 'morna.backoffice.locale';

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' || stored === 'es' ? stored : 'es';
}

interface I18n {
  locale: Locale;
  t: T;
  setLocale(locale: Locale): void;
}

const I18nContext = createContext<I18n | null>(null);

/** Provides the language (Spanish unless the user switched) and keeps `<html lang>` in step. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => ({ locale, t: translator(locale), setLocale }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}

/** `t` in the chosen language. */
export function useT(): T {
  return useI18n().t;
}
