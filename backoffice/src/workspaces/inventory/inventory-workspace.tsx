import { NavLink, Route, Routes } from 'react-router';
import { NotFound } from '../../components/not-found';
import { useT } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { LocationsPage } from './locations-page';
import { LowStockPage } from './low-stock-page';
import { MovementsPage } from './movements-page';
import { NewSalePage } from './new-sale-page';
import { EditProductPage, NewProductPage } from './product-form-page';
import { ProductPage } from './product-page';
import { ProductsPage } from './products-page';
import { SalePage } from './sale-page';
import { SalesPage } from './sales-page';

/**
 * Inventory and direct sales (issue 9; seeds 000 and 004): products with stock per location and their movements,
 * the movement log, direct sales (new sale, payments, void), the low-stock alerts and the locations. Opened by
 * inventory:read; selling needs sale:create; creating and editing products and locations and recording entries,
 * adjustments and transfers need inventory:manage (the API refuses them otherwise, and the screens hide them).
 */
export function InventoryWorkspace() {
  const t = useT();
  const { can } = useSession();
  return (
    <>
      <nav aria-label={t('inventory.nav')} className="subnav">
        <ul>
          <li>
            <NavLink to="/inventory" end>
              {t('inventory.nav.products')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/inventory/movements">{t('inventory.nav.movements')}</NavLink>
          </li>
          <li>
            <NavLink to="/inventory/sales" end>
              {t('inventory.nav.sales')}
            </NavLink>
          </li>
          {can('sale:create') ? (
            <li>
              <NavLink to="/inventory/sales/new">{t('inventory.nav.newSale')}</NavLink>
            </li>
          ) : null}
          <li>
            <NavLink to="/inventory/low-stock">{t('inventory.nav.lowStock')}</NavLink>
          </li>
          <li>
            <NavLink to="/inventory/locations">{t('inventory.nav.locations')}</NavLink>
          </li>
        </ul>
      </nav>
      <Routes>
        <Route index element={<ProductsPage />} />
        {can('inventory:manage') ? <Route path="products/new" element={<NewProductPage />} /> : null}
        <Route path="products/:id" element={<ProductPage />} />
        {can('inventory:manage') ? <Route path="products/:id/edit" element={<EditProductPage />} /> : null}
        <Route path="locations" element={<LocationsPage />} />
        <Route path="movements" element={<MovementsPage />} />
        <Route path="sales" element={<SalesPage />} />
        <Route path="sales/new" element={<NewSalePage />} />
        <Route path="sales/:id" element={<SalePage />} />
        <Route path="low-stock" element={<LowStockPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}
