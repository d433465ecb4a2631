import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { InventoryMovementsQuery, MovementType } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { dayRangeInstants, DayRangeForm } from '../../lib/day-range';
import { ListView, UrlSelect, useLiveReload, usePagedList, useUrlState, type PagedList } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';
import { StockChanged } from './products-page';

export const InventoryMovements = graphql(`
  query InventoryMovements($filter: MovementsFilter, $first: Int!, $after: String) {
    stockMovements(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id type quantity reason createdAt
          product { id sku name }
          location { id code name }
          counterpartLocation { id code }
          sale { id number }
          actor { id displayName }
        }
      }
    }
  }
`);
export const Locations = graphql(`
  query InventoryLocations { stockLocations { id code name kind active } }
`);

type MovementRow = InventoryMovementsQuery['stockMovements']['edges'][number]['node'];
const TYPES: readonly MovementType[] = ['ENTRY', 'SALE', 'VOID', 'ADJUSTMENT', 'TRANSFER'];

/** Every stock movement, newest first: filter by location, type and a range of days; CSV of the rows loaded; live. */
export function MovementsPage() {
  const { t } = useI18n();
  const { params, set } = useUrlState();
  const locationId = params.get('location') || null;
  const type = (params.get('type') as MovementType | null) || null;
  const fromDay = params.get('from');
  const toDay = params.get('to');
  const list = usePagedList(InventoryMovements, { filter: { locationId, type, ...dayRangeInstants(fromDay, toDay) } }, (d) => d.stockMovements);
  useLiveReload(StockChanged, list);
  const locations = useQuery(Locations).data?.stockLocations ?? [];
  const all = t('inventory.filter.all');
  return (
    <section aria-labelledby="movements-title">
      <h1 id="movements-title">{t('inventory.movements.title')}</h1>
      <div className="filters">
        <UrlSelect label={t('inventory.col.location')} value={locationId ?? ''} choices={[['', all], ...locations.map((l) => [l.id, `${l.code} · ${l.name}`] as const)]} onChange={(v) => set({ location: v })} />
        <UrlSelect label={t('inventory.col.type')} value={type ?? ''} choices={[['', all], ...TYPES.map((m) => [m, t(`inventory.movement.${m}`)] as const)]} onChange={(v) => set({ type: v })} />
      </div>
      <DayRangeForm from={fromDay} to={toDay} onApply={(from, to) => set({ from, to })} />
      <MovementTable list={list} showProduct />
    </section>
  );
}

/** Movement rows: when, product (optional), location, type, signed quantity, sale or counterpart, reason, who. */
export function MovementTable({ list, showProduct }: { list: PagedList<MovementRow>; showProduct: boolean }) {
  const { t, locale } = useI18n();
  const detail = (m: MovementRow) =>
    m.sale ? m.sale.number : m.counterpartLocation ? t(m.quantity < 0 ? 'inventory.movements.to' : 'inventory.movements.from', { code: m.counterpartLocation.code }) : '';
  const header = [t('inventory.col.when'), ...(showProduct ? [t('inventory.col.product')] : []), t('inventory.col.location'), t('inventory.col.type'), t('inventory.col.quantity'), t('inventory.col.detail'), t('inventory.col.reason'), t('inventory.col.actor')];
  return (
    <ListView
      list={list}
      live
      count={(count) => t('inventory.movements.count', { count })}
      empty={t('inventory.movements.empty')}
      csv={{
        name: 'movimientos.csv',
        header,
        row: (m) => [m.createdAt, ...(showProduct ? [m.product.sku] : []), m.location.code, t(`inventory.movement.${m.type}`), m.quantity, detail(m), m.reason ?? '', m.actor.displayName],
      }}
    >
      {(nodes) => (
        <DataTable
          label={t('inventory.movements.title')}
          columns={[t('inventory.col.when'), showProduct && t('inventory.col.product'), t('inventory.col.location'), t('inventory.col.type'), { text: t('inventory.col.quantity'), num: true }, t('inventory.col.detail'), t('inventory.col.reason'), t('inventory.col.actor')]}
        >
          {nodes.map((m) => (
            <tr key={m.id}>
              <td>{formatDateTime(locale, m.createdAt)}</td>
              {showProduct ? (
                <td>
                  <Link to={`/inventory/products/${m.product.id}`}>{m.product.sku}</Link> {m.product.name}
                </td>
              ) : null}
              <td>{m.location.code}</td>
              <td>{t(`inventory.movement.${m.type}`)}</td>
              <td className="num">{m.quantity > 0 ? `+${m.quantity}` : m.quantity}</td>
              <td>{m.sale ? <Link to={`/inventory/sales/${m.sale.id}`}>{m.sale.number}</Link> : detail(m)}</td>
              <td>{m.reason ?? ''}</td>
              <td>{m.actor.displayName}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </ListView>
  );
}

