import { useId, useState } from 'react';
import { graphql } from '../../graphql/generated';
import type { OrderState } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ListView, useLiveReload, usePagedList } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';
import { BoxesList } from './boxes-list';
import { nextBoxPhases, nextPhases } from './phases';
import { TrackingForm, type TrackingTarget } from './tracking-form';
import { useOrderFilters } from './order-filters';

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
  const ids = useId();
  const { number, state, order, controls } = useOrderFilters(phaseFilter);
  const [target, setTarget] = useState<TrackingTarget | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const list = usePagedList(Tracked, { state, number, order }, (d) => d.orders);
  useLiveReload(TrackedChanged, list);
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
              list.reload();
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
        {controls}
        <ListView
          list={list}
          live
          count={(count) => t('logistics.orders.count', { count })}
          empty={number ? t('list.emptyFiltered') : t('logistics.tracking.empty')}
          csv={{
            name: 'seguimiento.csv',
            header: [t('logistics.col.order'), t('logistics.col.phase'), t('logistics.tracking.since'), t('logistics.col.box'), t('logistics.tracking.lastPlace')],
            row: (node) => [node.number, t(`orderState.${node.state}`), node.stateChangedAt, boxesOf(node).join(' / '), node.trackingEvents.at(-1)?.place ?? null],
          }}
        >
          {(nodes) => (
            <DataTable label={t('logistics.tracking.ordersTitle')} columns={[t('logistics.col.order'), t('logistics.col.phase'), t('logistics.col.box'), t('logistics.tracking.lastPlace'), t('logistics.col.action')]}>
              {nodes.map((node) => {
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
            </DataTable>
          )}
        </ListView>
      </section>
    </section>
  );
}

/** The distinct box numbers an order's packages travel in. */
function boxesOf(order: { packages: { box?: { number: string } | null }[] }): string[] {
  return [...new Set(order.packages.flatMap((p) => (p.box ? [p.box.number] : [])))];
}
