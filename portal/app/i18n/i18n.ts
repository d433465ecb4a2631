import { useRouteLoaderData } from '@remix-run/react';
import { en } from './en';
import { es, type MessageKey, type Messages } from './es';

export type { MessageKey };

/** The portal's languages, Spanish first. */
export const locales = ['es', 'en'] as const;
export type Locale = (typeof locales)[number];

const catalogues: Record<Locale, Messages> = { es, en };

/** Intl locale per language: Venezuelan Spanish, and English with the same time zone. */
export const intlLocale: Record<Locale, string> = { es: 'es-VE', en: 'en-US' };
export const timeZone = 'America/Caracas';

/** A translate function: `t('verify.resendIn', { seconds: 42 })`. */
export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** `t` for one language; a `{name}` without a value stays visible, so a missing variable is noticed. */
export function translator(locale: Locale): T {
  const messages = catalogues[locale];
  return (key, vars) => messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => (vars && name in vars ? String(vars[name]) : whole));
}

/** The language chosen for this page (root loader data); Spanish before the root has loaded. */
export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>('root');
  return data?.locale ?? 'es';
}

/** `t` in the page's language. */
export function useT(): T {
  return translator(useLocale());
}
