import { Route, Routes } from 'react-router';
import { NotFound } from '../../components/not-found';
import { UnitPage } from './unit-page';
import { UnitsPage } from './units-page';

/** Traceability (issue 9): the anchoring outbox, units with their QR labels, events and sales. */
export function TraceWorkspace() {
  return (
    <Routes>
      <Route index element={<UnitsPage />} />
      <Route path="units/:code" element={<UnitPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
