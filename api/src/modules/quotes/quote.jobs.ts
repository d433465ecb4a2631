import type { App } from '../../app';
import type { JobDefinition } from '../../jobs/jobs';
import { expireOverdueQuotes } from './quote.service';

/** Name for `app.jobs.runNow(...)`. */
export const QUOTE_EXPIRY_SWEEP = 'quote-expiry-sweep';

/** Expires unanswered quotes past their response deadline (seed 003 step 5), every sweep interval. */
export function quoteExpirySweepJob(app: App): JobDefinition {
  return {
    name: QUOTE_EXPIRY_SWEEP,
    everySeconds: app.config.sweepIntervalSeconds,
    run: async () => void (await expireOverdueQuotes({ em: app.orm.em.fork(), app })),
  };
}
