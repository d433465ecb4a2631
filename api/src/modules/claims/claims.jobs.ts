import type { App } from '../../app';
import type { JobDefinition } from '../../jobs/jobs';
import { releaseLapsedClaims } from './claims.service';

/** Name for `app.jobs.runNow(...)`. */
export const CLAIM_LAPSE_SWEEP = 'claim-lapse-sweep';

/** Drops claims idle past CLAIM_IDLE_MINUTES and tells the queues (issue 7), every sweep interval. */
export function claimLapseSweepJob(app: App): JobDefinition {
  return {
    name: CLAIM_LAPSE_SWEEP,
    everySeconds: app.config.sweepIntervalSeconds,
    run: async () => void (await releaseLapsedClaims({ em: app.orm.em.fork(), app })),
  };
}
