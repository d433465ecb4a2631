import { Link, useRouteLoaderData } from '@remix-run/react';
import { useT, type MessageKey } from '../i18n/i18n';
import type { loader as portalLoader } from './_portal';
import { title } from '../lib/meta';

export const meta = title('nav.home');

/** Everything a customer can do, in the order they meet it (DESIGN: the quote-to-delivery flow). */
const sections: { to: string; label: MessageKey; hint: MessageKey }[] = [
  { to: '/quotes/new', label: 'quotes.new', hint: 'home.newHint' },
  { to: '/quotes', label: 'home.requests', hint: 'home.requestsHint' },
  { to: '/orders', label: 'home.orders', hint: 'home.ordersHint' },
  { to: '/notifications', label: 'home.notifications', hint: 'home.notificationsHint' },
  { to: '/track', label: 'home.tracking', hint: 'home.trackingHint' },
  { to: '/support', label: 'home.support', hint: 'home.supportHint' },
  { to: '/profile', label: 'home.profileLink', hint: 'home.profileHint' },
];

export default function Home() {
  const t = useT();
  const layout = useRouteLoaderData<typeof portalLoader>('routes/_portal');
  return (
    <section className="card">
      <h1>{t('home.title', { name: layout?.name ?? '' })}</h1>
      <p>{t('home.intro')}</p>
      <ul className="sections">
        {sections.map((section) => (
          <li key={section.to}>
            <Link to={section.to}>{t(section.label)}</Link>
            <span className="hint"> — {t(section.hint)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
