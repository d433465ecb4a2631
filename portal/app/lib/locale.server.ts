import { createCookie, type AppLoadContext } from '@remix-run/node';
import type { Language } from '../graphql/generated/graphql';
import { isLocale, locales, type Locale } from '../i18n/i18n';

function languageCookie(context: AppLoadContext) {
  return createCookie('morna_lang', { path: '/', sameSite: 'lax', httpOnly: true, secure: context.portal.secureCookies, maxAge: 365 * 24 * 3600 });
}

/** The API's `Language` for a page's locale: the language to ask the API's own texts (notifications) in. */
export const apiLanguage: Record<Locale, Language> = { es: 'ES', en: 'EN' };

/** The language the visitor chose (cookie), else the first of ours in Accept-Language, else Spanish. */
export async function requestLocale(request: Request, context: AppLoadContext): Promise<Locale> {
  const chosen: unknown = await languageCookie(context).parse(request.headers.get('Cookie'));
  if (isLocale(chosen)) return chosen;
  return acceptLanguage(request.headers.get('Accept-Language')) ?? 'es';
}

/** The Set-Cookie value that remembers `locale` for a year. */
export function rememberLocale(context: AppLoadContext, locale: Locale): Promise<string> {
  return languageCookie(context).serialize(locale);
}

/** Best of our languages in an Accept-Language header by quality ("en-GB,en;q=0.9,es;q=0.8" → en). */
export function acceptLanguage(header: string | null): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { language: tag!.trim().toLowerCase().split('-')[0], quality: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality);
  return ranked.map((entry) => entry.language).find((language): language is Locale => (locales as readonly string[]).includes(language ?? ''));
}
