import { Route, Routes } from 'react-router';
import { NotFound } from '../../components/not-found';
import { CannedRepliesPage } from './canned-replies-page';
import { ConversationPage } from './conversation-page';
import { InboxPage } from './inbox-page';

/**
 * The support agents' workspace (issue 10): the inbox of customers' chats, one chat with the customer's
 * context beside it, and the canned replies (kept by supervisors and the Master). An agent with any of its
 * pages open counts as online for the customers' chat panel (its live subscription is the heartbeat).
 */
export function SupportWorkspace() {
  return (
    <Routes>
      <Route index element={<InboxPage />} />
      <Route path="chats/:id" element={<ConversationPage />} />
      <Route path="canned-replies" element={<CannedRepliesPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
