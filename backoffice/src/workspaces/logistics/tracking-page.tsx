import { NetworkStatus } from '@apollo/client';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { OrderListOrder, OrderState } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { downloadCsv, toCsv } from '../../lib/csv';
import { TableWrap } from '../../lib/table-wrap';
import { BoxesList } from './boxes-list';
import { LoadMore } from './load-more';
import { nextBoxPhases, nextPhases } from './phases';
import { TrackingForm, type TrackingTarget } from './tracking-form';
import { LoadProblem, OrderSelect, SearchForm } from '../../lib/list-controls';

const PAGE_SIZE = 20;

const Tracked = graphql(`
  query LogisticsTrackedOrders($state: OrderState!, $number: String, $order: OrderListOrder, $first: Int!, $after: String) {
    orders(filter: { state: $state, number: $number }, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id number state stateChangedAt nationalDelivery nextStates packages { id box { id number } } trackingEvents { id phase place occurredAt } } }
    }
  }
`);
const TrackedChanged = graphql(`
  subscription LogisticsTrackedChanged { orderUpdated { cursor order { id state nextStates } } }
`);

/** The phases an order waits in between tracking events (the list's phase filter). */
const phaseFilter: readonly OrderState[] = ['PURCHASED', 'AT_CHINA_WAREHOUSE', 'DEPARTED_CHINA', 'IN_CUSTOMS', 'AT_LOCAL_WAREHOUSE', 'OUT_FOR_DELIVERY', 'READY_FOR_PICKUP', 'DELIVERED'];

/**
 * Tracking entry (China and Venezuela agents): a phase for a whole box (every order in it) or for one order,
 * with place, note and photos, through arrival and delivery. Boxes above, orders by phase below; both follow
 * order changes live.
 */
