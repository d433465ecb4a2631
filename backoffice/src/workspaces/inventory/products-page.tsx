import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { InventoryProductsQuery, ProductKind, ProductOrder } from '../../graphql/generated/graphql';
import { useI18n } from '../../i18n/i18n';
import { ListView, SearchBox, UrlSelect, useLiveReload, usePagedList, useUrlState, type PagedList } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';
import { useSession } from '../../session/session';
import { StockDriftNotice } from './stock-drift';
import { formatMinor } from '../payments/money';

const InventoryProducts = graphql(`
  query InventoryProducts($filter: ProductsFilter, $order: ProductOrder, $first: Int!, $after: String) {
    products(filter: $filter, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id sku name category kind priceMinor currency active lowStockThreshold totalStock lowStock } }
    }
  }
`);
const Categories = graphql(`
  query InventoryCategories { productCategories }
`);
export const StockChanged = graphql(`
  subscription InventoryStockChanged { productStockUpdated { cursor product { id totalStock lowStock } } }
`);

export type ProductRow = InventoryProductsQuery['products']['edges'][number]['node'];

/**
 * The products: search by name or SKU, filter by category, kind and low stock, sort by name, SKU or newest, cursor
 * pages, CSV of the rows loaded; stock totals follow every movement live. With inventory:manage: "Nuevo producto"
 * and the stock-drift notice.
 */
export function ProductsPage() {
  const { t } = useI18n();
  const { params, set } = useUrlState();
  const search = params.get('q')?.trim() || null;
  const category = params.get('category') || null;
  const kind = (params.get('kind') as ProductKind | null) || null;
  const low = params.get('low') === 'yes' ? true : null;
  const order = (params.get('order') ?? 'NAME') as ProductOrder;
  const list = usePagedList(InventoryProducts, { filter: { search, category, kind, lowStock: low }, order }, (d) => d.products);
  useLiveReload(StockChanged, list);
  const categories = useQuery(Categories).data?.productCategories ?? [];
  const all = t('inventory.filter.all');
  const { can } = useSession();
  return (
    <section aria-labelledby="products-title">
      <h1 id="products-title">{t('inventory.products.title')}</h1>
      {can('inventory:manage') ? (
        <>
          <StockDriftNotice />
          <p>
            <Link to="/inventory/products/new" className="button-link">
              {t('inventory.productForm.newTitle')}
            </Link>
          </p>
        </>
      ) : null}
      <SearchBox label={t('inventory.products.search')} value={search} onSearch={(q) => set({ q })} />
      <div className="filters">
        <UrlSelect label={t('inventory.products.category')} value={category ?? ''} choices={[['', all], ...categories.map((c) => [c, c] as const)]} onChange={(v) => set({ category: v })} />
        <UrlSelect label={t('inventory.products.kind')} value={kind ?? ''} choices={[['', all], ['PHYSICAL', t('inventory.kind.PHYSICAL')], ['SERVICE', t('inventory.kind.SERVICE')]]} onChange={(v) => set({ kind: v })} />
        <UrlSelect label={t('inventory.products.lowFilter')} value={low ? 'yes' : ''} choices={[['', all], ['yes', t('inventory.products.lowOnly')]]} onChange={(v) => set({ low: v })} />
        <UrlSelect
          label={t('list.order')}
          value={order}
          choices={[['NAME', t('list.order.NAME')], ['SKU', t('inventory.order.SKU')], ['NEWEST_FIRST', t('list.order.NEWEST_FIRST')]]}
          onChange={(v) => set({ order: v })}
        />
      </div>
      <ProductTable list={list} csvName="productos.csv" />
    </section>
  );
}

/** The product rows of a list (products, low stock): link to the detail, price, stock and whether it is low. */
export function ProductTable({ list, csvName }: { list: PagedList<ProductRow>; csvName: string }) {
  const { t, locale } = useI18n();
  const columns = [t('inventory.col.sku'), t('inventory.col.name'), t('inventory.col.category'), t('inventory.col.kind'), { text: t('inventory.col.price'), num: true as const }, { text: t('inventory.col.stock'), num: true as const }, t('inventory.col.state')];
  return (
    <ListView
      list={list}
      live
      count={(count) => t('inventory.products.count', { count })}
      empty={t('inventory.products.empty')}
      csv={{
        name: csvName,
        header: [t('inventory.col.sku'), t('inventory.col.name'), t('inventory.col.category'), t('inventory.col.kind'), t('inventory.col.price'), t('inventory.col.stock'), t('inventory.col.state')],
        row: (p) => [p.sku, p.name, p.category, t(`inventory.kind.${p.kind}`), formatMinor(locale, p.priceMinor, p.currency), p.totalStock, stateText(t, p)],
      }}
    >
      {(nodes) => (
        <DataTable label={t('inventory.products.title')} columns={columns}>
          {nodes.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/inventory/products/${p.id}`}>{p.sku}</Link>
              </td>
              <td>{p.name}</td>
              <td>{p.category}</td>
              <td>{t(`inventory.kind.${p.kind}`)}</td>
              <td className="num">{formatMinor(locale, p.priceMinor, p.currency)}</td>
              <td className="num">{p.totalStock}</td>
              <td>{p.lowStock ? <strong>{stateText(t, p)}</strong> : stateText(t, p)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </ListView>
  );
}

function stateText(t: ReturnType<typeof useI18n>['t'], p: Pick<ProductRow, 'active' | 'lowStock'>): string {
  if (!p.active) return t('inventory.state.inactive');
  return p.lowStock ? t('inventory.state.low') : t('inventory.state.ok');
}
