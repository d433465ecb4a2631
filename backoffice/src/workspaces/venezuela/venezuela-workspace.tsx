import { Navigate, NavLink, Route, Routes } from 'react-router';
import { NotFound } from '../../components/not-found';
import { useT } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { PricingPage } from './pricing-page';
import { PricingQueuePage } from './pricing-queue-page';
import { SurveysPage } from './surveys-page';

/**
 * The Venezuela agent's workspace: the pricing queue (sourced retail, wholesale, modification requests) with
 * one request's pricing screen, and the survey results with the NPS. Each section shows only with the
 * permission the API asks for its operations, so supervisors and the Master (survey:read:any, no quote:price)
 * see the survey results alone.
 */
export function VenezuelaWorkspace() {
  const t = useT();
  const { can } = useSession();
  const pricing = can('quote:price');
  const surveys = can('survey:read:any');
  // Absolute links: relative ones would resolve against the splat of the current sub-page.
  return (
    <>
      <nav aria-label={t('venezuela.nav')} className="subnav">
        <ul>
          {pricing ? (
            <li>
              <NavLink to="/venezuela" end>
                {t('venezuela.nav.pricing')}
              </NavLink>
            </li>
          ) : null}
          {surveys ? (
            <li>
              <NavLink to="/venezuela/surveys">{t('venezuela.nav.surveys')}</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      <Routes>
        <Route index element={pricing ? <PricingQueuePage /> : <Navigate to="/venezuela/surveys" replace />} />
        {pricing ? <Route path="requests/:id" element={<PricingPage />} /> : null}
        {surveys ? <Route path="surveys" element={<SurveysPage />} /> : null}
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}
