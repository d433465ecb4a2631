import { NetworkStatus } from '@apollo/client';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { PaymentMethod, PaymentOrder, PaymentState } from '../../graphql/generated/graphql';
import { formatDateTime, formatElapsed } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { refusalOf } from '../../lib/refusal';
import { useNow } from '../china/use-now';
import { downloadCsv, toCsv } from '../../lib/csv';
import { TableWrap } from '../../lib/table-wrap';
import { formatMinor } from './money';
import { OrderSelect } from '../../lib/list-controls';

const PAGE_SIZE = 20;
/** The API's largest page: a live refresh reloads at most this many already-loaded rows. */
const MAX_PAGE = 100;
export const paymentMethods: PaymentMethod[] = ['PAGO_MOVIL', 'BANK_TRANSFER', 'ZELLE', 'BINANCE', 'PAYPAL'];
const paymentStates: PaymentState[] = ['SUBMITTED', 'VALIDATED', 'REJECTED'];

const PaymentsQueue = graphql(`
  query PaymentsQueue($filter: PaymentsFilter, $order: PaymentOrder, $first: Int!, $after: String) {
    payments(filter: $filter, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id reference method currency amountMinor creditedUsdMinor state createdAt order { id number customer { fullName code } } } }
    }
  }
`);
const PaymentsQueueUpdated = graphql(`
  subscription PaymentsQueueUpdated { paymentQueueUpdated { cursor payment { id state } } }
`);

/**
 * Customer payments, by default those awaiting validation oldest first; search (reference, order number,
 * customer), filters (method, currency, state) and order live in the URL. Any payment reported or decided
 * (by anyone) reloads the rows on screen, so the list stays right without a page reload.
 */
