import { NetworkStatus } from '@apollo/client';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { PurchaseRequestOrder, PurchaseRequestState } from '../../graphql/generated/graphql';
import { formatDateTime, formatElapsed } from '../../i18n/format';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { refusalOf } from '../../lib/refusal';
import { useNow } from '../china/use-now';
import { downloadCsv, toCsv } from '../../lib/csv';

const PAGE_SIZE = 20;
/** The API's largest page: a live refresh reloads at most this many already-loaded rows. */
const MAX_PAGE = 100;

const PricingQueue = graphql(`
  query VenezuelaQueue($state: PurchaseRequestState, $search: String, $order: PurchaseRequestOrder!, $first: Int!, $after: String) {
    purchaseRequests(filter: { queue: VENEZUELA, state: $state, search: $search }, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id number description quantity state queue purchaseType shippingMethods createdAt stateChangedAt lastCustomerNote modificationsUsed
          customer { id fullName code }
        }
      }
    }
  }
`);
const PricingQueueUpdated = graphql(`
  subscription VenezuelaQueueUpdated { staffQueueUpdated(queue: VENEZUELA) { cursor request { id number state queue } } }
`);

/** The queue's tabs: everything waiting on Venezuela, or one kind of work (a state of the VENEZUELA queue). */
const views = {
  all: { state: null, label: 'venezuela.queue.viewAll' },
  pricing: { state: 'PRICING', label: 'venezuela.queue.viewPricing' },
  wholesale: { state: 'SUBMITTED', label: 'venezuela.queue.viewWholesale' },
  modifications: { state: 'MODIFICATION_REQUESTED', label: 'venezuela.queue.viewModifications' },
} as const satisfies Record<string, { state: PurchaseRequestState | null; label: MessageKey }>;
type View = keyof typeof views;
const isView = (v: string | null): v is View => v !== null && v in views;

/**
 * Requests waiting on a Venezuela agent, oldest first by default: retail ones sourced by China (PRICING),
 * wholesale ones to source and price (SUBMITTED), and quotes the customer asked to change (with their note).
 * The waiting time counts from when the request entered its current state. A request entering or leaving the
 * queue reloads the rows on screen. CSV export: the rows loaded on screen (load more first for more).
 */
