import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { graphql } from '../../graphql/generated';
import { useI18n } from '../../i18n/i18n';

const StockDrift = graphql(`
  query InventoryStockDrift { stockDrift { productId locationId stock sumOfMovements } stockLocations { id code } }
`);

/**
 * For the Master (inventory:manage): the stock rows that differ from the sum of their movements (`stockDrift`),
 * which should never exist; nothing shows while the books hold. Each row links to its product.
 */
export function StockDriftNotice() {
  const { t } = useI18n();
  const data = useQuery(StockDrift, { fetchPolicy: 'cache-and-network' }).data;
  if (!data || data.stockDrift.length === 0) return null;
  const codeOf = (id: string) => data.stockLocations.find((l) => l.id === id)?.code ?? id;
  return (
    <div className="problem" role="alert">
      <p>{t('inventory.drift.lead', { count: data.stockDrift.length })}</p>
      <ul>
        {data.stockDrift.map((d) => (
          <li key={`${d.productId}/${d.locationId}`}>
            <Link to={`/inventory/products/${d.productId}`}>{t('inventory.drift.row', { code: codeOf(d.locationId), stock: d.stock, sum: d.sumOfMovements })}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
