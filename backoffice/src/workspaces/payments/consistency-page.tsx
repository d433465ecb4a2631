import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../../graphql/generated';
import type { WaitingListOrder } from '../../graphql/generated/graphql';
import { formatDateTime, formatElapsed } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ListView, SearchBox, UrlSelect, usePagedList, useUrlState } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';
import { useNow } from '../china/use-now';

/** A paid order normally reaches the next step within a few days (supplier payment, then the warehouse). */
const DEFAULT_DAYS = 3;

const Stalled = graphql(`
  query ValidatorStalledOrders($days: Int!, $search: String, $order: WaitingListOrder, $first: Int!, $after: String) {
    stalledOrders(days: $days, search: $search, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id number state stateChangedAt customer { fullName code } supplierPayment { id registeredAt confirmedAt } } }
    }
  }
`);
const Quiet = graphql(`
  query ValidatorQuietBoxes($days: Int!, $search: String, $order: WaitingListOrder, $first: Int!, $after: String) {
    quietBoxes(days: $days, search: $search, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { box { id number createdAt } lastEventAt quietSince orderNumbers } }
    }
  }
`);

/**
 * The consistency view: paid orders not moving and boxes without tracking events for N days (N in the URL,
 * 1–365), longest waiting first unless sorted otherwise; one search (order or box number, customer) for both.
 */
export function ConsistencyPage() {
  const { t, locale } = useI18n();
  const { params, set } = useUrlState();
  const ids = useId();
  const now = useNow();
  const asked = Number(params.get('days'));
  const days = Number.isInteger(asked) && asked >= 1 && asked <= 365 ? asked : DEFAULT_DAYS;
  const [draft, setDraft] = useState(String(days));
  const [draftError, setDraftError] = useState<string | null>(null);
  const search = params.get('q')?.trim() || null;
  const order: WaitingListOrder = params.get('order') === 'MOST_RECENT_FIRST' ? 'MOST_RECENT_FIRST' : 'LONGEST_WAITING_FIRST';
  const stalled = usePagedList(Stalled, { days, search, order }, (d) => d.stalledOrders);
  const quiet = usePagedList(Quiet, { days, search, order }, (d) => d.quietBoxes);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const n = Number(draft.trim());
    if (!/^\d{1,3}$/.test(draft.trim()) || n < 1 || n > 365) {
      setDraftError(t('payments.consistency.daysInvalid'));
      return;
    }
    setDraftError(null);
    set({ days: n === DEFAULT_DAYS ? null : String(n) });
  };

  return (
    <section aria-labelledby="consistency-title">
      <h1 id="consistency-title">{t('payments.consistency.title')}</h1>
      <p>{t('payments.consistency.intro')}</p>
      <form className="search" onSubmit={submit} noValidate>
        <label htmlFor={`${ids}-days`}>{t('payments.consistency.days')}</label>
        <div className="search-row">
          <input
            id={`${ids}-days`}
            inputMode="numeric"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            aria-invalid={draftError ? true : undefined}
            aria-describedby={draftError ? `${ids}-days-error` : undefined}
          />
          <button type="submit">{t('payments.consistency.apply')}</button>
        </div>
        {draftError ? (
          <p id={`${ids}-days-error`} className="field-error">
            {draftError}
          </p>
        ) : null}
      </form>
      <div className="list-tools">
        <SearchBox label={t('payments.consistency.search')} value={search} onSearch={(q) => set({ q })} />
        <UrlSelect
          label={t('list.order')}
          value={order}
          choices={[
            ['LONGEST_WAITING_FIRST', t('list.order.LONGEST_WAITING_FIRST')],
            ['MOST_RECENT_FIRST', t('list.order.MOST_RECENT_FIRST')],
          ]}
          onChange={(v) => set({ order: v })}
        />
      </div>

      <h2>{t('payments.consistency.ordersTitle', { days })}</h2>
      <ListView
        list={stalled}
        count={(count) => t('payments.consistency.ordersCount', { count })}
        empty={t('payments.consistency.ordersEmpty', { days })}
        csv={{
          name: 'ordenes-detenidas.csv',
          header: [t('payments.col.order'), t('payments.col.state'), t('payments.consistency.since'), t('payments.col.customer')],
          row: (node) => [node.number, t(`orderState.${node.state}`), node.stateChangedAt, node.customer ? `${node.customer.fullName} (${node.customer.code})` : ''],
        }}
      >
        {(nodes) => (
          <DataTable label={t('payments.consistency.ordersTitle', { days })} columns={[t('payments.col.order'), t('payments.col.state'), t('payments.consistency.stillFor'), t('payments.col.customer'), t('payments.consistency.next')]}>
            {nodes.map((node) => (
              <tr key={node.id}>
                <th scope="row">{node.number}</th>
                <td>{t(`orderState.${node.state}`)}</td>
                <td>
                  <strong>{formatElapsed(locale, now - Date.parse(node.stateChangedAt))}</strong> <span className="since">{t('waiting.since', { date: formatDateTime(locale, node.stateChangedAt) })}</span>
                </td>
                <td>{node.customer ? `${node.customer.fullName} · ${node.customer.code}` : '—'}</td>
                <td>
                  {node.state === 'PAID'
                    ? node.supplierPayment
                      ? t('payments.consistency.nextConfirm')
                      : t('payments.consistency.nextRegister')
                    : t('payments.consistency.nextWarehouse')}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>

      <h2>{t('payments.consistency.boxesTitle', { days })}</h2>
      <ListView
        list={quiet}
        count={(count) => t('payments.consistency.boxesCount', { count })}
        empty={t('payments.consistency.boxesEmpty', { days })}
        csv={{
          name: 'cajas-sin-eventos.csv',
          header: [t('payments.consistency.box'), t('payments.consistency.lastEvent'), t('payments.consistency.since'), t('payments.consistency.orders')],
          row: (node) => [node.box.number, node.lastEventAt ?? '', node.quietSince, node.orderNumbers.join(' ')],
        }}
      >
        {(nodes) => (
          <DataTable label={t('payments.consistency.boxesTitle', { days })} columns={[t('payments.consistency.box'), t('payments.consistency.lastEvent'), t('payments.consistency.stillFor'), t('payments.consistency.orders')]}>
            {nodes.map((node) => (
              <tr key={node.box.id}>
                <th scope="row">{node.box.number}</th>
                <td>{node.lastEventAt ? formatDateTime(locale, node.lastEventAt) : t('payments.consistency.noEvents')}</td>
                <td>{formatElapsed(locale, now - Date.parse(node.quietSince))}</td>
                <td>{node.orderNumbers.join(', ')}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}