export function PricingQueuePage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const search = params.get('q')?.trim() || null;
  const viewParam = params.get('view');
  const view: View = isView(viewParam) ? viewParam : 'all';
  const order: PurchaseRequestOrder = params.get('order') === 'NEWEST_FIRST' ? 'NEWEST_FIRST' : 'OLDEST_FIRST';
  // Back from sending a quote, or from sourcing a wholesale request (the shared sourcing form says `sourced`).
  const { sent, sourced } = (useLocation().state as { sent?: string; sourced?: string } | null) ?? {};
  const now = useNow();
  const searchId = useId();
  const orderId = useId();
  const [draft, setDraft] = useState(search ?? '');

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  const variables = { state: views[view].state, search, order, first: PAGE_SIZE };
  const queue = useQuery(PricingQueue, { variables, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const loaded = queue.data?.purchaseRequests.edges.length ?? 0;
  useSubscription(PricingQueueUpdated, {
    onData: () => void queue.refetch({ first: Math.min(MAX_PAGE, Math.max(PAGE_SIZE, loaded + 1)), after: null }),
  });

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: draft.trim() || null });
  };
  const connection = queue.data?.purchaseRequests;

  const exportCsv = () => {
    if (!connection) return;
    const rows = connection.edges.map(({ node }) => [
      node.number,
      formatDateTime(locale, node.createdAt),
      t(`state.${node.state}`),
      t(`venezuela.type.${node.purchaseType}`),
      node.customer ? `${node.customer.fullName} (${node.customer.code})` : '',
      node.description,
      node.quantity,
      node.shippingMethods.map((m) => t(`method.${m}`)).join(' / '),
      Math.floor((now - Date.parse(node.stateChangedAt)) / 60_000),
      node.state === 'MODIFICATION_REQUESTED' ? (node.lastCustomerNote ?? '') : '',
    ]);
    const header = (['venezuela.csv.number', 'venezuela.csv.created', 'venezuela.csv.state', 'venezuela.csv.type', 'venezuela.csv.customer', 'venezuela.csv.description', 'venezuela.csv.quantity', 'venezuela.csv.methods', 'venezuela.csv.waitingMinutes', 'venezuela.csv.note'] as const).map((k) => t(k));
    downloadCsv(`cola-venezuela-${view}.csv`, toCsv(header, rows));
  };

  return (
    <section aria-labelledby="vz-queue-title">
      <h1 id="vz-queue-title">{t('venezuela.queue.title')}</h1>
      <p>{t('venezuela.queue.intro')}</p>
      {sent || sourced ? (
        <p className="notice" role="status">
          {sent ? t('venezuela.queue.sent', { number: sent }) : t('china.queue.sourced', { number: sourced ?? '' })}
        </p>
      ) : null}
      <nav aria-label={t('venezuela.queue.views')}>
        <ul className="tabs">
          {(Object.keys(views) as View[]).map((v) => (
            <li key={v}>
              <Link to={{ search: new URLSearchParams({ ...Object.fromEntries(params), view: v }).toString() }} aria-current={v === view ? 'page' : undefined} className={v === view ? 'tab active' : 'tab'}>
                {t(views[v].label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="list-tools">
        <form className="search" role="search" onSubmit={submitSearch}>
          <label htmlFor={searchId}>{t('venezuela.queue.search')}</label>
          <div className="search-row">
            <input id={searchId} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={100} />
            <button type="submit">{t('china.queue.searchSubmit')}</button>
            {search ? (
              <button
                type="button"
                onClick={() => {
                  setDraft('');
                  update({ q: null });
                }}
              >
                {t('china.queue.clearSearch')}
              </button>
            ) : null}
          </div>
        </form>
        <div className="field sort">
          <label htmlFor={orderId}>{t('venezuela.queue.order')}</label>
          <select id={orderId} value={order} onChange={(e) => update({ order: e.target.value === 'NEWEST_FIRST' ? 'NEWEST_FIRST' : null })}>
            <option value="OLDEST_FIRST">{t('venezuela.queue.oldestFirst')}</option>
            <option value="NEWEST_FIRST">{t('venezuela.queue.newestFirst')}</option>
          </select>
        </div>
      </div>

      {queue.error && !connection ? (
        <div className="problem" role="alert">
          <p>
            {t('china.queue.error')} {refusalOf(queue.error, t, locale).message}
          </p>
          <button type="button" onClick={() => void queue.refetch()}>
            {t('china.queue.retry')}
          </button>
        </div>
      ) : !connection ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <div className="count-row">
            <p className="count" role="status">
              {t('venezuela.queue.count', { count: connection.totalCount, loaded: connection.edges.length })} · <span className="live">{t('china.queue.live')}</span>
            </p>
            <button type="button" onClick={exportCsv} disabled={connection.edges.length === 0}>
              {t('venezuela.queue.exportCsv')}
            </button>
          </div>
          {connection.edges.length === 0 ? (
            <p className="empty">{search ? t('china.queue.emptySearch', { search }) : t('venezuela.queue.empty')}</p>
          ) : (
            <ol className="queue" aria-label={t('venezuela.queue.title')}>
              {connection.edges.map(({ node }) => (
                <li key={node.id} className="queue-item vz-item">
                  <Link to={`requests/${node.id}`} className="queue-number">
                    {node.number}
                  </Link>
                  <span className="queue-description">
                    {node.description}
                    {node.customer ? <span className="since"> · {node.customer.fullName} ({node.customer.code})</span> : null}
                  </span>
                  <span className="badge">{t(`venezuela.type.${node.purchaseType}`)}</span>
                  <span className={`badge state-${node.state}`}>{t(`state.${node.state}`)}</span>
                  <span className="waiting">
                    <span className="label">{t('china.queue.waiting')}: </span>
                    <strong>{formatElapsed(locale, now - Date.parse(node.stateChangedAt))}</strong>{' '}
                    <span className="since">{t('waiting.since', { date: formatDateTime(locale, node.stateChangedAt) })}</span>
                  </span>
                  {node.state === 'MODIFICATION_REQUESTED' && node.lastCustomerNote ? (
                    <p className="customer-note">
                      <strong>{t('venezuela.queue.customerNote', { used: node.modificationsUsed })}</strong> «{node.lastCustomerNote}»
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
          {connection.pageInfo.hasNextPage ? (
            <button
              type="button"
              disabled={queue.networkStatus === NetworkStatus.fetchMore}
              onClick={() => void queue.fetchMore({ variables: { after: connection.pageInfo.endCursor } })}
            >
              {t('china.queue.loadMore')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
