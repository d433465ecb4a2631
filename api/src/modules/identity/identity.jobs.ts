import type { EntityManager } from '@mikro-orm/postgresql';
import type { App } from '../../app';
import type { JobDefinition } from '../../jobs/jobs';
import { transact } from '../../shared/transaction';
import { PasswordReset } from './password-reset.entity';
import { RateLimitCounter } from './rate-limit.entity';
import { deleteExpiredRegistrations } from './registration.service';

/** Name for `app.jobs.runNow(...)`. */
export const IDENTITY_SWEEP = 'identity-sweep';

/** How long ended sessions and expired refresh tokens are kept (support questions, audits), days. */
export const SESSION_RECORD_DAYS = 30;

/**
 * Every sweep interval: deletes expired pending sign-ups (their phone, username and email were never
 * held), spent password-reset codes, throttle counters that have expired, and sessions that ended (or whose
 * refresh tokens all expired) more than SESSION_RECORD_DAYS ago, with their refresh tokens.
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
        await deleteOldSessions(em, new Date(now.getTime() - SESSION_RECORD_DAYS * 86_400_000));
      });
    },
  };
}

/** Sessions revoked before `before`, or left without a refresh token expiring after it, and their tokens. */
async function deleteOldSessions(em: EntityManager, before: Date): Promise<void> {
  await em.execute(
    `DELETE FROM refresh_token WHERE expires_at < ? OR session_id IN (SELECT id FROM auth_session WHERE revoked_at < ?)`,
    [before, before],
  );
  // A session created after `before` may still be receiving its first token: leave it.
  await em.execute(
    `DELETE FROM auth_session s WHERE s.revoked_at < ?
       OR (s.created_at < ? AND NOT EXISTS (SELECT 1 FROM refresh_token r WHERE r.session_id = s.id))`,
    [before, before],
  );
}
