import { useId, useState, type ReactNode } from 'react';
import { graphql } from '../../graphql/generated';
import type { LogisticsBoxesQuery } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ListView, useLiveReload, usePagedList } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';
import { nextBoxPhases } from './phases';

const Boxes = graphql(`
  query LogisticsBoxes($first: Int!, $after: String) {
    boxes(first: $first, after: $after) {
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
 * The boxes, newest first, with their numbers, packages and orders (each order's phase), following order
 * changes live. The search (box or order number) and the "can still move" filter apply to the boxes loaded
 * so far — the API lists boxes without filters; "load more" brings older ones. `action` adds a last column.
 */
export function BoxesList({ action }: { action?: (box: BoxRow) => ReactNode }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [query, setQuery] = useState('');
  const [movable, setMovable] = useState(false);
  const list = usePagedList(Boxes, {}, (d) => d.boxes);
  useLiveReload(BoxOrdersChanged, list);

  const needle = query.trim().toUpperCase();
  const rows = (list.connection?.edges ?? [])
    .map((e) => e.node)
    .filter((box) => !needle || box.number.toUpperCase().includes(needle) || box.orders?.some((o) => o.number.toUpperCase().includes(needle)))
    .filter((box) => !movable || nextBoxPhases(box.orders ?? []).length > 0);
  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('logistics.boxes.title')}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${ids}-q`}>{t('logistics.boxes.search')}</label>
          <input id={`${ids}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} maxLength={40} />
        </div>
        <div className="field checkbox">
          <input id={`${ids}-movable`} type="checkbox" checked={movable} onChange={(e) => setMovable(e.target.checked)} />
          <label htmlFor={`${ids}-movable`}>{t('logistics.boxes.movable')}</label>
        </div>
      </div>
      <ListView
        list={list}
        shown={rows}
        count={(count, shown) => t('logistics.boxes.count', { count, shown })}
        empty={list.connection?.edges.length === 0 ? t('logistics.boxes.empty') : t('logistics.emptyFiltered')}
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
