import type { App } from '../../app';
import type { JobDefinition } from '../../jobs/jobs';
import { sweepTickets } from './ticket-sweep.service';

/** Job name of the support sweep, for `app.jobs.runNow(...)`. */
export const TICKET_SWEEP = 'ticket-sweep';

/** The support sweep (SLA breaches, cross-domain rules, lapsed reopen windows), every `sweepIntervalSeconds`. */
export function ticketSweepJob(app: App): JobDefinition {
  return {
    name: TICKET_SWEEP,
    everySeconds: app.config.sweepIntervalSeconds,
    run: async () => void (await sweepTickets(app)),
  };
}
