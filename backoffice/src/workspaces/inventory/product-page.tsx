import { useQuery } from '@apollo/client/react';
import { Link, useLocation, useParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { BackLink, DetailPending } from '../../lib/detail';
import { useLiveReload, usePagedList } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';
import { useSession } from '../../session/session';
import { formatMinor } from '../payments/money';
import { InventoryMovements, MovementTable } from './movements-page';
import { StockChanged } from './products-page';
import { StockActions } from './stock-actions';

export const InventoryProduct = graphql(`
  query InventoryProduct($id: ID!) {
    product(id: $id) {
      id sku name category kind priceMinor currency active lowStockThreshold capacity sessionAt totalStock lowStock
      stock { quantity low location { id code name kind } }
    }
  }
`);

/**
 * One product: its facts, stock per location (low ones marked) and its movements, all following changes live;
 * with inventory:manage, "Editar producto" and the stock actions (entry, adjustment, transfer).
 */
export function ProductPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const { can } = useSession();
  const arrived = useLocation().state as { created?: boolean; updated?: boolean } | null;
  const query = useQuery(InventoryProduct, { variables: { id } });
  const movements = usePagedList(InventoryMovements, { filter: { productId: id } }, (d) => d.stockMovements);
  useLiveReload(StockChanged, { reload: () => (movements.reload(), void query.refetch()) });
  const back = <BackLink label={t('inventory.products.back')} />;
  const product = query.data?.product;
  if (!product) return <DetailPending back={back} error={query.error} />;
  return (
    <section aria-labelledby="product-title">
      {back}
      <h1 id="product-title">
        {product.name} <span className="muted">({product.sku})</span>
      </h1>
      {arrived?.created || arrived?.updated ? (
        <p className="notice" role="status">
          {t(arrived.created ? 'inventory.productForm.created' : 'inventory.productForm.updated')}
        </p>
      ) : null}
      {can('inventory:manage') ? (
        <p>
          <Link to={`/inventory/products/${product.id}/edit`}>{t('inventory.productForm.edit')}</Link>
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t('inventory.col.category')}</dt>
        <dd>{product.category}</dd>
        <dt>{t('inventory.col.kind')}</dt>
        <dd>{t(`inventory.kind.${product.kind}`)}</dd>
        <dt>{t('inventory.col.price')}</dt>
        <dd>{formatMinor(locale, product.priceMinor, product.currency)}</dd>
        <dt>{t('inventory.product.threshold')}</dt>
        <dd>{product.lowStockThreshold}</dd>
        {product.sessionAt ? (
          <>
            <dt>{t('inventory.product.session')}</dt>
            <dd>{t('inventory.product.sessionText', { when: formatDateTime(locale, product.sessionAt), seats: product.capacity ?? 0 })}</dd>
          </>
        ) : null}
        <dt>{t('inventory.col.stock')}</dt>
        <dd>{product.totalStock}</dd>
        <dt>{t('inventory.col.state')}</dt>
        <dd>{!product.active ? t('inventory.state.inactive') : product.lowStock ? t('inventory.state.low') : t('inventory.state.ok')}</dd>
      </dl>
      <h2 id="stock-title">{t('inventory.product.stockTitle')}</h2>
      {product.stock.length === 0 ? (
        <p className="empty">{t('inventory.product.noStock')}</p>
      ) : (
        <DataTable label={t('inventory.product.stockTitle')} columns={[t('inventory.col.location'), { text: t('inventory.col.quantity'), num: true }, t('inventory.col.state')]}>
          {product.stock.map((s) => (
            <tr key={s.location.id}>
              <td>
                {s.location.code} · {s.location.name}
              </td>
              <td className="num">{s.quantity}</td>
              <td>{s.low ? <strong>{t('inventory.state.low')}</strong> : t('inventory.state.ok')}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {can('inventory:manage') ? <StockActions product={product} /> : null}
      <h2>{t('inventory.product.movementsTitle')}</h2>
      <MovementTable list={movements} showProduct={false} />
    </section>
  );
}
