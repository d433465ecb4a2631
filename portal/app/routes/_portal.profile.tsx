import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Profile } from '../graphql/account.server';
import { formatDate } from '../i18n/format';
import { useLocale, useT } from '../i18n/i18n';
import { ApiUnavailable } from '../lib/api.server';
import { page } from '../lib/page.server';
import { title } from '../lib/meta';

export const meta = title('profile.title');

/** `me` and `myCustomer` in one round trip: contact data and the customer code for support. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const answer = await api.asCustomer(Profile, {});
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  const { me, myCustomer } = answer.data;
  if (!myCustomer) throw new Response('Not a customer', { status: 404 });
  return data({ username: me.username ?? null, customer: myCustomer }, { headers: await api.headers() });
}

export default function ProfilePage() {
  const t = useT();
  const locale = useLocale();
  const { username, customer } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>{t('profile.title')}</h1>
      <div className="customer-code">
        <p>{t('profile.code')}</p>
        <p className="code">{customer.code}</p>
        <p className="hint">{t('profile.codeHelp')}</p>
      </div>
      <dl className="details">
        <dt>{t('profile.fullName')}</dt>
        <dd>{customer.fullName}</dd>
        <dt>{t('profile.username')}</dt>
        <dd>{username ?? t('profile.none')}</dd>
        <dt>{t('profile.email')}</dt>
        <dd>{customer.email ?? t('profile.none')}</dd>
        <dt>{t('profile.phone')}</dt>
        <dd>
          {customer.phone}
          {customer.phoneVerifiedAt ? <span className="hint"> · {t('profile.phoneVerified', { date: formatDate(locale, customer.phoneVerifiedAt) })}</span> : null}
        </dd>
        <dt>{t('profile.since')}</dt>
        <dd>{formatDate(locale, customer.createdAt)}</dd>
      </dl>
    </section>
  );
}
