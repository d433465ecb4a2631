import { Form, useLocation } from '@remix-run/react';
import { locales, useLocale, useT } from '../i18n/i18n';

/** Español / English buttons; the choice is kept in a cookie (POST /language) and the page reloads in it. */
export function LanguageSwitcher() {
  const t = useT();
  const current = useLocale();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language" aria-label={t('language.label')}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {locales.map((locale) => (
        <button key={locale} type="submit" name="locale" value={locale} lang={locale} aria-pressed={locale === current} className="link-button">
          {t(`language.${locale}`)}
        </button>
      ))}
    </Form>
  );
}
