import { NetworkStatus } from '@apollo/client';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import { formatDateTime, formatElapsed } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { refusalOf } from '../../lib/refusal';
import { HeldByLabel } from '../../claims/held-by';
import { useNow } from './use-now';

const PAGE_SIZE = 20;
/** The API's largest page: a live refresh reloads at most this many already-loaded rows. */
const MAX_PAGE = 100;

const ChinaQueue = graphql(`
  query ChinaQueue($search: String, $first: Int!, $after: String) {
    purchaseRequests(filter: { queue: CHINA, search: $search }, order: OLDEST_FIRST, first: $first, after: $after) {
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
 * Retail requests waiting on China, oldest first (a retail request enters the queue when created), with how
 * long each has waited and who is working on it. A request entering or leaving the queue (another agent, a
 * new customer request) or changing hands (claims) reloads the rows already on screen, so the list stays in
 * order without a page reload.
 */
export function QueuePage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const search = params.get('q')?.trim() || null;
  const location = useLocation();
  const sourced = (location.state as { sourced?: string } | null)?.sourced;
  const now = useNow();
  const searchId = useId();
  const [draft, setDraft] = useState(search ?? '');

  // Shown from the cache at once when coming back, and refreshed: it may have changed while no one listened.
  const queue = useQuery(ChinaQueue, { variables: { search, first: PAGE_SIZE }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const loaded = queue.data?.purchaseRequests.edges.length ?? 0;
  useSubscription(ChinaQueueUpdated, {
    onData: () => void queue.refetch({ first: Math.min(MAX_PAGE, Math.max(PAGE_SIZE, loaded + 1)), after: null }),
  });

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    const q = draft.trim();
    setParams(q ? { q } : {});
  };
  const connection = queue.data?.purchaseRequests;

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t('china.queue.title')}</h1>
      <p>{t('china.queue.intro')}</p>
      {sourced ? (
        <p className="notice" role="status">
          {t('china.queue.sourced', { number: sourced })}
        </p>
      ) : null}
      <form className="search" role="search" onSubmit={submitSearch}>
        <label htmlFor={searchId}>{t('china.queue.search')}</label>
        <div className="search-row">
          <input id={searchId} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={100} />
          <button type="submit">{t('china.queue.searchSubmit')}</button>
          {search ? (
            <button
              type="button"
              onClick={() => {
                setDraft('');
                setParams({});
              }}
            >
              {t('china.queue.clearSearch')}
            </button>
          ) : null}
        </div>
      </form>

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
          <p className="count" role="status">
            {t('china.queue.count', { count: connection.totalCount })} · <span className="live">{t('china.queue.live')}</span>
          </p>
          {connection.edges.length === 0 ? (
            <p className="empty">{search ? t('china.queue.emptySearch', { search }) : t('china.queue.empty')}</p>
          ) : (
            <ol className="queue" aria-label={t('china.queue.title')}>
              {connection.edges.map(({ node }) => (
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