export function TrackingPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const ids = useId();
  const number = params.get('q')?.trim() || null;
  const stateParam = params.get('state') as OrderState | null;
  const state: OrderState = stateParam && phaseFilter.includes(stateParam) ? stateParam : 'PURCHASED';
  const order = (params.get('order') ?? 'OLDEST_FIRST') as OrderListOrder;
  const [draft, setDraft] = useState(number ?? '');
  const [target, setTarget] = useState<TrackingTarget | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const list = useQuery(Tracked, { variables: { state, number, order, first: PAGE_SIZE }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const connection = list.data?.orders;
  useSubscription(TrackedChanged, { onData: () => void list.refetch({ first: Math.min(100, Math.max(PAGE_SIZE, (connection?.edges.length ?? 0) + 1)), after: null }) });
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const exportCsv = () => {
    if (!connection) return;
    const header = [t('logistics.col.order'), t('logistics.col.phase'), t('logistics.tracking.since'), t('logistics.col.box'), t('logistics.tracking.lastPlace')];
    downloadCsv('seguimiento.csv', toCsv(header, connection.edges.map(({ node }) => [
      node.number, t(`orderState.${node.state}`), node.stateChangedAt, boxesOf(node).join(' / '), node.trackingEvents.at(-1)?.place ?? null,
    ])));
  };
  const open = (next: TrackingTarget) => {
    setDone(null);
    setTarget(next);
    // The form opens below the lists: bring it into view for the keyboard and the tablet.
    requestAnimationFrame(() => document.getElementById('tracking-form')?.querySelector('select')?.focus());
  };

  return (
    <section aria-labelledby="tracking-title">
      <h1 id="tracking-title">{t('logistics.tracking.title')}</h1>
      <p>{t('logistics.tracking.intro')}</p>
      {done ? <p className="notice" role="status">{done}</p> : null}
      <div id="tracking-form" className="form-slot">
        {target ? (
          <TrackingForm
            key={`${target.kind}-${target.id}`}
            target={target}
            onDone={(message) => {
              setTarget(null);
              setDone(message);
              void list.refetch();
            }}
            onCancel={() => setTarget(null)}
          />
        ) : null}
      </div>
      <BoxesList
        action={(box) => {
          const phases = nextBoxPhases(box.orders ?? []);
          return phases.length === 0 ? (
            t('logistics.tracking.nothingNext')
          ) : (
            <button type="button" onClick={() => open({ kind: 'box', id: box.id, number: box.number, phases })} aria-label={t('logistics.tracking.recordForBox', { number: box.number })}>
              {t('logistics.tracking.record')}
            </button>
          );
        }}
      />
      <section aria-labelledby={`${ids}-orders`}>
        <h2 id={`${ids}-orders`}>{t('logistics.tracking.ordersTitle')}</h2>
        <SearchForm id={`${ids}-q`} label={t('logistics.search.order')} draft={draft} setDraft={setDraft} maxLength={40} onSearch={(text) => set('q', text)} />
        <div className="filters">
          <div className="field">
            <label htmlFor={`${ids}-state`}>{t('logistics.filter.phase')}</label>
            <select id={`${ids}-state`} value={state} onChange={(e) => set('state', e.target.value === 'PURCHASED' ? null : e.target.value)}>
              {phaseFilter.map((s) => (
                <option key={s} value={s}>{t(`orderState.${s}`)}</option>
              ))}
            </select>
          </div>
          <OrderSelect id={`${ids}-order`} value={order} onChange={(value) => set('order', value)} />
        </div>
        {list.error && !connection ? (
          <LoadProblem error={list.error} retry={() => void list.refetch()} />
        ) : !connection ? (
          <p role="status">{t('app.loading')}</p>
        ) : (
          <>
            <div className="list-head">
              <p className="count" role="status">
                {t('logistics.orders.count', { count: connection.totalCount })} · <span className="live">{t('china.queue.live')}</span>
              </p>
              <button type="button" onClick={exportCsv} disabled={connection.edges.length === 0}>
                {t('list.exportCsv', { count: connection.edges.length })}
              </button>
            </div>
            {connection.edges.length === 0 ? (
              <p className="empty">{number ? t('logistics.emptyFiltered') : t('logistics.tracking.empty')}</p>
            ) : (
              <TableWrap label={t('logistics.tracking.ordersTitle')}>
                <table className="list">
                  <caption className="visually-hidden">{t('logistics.tracking.ordersTitle')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('logistics.col.order')}</th>
                      <th scope="col">{t('logistics.col.phase')}</th>
                      <th scope="col">{t('logistics.col.box')}</th>
                      <th scope="col">{t('logistics.tracking.lastPlace')}</th>
                      <th scope="col">{t('logistics.col.action')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {connection.edges.map(({ node }) => {
                      const phases = nextPhases(node);
                      const last = node.trackingEvents.at(-1);
                      return (
                        <tr key={node.id}>
                          <th scope="row">{node.number}</th>
                          <td>{`${t(`orderState.${node.state}`)} · ${formatDateTime(locale, node.stateChangedAt)}`}</td>
                          <td>{boxesOf(node).join(', ') || '—'}</td>
                          <td>{last ? last.place : '—'}</td>
                          <td>
                            {phases.length === 0 ? (
                              t('logistics.tracking.nothingNext')
                            ) : (
                              <button type="button" onClick={() => open({ kind: 'order', id: node.id, number: node.number, phases })} aria-label={t('logistics.tracking.recordForOrder', { number: node.number })}>
                                {t('logistics.tracking.record')}
                              </button>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
            )}
            <LoadMore
              hasNextPage={connection.pageInfo.hasNextPage}
              loading={list.networkStatus === NetworkStatus.fetchMore}
              onMore={() =>
                void list.fetchMore({
                  variables: { after: connection.pageInfo.endCursor },
                  updateQuery: (prev, { fetchMoreResult }) => ({ orders: { ...fetchMoreResult.orders, edges: [...(prev.orders?.edges ?? []), ...fetchMoreResult.orders.edges] } }),
                })
              }
            />
          </>
        )}
      </section>
    </section>
  );
}

/** The distinct box numbers an order's packages travel in. */
function boxesOf(order: { packages: { box?: { number: string } | null }[] }): string[] {
  return [...new Set(order.packages.flatMap((p) => (p.box ? [p.box.number] : [])))];
}
