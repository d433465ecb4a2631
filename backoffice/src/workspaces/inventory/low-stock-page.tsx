import { useI18n } from '../../i18n/i18n';
import { useLiveReload, usePagedList } from '../../lib/list';
import { graphql } from '../../graphql/generated';
import { ProductTable, StockChanged } from './products-page';

const LowStockProducts = graphql(`
  query InventoryLowStock($first: Int!, $after: String) {
    products(filter: { lowStock: true, active: true }, order: NAME, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id sku name category kind priceMinor currency active lowStockThreshold totalStock lowStock } }
    }
  }
`);

/**
 * The stock alerts: active products at or below their low-stock threshold at some location, live. (Crossing the
 * threshold also raises an alert on the Master's list and notifies the Master and whoever made the movement.)
 */
export function LowStockPage() {
  const { t } = useI18n();
  const list = usePagedList(LowStockProducts, {}, (d) => d.products);
  useLiveReload(StockChanged, list);
  return (
    <section aria-labelledby="low-title">
      <h1 id="low-title">{t('inventory.low.title')}</h1>
      <p>{t('inventory.low.intro')}</p>
      <ProductTable list={list} csvName="stock-bajo.csv" />
    </section>
  );
}
