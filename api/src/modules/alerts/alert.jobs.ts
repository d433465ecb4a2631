import type { App } from '../../app';
import type { JobDefinition } from '../../jobs/jobs';
import { sweepStaffAlerts } from './alert.service';

/** Job name of the staff-response sweep, for `app.jobs.runNow(...)`. */
export const STAFF_ALERT_SWEEP = 'staff-alert-sweep';

/** The staff-response alert sweep (seed 003 Master alerts), every `sweepIntervalSeconds`. */
export function staffAlertSweepJob(app: App): JobDefinition {
  return {
    name: STAFF_ALERT_SWEEP,
    everySeconds: app.config.sweepIntervalSeconds,
    run: async () => void (await sweepStaffAlerts(app)),
  };
}
