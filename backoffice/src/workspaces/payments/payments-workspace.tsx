import { NavLink, Route, Routes } from 'react-router';
import { NotFound } from '../../components/not-found';
import { useT } from '../../i18n/i18n';
import { ConsistencyPage } from './consistency-page';
import { PaymentPage } from './payment-page';
import { QueuePage } from './queue-page';
import { SupplierPage } from './supplier-page';

/**
 * The payment validator's workspace: customer payments to validate (and one payment beside its proof and the
 * amounts due), supplier payments to register for paid orders, and the consistency view.
 */
export function PaymentsWorkspace() {
  const t = useT();
  // Absolute links: relative ones would resolve against the splat of the current sub-page.
  return (
    <>
      <nav aria-label={t('payments.nav')} className="subnav">
        <ul>
          <li>
            <NavLink to="/payments" end>
              {t('payments.nav.queue')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/payments/supplier">{t('payments.nav.supplier')}</NavLink>
          </li>
          <li>
            <NavLink to="/payments/consistency">{t('payments.nav.consistency')}</NavLink>
          </li>
        </ul>
      </nav>
      <Routes>
        <Route index element={<QueuePage />} />
        <Route path="payment/:id" element={<PaymentPage />} />
        <Route path="supplier" element={<SupplierPage />} />
        <Route path="consistency" element={<ConsistencyPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}