export function QueuePage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const decided = (location.state as { decided?: string } | null)?.decided;
  const now = useNow();
  const ids = useId();
  const search = params.get('q')?.trim() || null;
  const method = (params.get('method') as PaymentMethod | null) || null;
  const currency = params.get('currency') || null;
  const state = (params.get('state') ?? 'SUBMITTED') as PaymentState | 'ALL';
  const order = (params.get('order') ?? 'OLDEST_FIRST') as PaymentOrder;
  const [draft, setDraft] = useState(search ?? '');

  const filter = { search, method, currency, state: state === 'ALL' ? null : state };
  const queue = useQuery(PaymentsQueue, { variables: { filter, order, first: PAGE_SIZE }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const connection = queue.data?.payments;
  const loaded = connection?.edges.length ?? 0;
  useSubscription(PaymentsQueueUpdated, {
    onData: () => void queue.refetch({ first: Math.min(MAX_PAGE, Math.max(PAGE_SIZE, loaded + 1)), after: null }),
  });

  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    set('q', draft.trim() || null);
  };
  const loadMore = () =>
    void queue.fetchMore({
      variables: { after: connection?.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        payments: { ...fetchMoreResult.payments, edges: [...(previous.payments?.edges ?? []), ...fetchMoreResult.payments.edges] },
      }),
    });
  const exportCsv = () => {
    if (!connection) return;
    const header = [t('payments.col.reported'), t('payments.col.order'), t('payments.col.customer'), t('payments.col.method'), t('payments.col.reference'), t('payments.col.amount'), t('payments.col.currency'), t('payments.col.credits'), t('payments.col.state')];
    const rows = connection.edges.map(({ node }) => [
      node.createdAt, node.order.number, node.order.customer ? `${node.order.customer.fullName} (${node.order.customer.code})` : '', t(`payMethod.${node.method}`),
      node.reference, (node.amountMinor / 100).toFixed(2), node.currency, (node.creditedUsdMinor / 100).toFixed(2), t(`payState.${node.state}`),
    ]);
    downloadCsv('pagos.csv', toCsv(header, rows));
  };

  return (
    <section aria-labelledby="payments-title">
      <h1 id="payments-title">{t('payments.queue.title')}</h1>
      <p>{t('payments.queue.intro')}</p>
      {decided ? (
        <p className="notice" role="status">
          {decided}
        </p>
      ) : null}
      <form className="search" role="search" onSubmit={submitSearch}>
        <label htmlFor={`${ids}-q`}>{t('payments.queue.search')}</label>
        <div className="search-row">
          <input id={`${ids}-q`} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={100} />
          <button type="submit">{t('china.queue.searchSubmit')}</button>
          {search ? (
            <button type="button" onClick={() => (setDraft(''), set('q', null))}>
              {t('china.queue.clearSearch')}
            </button>
          ) : null}
        </div>
      </form>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${ids}-state`}>{t('payments.filter.state')}</label>
          <select id={`${ids}-state`} value={state} onChange={(e) => set('state', e.target.value === 'SUBMITTED' ? null : e.target.value)}>
            {paymentStates.map((s) => (
              <option key={s} value={s}>
                {t(`payState.${s}`)}
              </option>
            ))}
            <option value="ALL">{t('payments.filter.all')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-method`}>{t('payments.filter.method')}</label>
          <select id={`${ids}-method`} value={method ?? ''} onChange={(e) => set('method', e.target.value || null)}>
            <option value="">{t('payments.filter.all')}</option>
            {paymentMethods.map((m) => (
              <option key={m} value={m}>
                {t(`payMethod.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-currency`}>{t('payments.filter.currency')}</label>
          <select id={`${ids}-currency`} value={currency ?? ''} onChange={(e) => set('currency', e.target.value || null)}>
            <option value="">{t('payments.filter.all')}</option>
            <option value="VES">{t('currency.VES')}</option>
            <option value="USD">{t('currency.USD')}</option>
          </select>
        </div>
        <OrderSelect id={`${ids}-order`} value={order} onChange={(value) => set('order', value)} />
      </div>

      {queue.error && !connection ? (
        <div className="problem" role="alert">
          <p>
            {t('payments.queue.error')} {refusalOf(queue.error, t, locale).message}
          </p>
          <button type="button" onClick={() => void queue.refetch()}>
            {t('china.queue.retry')}
          </button>
        </div>
      ) : !connection ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <div className="list-head">
            <p className="count" role="status">
              {t('payments.queue.count', { count: connection.totalCount })} · <span className="live">{t('china.queue.live')}</span>
            </p>
            <button type="button" onClick={exportCsv} disabled={connection.edges.length === 0}>
              {t('list.exportCsv', { count: connection.edges.length })}
            </button>
          </div>
          {connection.edges.length === 0 ? (
            <p className="empty">{search || method || currency ? t('payments.queue.emptyFiltered') : t('payments.queue.empty')}</p>
          ) : (
            <TableWrap label={t('payments.queue.title')}>
              <table className="list">
                <caption className="visually-hidden">{t('payments.queue.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('payments.col.order')}</th>
                    <th scope="col">{t('payments.col.customer')}</th>
                    <th scope="col">{t('payments.col.method')}</th>
                    <th scope="col">{t('payments.col.reference')}</th>
                    <th scope="col" className="num">{t('payments.col.amount')}</th>
                    <th scope="col">{t('payments.col.state')}</th>
                    <th scope="col">{t('payments.col.waiting')}</th>
                  </tr>
                </thead>
                <tbody>
                  {connection.edges.map(({ node }) => (
                    <tr key={node.id}>
                      <td>
                        <Link to={`payment/${node.id}`} aria-label={t('payments.queue.open', { reference: node.reference, number: node.order.number })}>
                          {node.order.number}
                        </Link>
                      </td>
                      <td>{node.order.customer ? `${node.order.customer.fullName} · ${node.order.customer.code}` : '—'}</td>
                      <td>{t(`payMethod.${node.method}`)}</td>
                      <td>{node.reference}</td>
                      <td className="num">{formatMinor(locale, node.amountMinor, node.currency)}</td>
                      <td>
                        <span className={`badge pay-${node.state}`}>{t(`payState.${node.state}`)}</span>
                      </td>
                      <td>
                        <strong>{formatElapsed(locale, now - Date.parse(node.createdAt))}</strong> <span className="since">{t('waiting.since', { date: formatDateTime(locale, node.createdAt) })}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {connection.pageInfo.hasNextPage ? (
            <button type="button" disabled={queue.networkStatus === NetworkStatus.fetchMore} onClick={loadMore}>
              {t('china.queue.loadMore')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
