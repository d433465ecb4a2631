import { type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, isRouteErrorResponse, Link, Links, NavLink, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from '@remix-run/react';
import { LanguageSwitcher } from './components/language-switcher';
import { useNonce } from './components/nonce';
import { useLocale, useT } from './i18n/i18n';
import { getSession } from './lib/session.server';
import { requestLocale } from './lib/locale.server';
import { rootMeta } from './lib/meta';
import styles from './styles/app.css?url';
import type { loader as portalLoader } from './routes/_portal';

export const meta = rootMeta;

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: 'data:,' },
];

/** The language of every page and whether a customer is signed in (for the header). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const [locale, session] = await Promise.all([requestLocale(request, context), getSession(request, context)]);
  return { locale, signedIn: session.has('tokens') };
}

/**
 * The notifications link with the unread badge (from the signed-in layout's loader, kept live there). The
 * count is part of the link's name ("Notificaciones, 3 sin leer"), not only a number on screen.
 */
function NotificationsLink() {
  const t = useT();
  const unread = useRouteLoaderData<typeof portalLoader>('routes/_portal')?.unread ?? 0;
  if (unread === 0) return <NavLink to="/notifications">{t('nav.notifications')}</NavLink>;
  return (
    <NavLink to="/notifications">
      <span aria-hidden="true">
        {t('nav.notifications')} <span className="count-badge">{unread}</span>
      </span>
      <span className="visually-hidden">{t('nav.notificationsUnread', { count: unread })}</span>
    </NavLink>
  );
}

function Header() {
  const t = useT();
  const root = useRouteLoaderData<typeof loader>('root');
  return (
    <header className="site-header">
      <div className="bar">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <LanguageSwitcher />
      </div>
      {root?.signedIn ? (
        <nav aria-label={t('nav.main')} className="nav">
          <NavLink to="/" end>
            {t('nav.home')}
          </NavLink>
          <NavLink to="/quotes">{t('nav.quotes')}</NavLink>
          <NavLink to="/orders">{t('nav.orders')}</NavLink>
          <NotificationsLink />
          <NavLink to="/profile">{t('nav.profile')}</NavLink>
          <NavLink to="/support">{t('nav.support')}</NavLink>
          <Form method="post" action="/sign-out">
            <button type="submit" className="link-button">
              {t('nav.signOut')}
            </button>
          </Form>
        </nav>
      ) : (
        <nav aria-label={t('nav.main')} className="nav">
          <NavLink to="/track">{t('nav.track')}</NavLink>
          <NavLink to="/support">{t('nav.support')}</NavLink>
          <NavLink to="/sign-in">{t('nav.signIn')}</NavLink>
        </nav>
      )}
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const locale = useLocale();
  const t = useT();
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {t('app.skipToContent')}
        </a>
        <Header />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Unexpected failures: a plain message (and the API's error id when there is one), never a stack. */
export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <section className="card">
        <h1>{t('notFound.title')}</h1>
        <p>{t('notFound.body')}</p>
        <Link to="/">{t('notFound.home')}</Link>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>{t('error.title')}</h1>
      <p>{t('error.body')}</p>
    </section>
  );
}
