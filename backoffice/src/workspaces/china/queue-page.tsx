import { Link, useLocation } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { PurchaseRequestOrder } from '../../graphql/generated/graphql';
import { formatDateTime, formatElapsed } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { HeldByLabel } from '../../claims/held-by';
import { ListView, OrderSelect, SearchBox, useLiveReload, usePagedList, useUrlState } from '../../lib/list';
import { useNow } from './use-now';

const ChinaQueue = graphql(`
  query ChinaQueue($search: String, $order: PurchaseRequestOrder!, $first: Int!, $after: String) {
    purchaseRequests(filter: { queue: CHINA, search: $search }, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id number description quantity state queue createdAt heldBy { id displayName } heldSince } }
    }
  }
`);
const ChinaQueueUpdated = graphql(`
  subscription ChinaQueueUpdated { staffQueueUpdated(queue: CHINA) { cursor request { id number state queue heldBy { id displayName } heldSince } } }
`);

/**
 * Retail requests waiting on China, oldest first unless sorted otherwise (a retail request enters the queue
 * when created), with how long each has waited and who is working on it. A request entering or leaving the
 * queue (another agent, a new customer request) or changing hands (claims) reloads the rows already on
 * screen, so the list stays in order without a page reload.
 */
export function QueuePage() {
  const { t, locale } = useI18n();
  const { params, set } = useUrlState();
  const search = params.get('q')?.trim() || null;
  const order: PurchaseRequestOrder = params.get('order') === 'NEWEST_FIRST' ? 'NEWEST_FIRST' : 'OLDEST_FIRST';
  const sourced = (useLocation().state as { sourced?: string } | null)?.sourced;
  const now = useNow();

  const list = usePagedList(ChinaQueue, { search, order }, (d) => d.purchaseRequests);
  useLiveReload(ChinaQueueUpdated, list);

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t('china.queue.title')}</h1>
      <p>{t('china.queue.intro')}</p>
      {sourced ? (
        <p className="notice" role="status">
          {t('china.queue.sourced', { number: sourced })}
        </p>
      ) : null}
      <div className="list-tools">
        <SearchBox label={t('china.queue.search')} value={search} onSearch={(q) => set({ q })} />
        <OrderSelect value={order} onChange={(v) => set({ order: v })} />
      </div>
      <ListView
        list={list}
        live
        count={(count) => t('china.queue.count', { count })}
        empty={search ? t('china.queue.emptySearch', { search }) : t('china.queue.empty')}
        csv={{
          name: 'cola-china.csv',
          header: [t('csv.number'), t('csv.created'), t('csv.state'), t('csv.description'), t('csv.quantity'), t('csv.holder'), t('csv.waitingMinutes')],
          row: (node) => [
            node.number, node.createdAt, t(`state.${node.state}`), node.description, node.quantity, node.heldBy?.displayName ?? '', Math.floor((now - Date.parse(node.createdAt)) / 60_000),
          ],
        }}
      >
        {(nodes) => (
          <ol className="queue" aria-label={t('china.queue.title')}>
            {nodes.map((node) => (
              <li key={node.id} className="queue-item">
                <Link to={`requests/${node.id}`} className="queue-number">
                  {node.number}
                </Link>
                <span className="queue-description">{node.description}</span>
                <span>
                  <span className="label">{t('china.queue.quantity')}: </span>
                  {node.quantity}
                </span>
                <span className={`badge state-${node.state}`}>{t(`state.${node.state}`)}</span>
                <HeldByLabel holder={node} now={now} />
                <span className="waiting">
                  <span className="label">{t('china.queue.waiting')}: </span>
                  <strong>{formatElapsed(locale, now - Date.parse(node.createdAt))}</strong>{' '}
                  <span className="since">{t('waiting.since', { date: formatDateTime(locale, node.createdAt) })}</span>
                </span>
              </li>
            ))}
          </ol>
        )}
      </ListView>
    </section>
  );
}
