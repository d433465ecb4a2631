import { NetworkStatus } from '@apollo/client';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useId, useState, type ReactNode } from 'react';
import { graphql } from '../../graphql/generated';
import type { LogisticsBoxesQuery } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { downloadCsv, toCsv } from '../../lib/csv';
import { TableWrap } from '../../lib/table-wrap';
import { LoadMore } from './load-more';
import { nextBoxPhases } from './phases';
import { LoadProblem } from '../../lib/list-controls';

const PAGE_SIZE = 20;

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
  const list = useQuery(Boxes, { variables: { first: PAGE_SIZE }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const connection = list.data?.boxes;
  useSubscription(BoxOrdersChanged, { onData: () => void list.refetch({ first: Math.min(100, Math.max(PAGE_SIZE, connection?.edges.length ?? 0)), after: null }) });

  const needle = query.trim().toUpperCase();
  const rows = (connection?.edges ?? [])
    .map((e) => e.node)
    .filter((box) => !needle || box.number.toUpperCase().includes(needle) || box.orders?.some((o) => o.number.toUpperCase().includes(needle)))
    .filter((box) => !movable || nextBoxPhases(box.orders ?? []).length > 0);
  const exportCsv = () => {
    const header = [t('logistics.col.box'), t('logistics.boxes.createdAt'), t('logistics.col.orders'), t('logistics.col.packages'), t('logistics.boxes.weight')];
    downloadCsv('cajas.csv', toCsv(header, rows.map((box) => [
      box.number, box.createdAt, (box.orders ?? []).map((o) => `${o.number} (${t(`orderState.${o.state}`)})`).join(' / '),
      (box.packages ?? []).map((p) => p.number).join(' / '), box.weightKg ?? null,
    ])));
  };

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
      {list.error && !connection ? (
        <LoadProblem error={list.error} retry={() => void list.refetch()} />
      ) : !connection ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <div className="list-head">
            <p className="count">{t('logistics.boxes.count', { count: connection.totalCount, shown: rows.length })}</p>
            <button type="button" onClick={exportCsv} disabled={rows.length === 0}>
              {t('list.exportCsv', { count: rows.length })}
            </button>
          </div>
          {rows.length === 0 ? (
            <p className="empty">{connection.edges.length === 0 ? t('logistics.boxes.empty') : t('logistics.emptyFiltered')}</p>
          ) : (
            <TableWrap label={t('logistics.boxes.title')}>
              <table className="list">
                <caption className="visually-hidden">{t('logistics.boxes.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('logistics.col.box')}</th>
                    <th scope="col">{t('logistics.boxes.createdAt')}</th>
                    <th scope="col">{t('logistics.col.orders')}</th>
                    <th scope="col">{t('logistics.col.packages')}</th>
                    {action ? <th scope="col">{t('logistics.col.action')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((box) => (
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
                updateQuery: (prev, { fetchMoreResult }) => ({ boxes: { ...fetchMoreResult.boxes, edges: [...(prev.boxes?.edges ?? []), ...fetchMoreResult.boxes.edges] } }),
              })
            }
          />
        </>
      )}
    </section>
  );
}
