import { NavLink, Route, Routes } from 'react-router';
import { NotFound } from '../../components/not-found';
import { useT } from '../../i18n/i18n';
import { ParametersPage } from './parameters-page';
import { UsersPage } from './users-page';
import { AuditPage } from './audit-page';
import { AlertsPage } from './alerts-page';
import { OverviewPage } from './overview-page';
import { ApiKeysPage } from './api-keys-page';
import { WebhooksPage } from './webhooks-page';

/**
 * The Master's workspace: the business parameters with their change history; staff users, their roles and
 * what each role may do; the access/audit log; alerts for work waiting too long, live;
 * the operations overview with charts; API keys for third parties; webhooks and their delivery log.
 */
export function MasterWorkspace() {
  const t = useT();
  // Absolute links: relative ones would resolve against the splat of the current sub-page.
  return (
    <>
      <nav aria-label={t('master.nav')} className="subnav">
        <ul>
          <li>
            <NavLink to="/master" end>
              {t('master.nav.parameters')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/master/users">{t('master.nav.users')}</NavLink>
          </li>
          <li>
            <NavLink to="/master/audit">{t('master.nav.audit')}</NavLink>
          </li>
          <li>
            <NavLink to="/master/alerts">{t('master.nav.alerts')}</NavLink>
          </li>
          <li>
            <NavLink to="/master/overview">{t('master.nav.overview')}</NavLink>
          </li>
          <li>
            <NavLink to="/master/api-keys">{t('master.nav.keys')}</NavLink>
            <NavLink to="/master/webhooks">{t('master.nav.webhooks')}</NavLink>
          </li>
        </ul>
      </nav>
      <Routes>
        <Route index element={<ParametersPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="alerts" element={<AlertsPage />} />
        <Route path="overview" element={<OverviewPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="webhooks" element={<WebhooksPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}
