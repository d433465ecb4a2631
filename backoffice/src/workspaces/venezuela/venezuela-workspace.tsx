import { Route, Routes } from 'react-router';
import { NotFound } from '../../components/not-found';
import { PricingPage } from './pricing-page';
import { PricingQueuePage } from './pricing-queue-page';

/** The Venezuela agent's workspace: the pricing queue (sourced retail, wholesale, modification requests) and one request's pricing screen. */
export function VenezuelaWorkspace() {
  return (
    <Routes>
      <Route index element={<PricingQueuePage />} />
      <Route path="requests/:id" element={<PricingPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
