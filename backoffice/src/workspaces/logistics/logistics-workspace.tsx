import { Navigate, NavLink, Route, Routes } from 'react-router';
import { useT } from '../../i18n/i18n';
import { NotFound } from '../../components/not-found';
import { useSession } from '../../session/session';
import { PackagesPage } from './packages-page';
import { PurchasesPage } from './purchases-page';
import { TrackingPage } from './tracking-page';

/**
 * The logistics workspace (China and Venezuela agents): purchase orders to buy and packages and boxes for
 * whoever confirms supplier payments / manages packages (China), tracking entry for whoever records tracking
 * (both). Each section shows only with the permission the API asks for its operations.
 */
export function LogisticsWorkspace() {
  const t = useT();
  const { can } = useSession();
  const sections = [
    { path: 'purchases', permission: 'supplier-payment:confirm', label: t('logistics.nav.purchases'), element: <PurchasesPage /> },
    { path: 'packages', permission: 'logistics:packages', label: t('logistics.nav.packages'), element: <PackagesPage /> },
    { path: 'tracking', permission: 'tracking:record', label: t('logistics.nav.tracking'), element: <TrackingPage /> },
  ].filter((s) => can(s.permission));
  // Absolute links: relative ones would resolve against the splat of the current sub-page.
  return (
    <>
      <nav aria-label={t('logistics.nav')} className="subnav">
        <ul>
          {sections.map((s) => (
            <li key={s.path}>
              <NavLink to={`/logistics/${s.path}`}>{s.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        {sections[0] ? <Route index element={<Navigate to={`/logistics/${sections[0].path}`} replace />} /> : null}
        {sections.map((s) => (
          <Route key={s.path} path={s.path} element={s.element} />
        ))}
        {/* A section of another role (a Venezuela agent opening packages) is not allowed, not an empty page. */}
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}
