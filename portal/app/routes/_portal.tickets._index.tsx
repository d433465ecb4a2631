import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { MyTickets } from '../graphql/tickets.server';
import { formatDate } from '../i18n/format';
import { useLocale, useT } from '../i18n/i18n';
import { ApiUnavailable } from '../lib/api.server';
import { title } from '../lib/meta';
import { page } from '../lib/page.server';
import { useLiveRefresh } from '../live/use-live-refresh';

export const meta = title('tickets.title');

/** My support tickets, newest first, 20 a page (`?after=` for the next). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const after = new URL(request.url).searchParams.get('after');
  const answer = await api.asCustomer(MyTickets, { after });
  if (answer.refusal?.code === 'BAD_USER_INPUT') throw new Response('Bad cursor', { status: 404 });
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  const { myTickets } = answer.data;
  return data({ tickets: myTickets.edges.map((e) => e.node), totalCount: myTickets.totalCount, pageInfo: myTickets.pageInfo }, { headers: await api.headers() });
}

export default function MyTicketsPage() {
  const t = useT();
  const locale = useLocale();
  const { tickets, totalCount, pageInfo } = useLoaderData<typeof loader>();
  useLiveRefresh({ ticket: null });
  return (
    <section className="card">
      <h1>{t('tickets.title')}</h1>
      <p>
        <Link to="/tickets/new" className="button link-as-button">
          {t('tickets.new')}
        </Link>{' '}
        <Link to="/faq">{t('faq.title')}</Link>
      </p>
      {tickets.length === 0 ? (
        <p>{t('tickets.empty')}</p>
      ) : (
        <>
          <p className="hint">{t('tickets.count', { count: totalCount })}</p>
          <ul className="request-list">
            {tickets.map((ticket) => (
              <li key={ticket.id}>
                <Link to={`/tickets/${ticket.id}`}>
                  <span className="request-number">{ticket.number}</span> · {ticket.subject}
                </Link>
                <p>
                  <span className={`state state-${ticket.state.toLowerCase()}`}>{t(`ticketState.${ticket.state}`)}</span> · {t(`ticketCategory.${ticket.category}`)}
                </p>
                <p className="hint">{t('tickets.updated', { date: formatDate(locale, ticket.lastActivityAt) })}</p>
              </li>
            ))}
          </ul>
          {pageInfo.hasNextPage && pageInfo.endCursor ? (
            <p>
              <Link to={`/tickets?after=${encodeURIComponent(pageInfo.endCursor)}`}>{t('tickets.more')}</Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
