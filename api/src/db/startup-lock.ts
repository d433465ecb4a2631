import { Client } from 'pg';

/** Session advisory lock of start-up schema work (any bigint; this one names Morna's start-up). */
export const STARTUP_LOCK_KEY = 7418500002;

/**
 * Runs `work` while holding the start-up advisory lock on a connection of its own, so instances starting
 * together take turns at schema changes (migrations, job queue tables) instead of racing into duplicate
 * objects or deadlocks. Ending the connection releases the lock, even when `work` throws.
 */
export async function underStartupLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const lock = new Client({ connectionString: databaseUrl, application_name: 'morna-startup-lock' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    return await work();
  } finally {
    await lock.end();
  }
}
