import { Link, useLocation } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { PurchaseRequestOrder, PurchaseRequestState } from '../../graphql/generated/graphql';
import { formatDateTime, formatElapsed } from '../../i18n/format';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { HeldByLabel } from '../../claims/held-by';
import { ListView, OrderSelect, SearchBox, useLiveReload, usePagedList, useUrlState } from '../../lib/list';
import { useNow } from '../china/use-now';

const PricingQueue = graphql(`
  query VenezuelaQueue($state: PurchaseRequestState, $search: String, $order: PurchaseRequestOrder!, $first: Int!, $after: String) {
    purchaseRequests(filter: { queue: VENEZUELA, state: $state, search: $search }, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id number description quantity state queue purchaseType shippingMethods createdAt stateChangedAt lastCustomerNote modificationsUsed
          heldBy { id displayName } heldSince
          customer { id fullName code }
        }
      }
    }
  }
`);
const PricingQueueUpdated = graphql(`
  subscription VenezuelaQueueUpdated { staffQueueUpdated(queue: VENEZUELA) { cursor request { id number state queue heldBy { id displayName } heldSince } } }
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
 * wholesale ones to source and price (SUBMITTED), and quotes the customer asked to change (with their note),
 * each with who is working on it. The waiting time counts from when the request entered its current state. A
 * request entering or leaving the queue, or changing hands, reloads the rows on screen.
 */
export function PricingQueuePage() {
  const { t, locale } = useI18n();
  const { params, set } = useUrlState();
  const search = params.get('q')?.trim() || null;
  const viewParam = params.get('view');
  const view: View = isView(viewParam) ? viewParam : 'all';
  const order: PurchaseRequestOrder = params.get('order') === 'NEWEST_FIRST' ? 'NEWEST_FIRST' : 'OLDEST_FIRST';
  // Back from sending a quote, or from sourcing a wholesale request (the shared sourcing form says `sourced`).
  const { sent, sourced } = (useLocation().state as { sent?: string; sourced?: string } | null) ?? {};
  const now = useNow();

  const list = usePagedList(PricingQueue, { state: views[view].state, search, order }, (d) => d.purchaseRequests);
  useLiveReload(PricingQueueUpdated, list);

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
        <SearchBox label={t('venezuela.queue.search')} value={search} onSearch={(q) => set({ q })} />
        <OrderSelect value={order} onChange={(v) => set({ order: v })} />
      </div>
      <ListView
        list={list}
        live
        count={(count, loaded) => t('venezuela.queue.count', { count, loaded })}
        empty={search ? t('china.queue.emptySearch', { search }) : t('venezuela.queue.empty')}
        csv={{
          name: `cola-venezuela-${view}.csv`,
          header: (['csv.number', 'csv.created', 'csv.state', 'csv.type', 'csv.customer', 'csv.description', 'csv.quantity', 'csv.methods', 'csv.holder', 'csv.waitingMinutes', 'csv.note'] as const).map((k) => t(k)),
          row: (node) => [
            node.number,
            formatDateTime(locale, node.createdAt),
            t(`state.${node.state}`),
            t(`venezuela.type.${node.purchaseType}`),
            node.customer ? `${node.customer.fullName} (${node.customer.code})` : '',
            node.description,
            node.quantity,
            node.shippingMethods.map((m) => t(`method.${m}`)).join(' / '),
            node.heldBy?.displayName ?? '',
            Math.floor((now - Date.parse(node.stateChangedAt)) / 60_000),
            node.state === 'MODIFICATION_REQUESTED' ? (node.lastCustomerNote ?? '') : '',
          ],
        }}
      >
        {(nodes) => (
          <ol className="queue" aria-label={t('venezuela.queue.title')}>
            {nodes.map((node) => (
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
                <HeldByLabel holder={node} now={now} />
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
      </ListView>
    </section>
  );
}
