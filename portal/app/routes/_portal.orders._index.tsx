import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { MyOrders } from '../graphql/orders.server';
import { formatDate, formatMoney } from '../i18n/format';
import { useLocale, useT } from '../i18n/i18n';
import { ApiUnavailable } from '../lib/api.server';
import { title } from '../lib/meta';
import { page } from '../lib/page.server';
import { useLiveRefresh } from '../live/use-live-refresh';

export const meta = title('orders.title');

/** States in which the order still waits for money, so the list says by when. */
const payable = new Set(['PENDING_PAYMENT', 'PARTIALLY_PAID']);

/** My orders (newest first, 20 a page, `?after=` for the next), in one round trip. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const after = new URL(request.url).searchParams.get('after');
  const answer = await api.asCustomer(MyOrders, { after });
  if (answer.refusal?.code === 'BAD_USER_INPUT') throw new Response('Bad cursor', { status: 404 });
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  const { myOrders } = answer.data;
  return data({ orders: myOrders.edges.map((e) => e.node), totalCount: myOrders.totalCount, pageInfo: myOrders.pageInfo }, { headers: await api.headers() });
}

export default function MyOrdersPage() {
  const t = useT();
  const locale = useLocale();
  const { orders, totalCount, pageInfo } = useLoaderData<typeof loader>();
  useLiveRefresh({ order: null });
  return (
    <section className="card">
      <h1>{t('orders.title')}</h1>
      {orders.length === 0 ? (
        <>
          <p>{t('orders.empty')}</p>
          <p>
            <Link to="/quotes">{t('orders.quotesLink')}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="hint">{t('orders.count', { count: totalCount })}</p>
          <ul className="request-list">
            {orders.map((o) => (
              <li key={o.id}>
                <Link to={`/orders/${o.id}`}>
                  <span className="request-number">{o.number}</span> · {o.request.description}
                </Link>
                <p>
                  <span className={`state state-${o.state.toLowerCase()}`}>{t(`orderState.${o.state}`)}</span>
                </p>
                <p>
                  {t('orders.total', { amount: formatMoney(locale, o.totalUsdMinor, 'USD') })}
                  {payable.has(o.state) ? <> · {t('orders.outstanding', { amount: formatMoney(locale, o.outstandingUsdMinor, 'USD') })}</> : null}
                </p>
                <p className="hint">{payable.has(o.state) ? t('orders.payBy', { date: formatDate(locale, o.paymentDeadline) }) : t('orders.placed', { date: formatDate(locale, o.createdAt) })}</p>
              </li>
            ))}
          </ul>
          {pageInfo.hasNextPage && pageInfo.endCursor ? (
            <p>
              <Link to={`/orders?after=${encodeURIComponent(pageInfo.endCursor)}`}>{t('orders.more')}</Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
