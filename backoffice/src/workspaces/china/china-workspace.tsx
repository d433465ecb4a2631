import { Route, Routes } from 'react-router';
import { NotFound } from '../../components/not-found';
import { QueuePage } from './queue-page';
import { RequestPage } from './request-page';

/** The China agent's workspace: the queue of retail requests to source, and one request with its sourcing form. */
export function ChinaWorkspace() {
  return (
    <Routes>
      <Route index element={<QueuePage />} />
      <Route path="requests/:id" element={<RequestPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
