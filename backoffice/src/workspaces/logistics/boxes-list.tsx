import { useId, useState, type ReactNode } from 'react';
import { graphql } from '../../graphql/generated';
import type { ListOrder, LogisticsBoxesQuery } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ListView, OrderSelect, SearchBox, useLiveReload, usePagedList, useUrlState } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';
import { nextBoxPhases } from './phases';

const Boxes = graphql(`
  query LogisticsBoxes($search: String, $order: ListOrder, $first: Int!, $after: String) {
    boxes(filter: { search: $search }, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id number weightKg createdAt packages { id number } orders { id number state nationalDelivery nextStates } } }
    }
  }
`);
const BoxOrdersChanged = graphql(`
  subscription LogisticsBoxOrdersChanged { orderUpdated { cursor order { id state nextStates } } }
`);

export type BoxRow = NonNullable<LogisticsBoxesQuery['boxes']>['edges'][number]['node'];

/**
 * The boxes, newest first unless sorted otherwise, with their numbers, packages and orders (each order's
 * phase), following order changes live. The search (box, package or order number, customer) runs in the API
 * and lives in the URL (`boxq`, `boxorder`: the page's own list uses `q` and `order`); "only boxes with a
 * phase pending" filters the boxes loaded. `action` adds a last column.
 */
export function BoxesList({ action }: { action?: (box: BoxRow) => ReactNode }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const { params, set } = useUrlState();
  const search = params.get('boxq')?.trim() || null;
  const order: ListOrder = params.get('boxorder') === 'OLDEST_FIRST' ? 'OLDEST_FIRST' : 'NEWEST_FIRST';
  const [movable, setMovable] = useState(false);
  const list = usePagedList(Boxes, { search, order }, (d) => d.boxes);
  useLiveReload(BoxOrdersChanged, list);

  const rows = (list.connection?.edges ?? []).map((e) => e.node).filter((box) => !movable || nextBoxPhases(box.orders ?? []).length > 0);
  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('logistics.boxes.title')}</h2>
      <SearchBox label={t('logistics.boxes.search')} value={search} onSearch={(q) => set({ boxq: q })} />
      <div className="filters">
        <OrderSelect newestByDefault value={order} onChange={(v) => set({ boxorder: v })} />
        <div className="field checkbox">
          <input id={`${ids}-movable`} type="checkbox" checked={movable} onChange={(e) => setMovable(e.target.checked)} />
          <label htmlFor={`${ids}-movable`}>{t('logistics.boxes.movable')}</label>
        </div>
      </div>
      <ListView
        list={list}
        shown={rows}
        count={(count, shown) => t('logistics.boxes.count', { count, shown })}
        empty={search || movable ? t('list.emptyFiltered') : t('logistics.boxes.empty')}
        csv={{
          name: 'cajas.csv',
          header: [t('logistics.col.box'), t('logistics.boxes.createdAt'), t('logistics.col.orders'), t('logistics.col.packages'), t('logistics.boxes.weight')],
          row: (box) => [
            box.number, box.createdAt, (box.orders ?? []).map((o) => `${o.number} (${t(`orderState.${o.state}`)})`).join(' / '),
            (box.packages ?? []).map((p) => p.number).join(' / '), box.weightKg ?? null,
          ],
        }}
      >
        {(boxes) => (
          <DataTable label={t('logistics.boxes.title')} columns={[t('logistics.col.box'), t('logistics.boxes.createdAt'), t('logistics.col.orders'), t('logistics.col.packages'), action ? t('logistics.col.action') : null]}>
            {boxes.map((box) => (
              <tr key={box.id}>
                <th scope="row">{box.number}</th>
                <td>{formatDateTime(locale, box.createdAt)}</td>
                <td>
                  <ul className="plain">
                    {(box.orders ?? []).map((o) => (
                      <li key={o.id}>{`${o.number} · ${t(`orderState.${o.state}`)}`}</li>
                    ))}
                  </ul>
                </td>
                <td>{(box.packages ?? []).map((p) => p.number).join(', ')}</td>
                {action ? <td>{action(box)}</td> : null}
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}
