import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AllowanceNote } from '../components/allowance';
import { MyPurchaseRequests } from '../graphql/quotes.server';
import { formatDate } from '../i18n/format';
import { useLocale, useT } from '../i18n/i18n';
import { ApiUnavailable } from '../lib/api.server';
import { title } from '../lib/meta';
import { page } from '../lib/page.server';
import { useLiveRefresh } from '../live/use-live-refresh';

export const meta = title('quotes.title');

/** My requests (newest first, 20 a page, `?after=` for the next) and the monthly allowance, in one round trip. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const after = new URL(request.url).searchParams.get('after');
  const answer = await api.asCustomer(MyPurchaseRequests, { after });
  if (answer.refusal?.code === 'BAD_USER_INPUT') throw new Response('Bad cursor', { status: 404 });
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  const { myPurchaseRequests, myQuoteAllowance } = answer.data;
  return data(
    { requests: myPurchaseRequests.edges.map((e) => e.node), totalCount: myPurchaseRequests.totalCount, pageInfo: myPurchaseRequests.pageInfo, allowance: myQuoteAllowance },
    { headers: await api.headers() },
  );
}

export default function MyRequestsPage() {
  const t = useT();
  const locale = useLocale();
  const { requests, totalCount, pageInfo, allowance } = useLoaderData<typeof loader>();
  useLiveRefresh({ quote: null });
  return (
    <section className="card">
      <h1>{t('quotes.title')}</h1>
      <AllowanceNote allowance={allowance} />
      <p>
        <Link to="/quotes/new" className="button link-as-button">
          {t('quotes.new')}
        </Link>
      </p>
      {requests.length === 0 ? (
        <p>{t('quotes.empty')}</p>
      ) : (
        <>
          <p className="hint">{t('quotes.count', { count: totalCount })}</p>
          <ul className="request-list">
            {requests.map((r) => (
              <li key={r.id}>
                <Link to={`/quotes/${r.id}`}>
                  <span className="request-number">{r.number}</span> · {r.description}
                </Link>
                <p>
                  <span className={`state state-${r.state.toLowerCase()}`}>{t(`quoteState.${r.state}`)}</span>
                </p>
                <p className="hint">
                  {r.state === 'QUOTED' && r.responseDeadline ? t('quotes.answerBy', { date: formatDate(locale, r.responseDeadline) }) : t('quotes.requested', { date: formatDate(locale, r.createdAt) })}
                </p>
              </li>
            ))}
          </ul>
          {pageInfo.hasNextPage && pageInfo.endCursor ? (
            <p>
              <Link to={`/quotes?after=${encodeURIComponent(pageInfo.endCursor)}`}>{t('quotes.more')}</Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
