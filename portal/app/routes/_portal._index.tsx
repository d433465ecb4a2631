import { Link, useRouteLoaderData } from '@remix-run/react';
import { useT, type MessageKey } from '../i18n/i18n';
import type { loader as portalLoader } from './_portal';
import { title } from '../lib/meta';

export const meta = title('nav.home');

/** The sections the next slices of the portal fill in, in the order a customer meets them. */
const comingSections: MessageKey[] = ['home.orders', 'home.tracking', 'home.support'];

export default function Home() {
  const t = useT();
  const layout = useRouteLoaderData<typeof portalLoader>('routes/_portal');
  return (
    <section className="card">
      <h1>{t('home.title', { name: layout?.name ?? '' })}</h1>
      <p>{t('home.intro')}</p>
      <p>
        <Link to="/quotes/new">{t('quotes.new')}</Link> · <Link to="/quotes">{t('home.requests')}</Link> · <Link to="/notifications">{t('home.notifications')}</Link>
      </p>
      <p>
        <Link to="/profile">{t('home.profileLink')}</Link>
      </p>
      <h2>{t('home.sections')}</h2>
      <ul className="sections">
        {comingSections.map((key) => (
          <li key={key}>
            <span>{t(key)}</span> <span className="badge">{t('home.soon')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
