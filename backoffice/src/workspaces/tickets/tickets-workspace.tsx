import { useMutation } from '@apollo/client/react';
import { useEffect } from 'react';
import { Route, Routes } from 'react-router';
import { NotFound } from '../../components/not-found';
import { graphql } from '../../graphql/generated';
import { FaqReviewPage } from './faq-review-page';
import { NewTicketPage } from './new-ticket-page';
import { TicketQueuePage } from './queue-page';
import { TicketPage } from './ticket-page';

const AgentHeartbeat = graphql(`mutation TicketsAgentHeartbeat { agentHeartbeat }`);

/** How often an open tickets workspace tells the API its agent is online (the Master's agentOnlineMinutes is ≥ 1). */
const HEARTBEAT_MS = 60_000;

/**
 * The support workspace (seed 000 process 3): the ticket queue, one ticket, a new ticket for a call or email, and the
 * FAQ review. While it is open, a heartbeat keeps its agent online for automatic assignment.
 */
export function TicketsWorkspace() {
  const [beat] = useMutation(AgentHeartbeat);
  useEffect(() => {
    const send = () => void beat().catch(() => undefined);
    send();
    const timer = setInterval(send, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [beat]);
  return (
    <Routes>
      <Route index element={<TicketQueuePage />} />
      <Route path="new" element={<NewTicketPage />} />
      <Route path="faq" element={<FaqReviewPage />} />
      <Route path=":id" element={<TicketPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
