import type { App } from '../../app';
import type { JobDefinition } from '../../jobs/jobs';
import { transact } from '../../shared/transaction';
import { PasswordReset } from './password-reset.entity';
import { RateLimitCounter } from './rate-limit.entity';
import { deleteExpiredRegistrations } from './registration.service';

/** Name for `app.jobs.runNow(...)`. */
export const IDENTITY_SWEEP = 'identity-sweep';

/**
 * Every sweep interval: deletes expired pending sign-ups (their phone, username and email were never
 * held), spent password-reset codes, and throttle counters that have expired.
 */
export function identitySweepJob(app: App): JobDefinition {
  return {
    name: IDENTITY_SWEEP,
    everySeconds: app.config.sweepIntervalSeconds,
    run: async () => {
      const now = new Date();
      await transact({ em: app.orm.em.fork(), app }, async (em) => {
        await deleteExpiredRegistrations(em, now);
        await em.nativeDelete(PasswordReset, { $or: [{ expiresAt: { $lt: now } }, { consumedAt: { $ne: null } }] });
        await em.nativeDelete(RateLimitCounter, { expire: { $lt: String(now.getTime()) } });
      });
    },
  };
}
