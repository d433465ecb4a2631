import { Link } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { SaleOrder, SalePaymentStatus } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ListView, OrderSelect, SearchBox, UrlSelect, usePagedList, useUrlState } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';
import { formatMinor } from '../payments/money';

const InventorySales = graphql(`
  query InventorySales($filter: SalesFilter, $order: SaleOrder, $first: Int!, $after: String) {
    sales(filter: $filter, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id number createdAt currency totalMinor paidMinor paymentStatus buyerName customer { id fullName code } seller { id displayName } } }
    }
  }
`);

export const SALE_STATUSES: readonly SalePaymentStatus[] = ['PENDING', 'PARTIALLY_PAID', 'PAID', 'VOID'];

/** Direct sales: search by number or buyer, filter by payment status, newest or oldest first, CSV of the rows loaded. */
export function SalesPage() {
  const { t, locale } = useI18n();
  const { params, set } = useUrlState();
  const search = params.get('q')?.trim() || null;
  const paymentStatus = (params.get('status') as SalePaymentStatus | null) || null;
  const order = (params.get('order') ?? 'NEWEST_FIRST') as SaleOrder;
  const list = usePagedList(InventorySales, { filter: { search, paymentStatus }, order }, (d) => d.sales);
  const buyer = (s: { buyerName?: string | null; customer?: { fullName: string; code: string } | null }) => (s.customer ? `${s.customer.fullName} (${s.customer.code})` : s.buyerName ?? '');
  return (
    <section aria-labelledby="sales-title">
      <h1 id="sales-title">{t('inventory.sales.title')}</h1>
      <SearchBox label={t('inventory.sales.search')} value={search} onSearch={(q) => set({ q })} />
      <div className="filters">
        <UrlSelect label={t('inventory.col.payment')} value={paymentStatus ?? ''} choices={[['', t('inventory.filter.all')], ...SALE_STATUSES.map((s) => [s, t(`inventory.status.${s}`)] as const)]} onChange={(v) => set({ status: v })} />
        <OrderSelect value={order} newestByDefault onChange={(v) => set({ order: v })} />
      </div>
      <ListView
        list={list}
        count={(count) => t('inventory.sales.count', { count })}
        empty={t('inventory.sales.empty')}
        csv={{
          name: 'ventas.csv',
          header: [t('inventory.col.number'), t('inventory.col.when'), t('inventory.col.buyer'), t('inventory.col.seller'), t('inventory.col.total'), t('inventory.col.paid'), t('inventory.col.payment')],
          row: (s) => [s.number, s.createdAt, buyer(s), s.seller.displayName, formatMinor(locale, s.totalMinor, s.currency), formatMinor(locale, s.paidMinor, s.currency), t(`inventory.status.${s.paymentStatus}`)],
        }}
      >
        {(nodes) => (
          <DataTable
            label={t('inventory.sales.title')}
            columns={[t('inventory.col.number'), t('inventory.col.when'), t('inventory.col.buyer'), t('inventory.col.seller'), { text: t('inventory.col.total'), num: true }, t('inventory.col.payment')]}
          >
            {nodes.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/inventory/sales/${s.id}`}>{s.number}</Link>
                </td>
                <td>{formatDateTime(locale, s.createdAt)}</td>
                <td>{buyer(s)}</td>
                <td>{s.seller.displayName}</td>
                <td className="num">{formatMinor(locale, s.totalMinor, s.currency)}</td>
                <td>{t(`inventory.status.${s.paymentStatus}`)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}
