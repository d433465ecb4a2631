import type { App } from '../app';
import { deliverPendingWhatsApp, whatsAppTransportFor } from '../modules/notifications/whatsapp.sender';
import { orderPaymentDeadlineSweep } from '../modules/orders/order.jobs';
import type { JobDefinition } from './jobs';
import { quoteExpirySweepJob } from '../modules/quotes/quote.jobs';
import { staffAlertSweepJob } from '../modules/alerts/alert.jobs';
import { identitySweepJob } from '../modules/identity/identity.jobs';
import { eventRetentionJob } from '../events/event-retention';
import { claimLapseSweepJob } from '../modules/claims/claims.jobs';
import { ticketSweepJob } from '../modules/tickets/ticket.jobs';
import { chatUnansweredSweepJob } from '../modules/support-chat/chat.jobs';

/** Job names, for `app.jobs.runNow(...)`. */
export const JobName = {
  WhatsAppDispatch: 'whatsapp-dispatch',
} as const;

/** Every durable job of the API and how often it runs. */
export function jobDefinitions(app: App): JobDefinition[] {
  const transport = whatsAppTransportFor(app.config, app.log);
  return [
    {
      name: JobName.WhatsAppDispatch,
      everySeconds: 5,
      run: async () => void (await deliverPendingWhatsApp(app.orm.em.fork(), transport)),
    },
    orderPaymentDeadlineSweep(app),
    staffAlertSweepJob(app),
    quoteExpirySweepJob(app),
    identitySweepJob(app),
    eventRetentionJob(app),
    claimLapseSweepJob(app),
    // Support (issue 10).
    ticketSweepJob(app),
    chatUnansweredSweepJob(app),
  ];
}
