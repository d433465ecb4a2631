import { useEffect, useId, useRef } from 'react';
import { NavLink, Outlet } from 'react-router';
import { locales, useI18n, type Locale } from '../i18n/i18n';
import { useSession } from '../session/session';
import { SignInForm } from '../session/sign-in-form';
import type { Workspace } from '../workspaces/registry';

/**
 * The frame of every page: skip link, the workspaces this user may open, language and sign-out, then the page.
 * When the session expires the sign-in form opens as a dialog over the page, which is only made inert (not
 * unmounted), so forms keep what was typed.
 */
export function Shell({ workspaces }: { workspaces: Workspace[] }) {
  const { t, locale, setLocale } = useI18n();
  const session = useSession();
  const main = useRef<HTMLDivElement>(null);
  const languageId = useId();

  useEffect(() => {
    main.current?.toggleAttribute('inert', session.expired);
  }, [session.expired]);

  return (
    <>
      <div ref={main} className="app">
        <a className="skip" href="#main">
          {t('app.skipToContent')}
        </a>
        <header className="top">
          <p className="brand">{t('app.name')}</p>
          <nav aria-label={t('nav.main')}>
            <ul>
              {workspaces.map((w) => (
                <li key={w.path}>
                  <NavLink to={`/${w.path}`}>{t(w.label)}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="account">
            <span>{t('nav.signedInAs', { name: session.staff?.displayName ?? '' })}</span>
            <label htmlFor={languageId} className="visually-hidden">
              {t('language.label')}
            </label>
            <select id={languageId} value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
              {locales.map((l) => (
                <option key={l} value={l}>
                  {t(`language.${l}`)}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => void session.signOut()}>
              {t('nav.signOut')}
            </button>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      {session.expired ? <ExpiredDialog /> : null}
    </>
  );
}

function ExpiredDialog() {
  const { t } = useI18n();
  const session = useSession();
  const titleId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    dialog.current?.querySelector('input')?.focus();
  }, []);
  return (
    <div className="overlay">
      <div ref={dialog} className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <p id={titleId} className="dialog-title">
          {t('session.expiredTitle')}
        </p>
        <p>{t('session.expiredBody')}</p>
        <SignInForm headingLevel="h2" onSignedIn={session.signedIn} />
      </div>
    </div>
  );
}
