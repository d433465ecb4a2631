import type { Knex } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { classifyLogin } from './identity.rules';
import { RATE_LIMIT_TABLE } from './rate-limit.entity';
import { failureVerdict, growingBlockSeconds, retryAfterSeconds, type ThrottleLimit } from './throttle.rules';

/** One limit applied to one subject (an account, a phone, an IP, an account+IP pair). */
export type ThrottleKey = readonly [ThrottleLimit, string];

/** The client IP that per-IP limits count ('unknown' when the transport names none). */
export function clientIp(ctx: Pick<Context, 'ip'>): string {
  return ctx.ip ?? 'unknown';
}

/**
 * The subject of per-account limits: the account's id when the login names one, so its username, email and
 * customer code share one count; otherwise the normalised login text.
 */
export function accountSubject(userId: string | null, login: string): string {
  return userId ? `user:${userId}` : `login:${classifyLogin(login).value}`;
}

/** The subject key for an account (see accountSubject) and a client IP together. */
export function accountAndIp(account: string, ctx: Pick<Context, 'ip'>): string {
  return `${account}|${clientIp(ctx)}`;
}

/** What the work of a throttled attempt answers: a failed one (wrong password or code) keeps its points. */
export type AttemptResult<T> = { failed: false; value: T } | { failed: true; error: DomainError };

/**
 * Throttles of the public entry points, stored in PostgreSQL (rate-limiter-flexible) so that every API
 * instance sees the same counts. Refusals are `TOO_MANY_ATTEMPTS` with `extensions.retryAfterSeconds`.
 * Subjects are stored hashed: the table holds no logins, phones or addresses.
 */
export class Throttle {
  private readonly limiters = new Map<string, RateLimiterPostgres>();
  /** How many times a key was blocked today: each new block lasts twice as long. */
  private readonly blocks: RateLimiterPostgres;

  constructor(
    private readonly knex: Knex,
    private readonly exemptIps: ReadonlySet<string>,
  ) {
    this.blocks = this.store('blocks', 1_000_000, 86_400);
  }

  /**
   * Runs one attempt under `failures` limits. A point is taken on every key before `work` (atomically, so
   * parallel attempts cannot all slip under a limit); when any key is beyond its limit the attempt is refused
   * with TOO_MANY_ATTEMPTS and `work` does not run; the one attempt that first goes beyond blocks the key (the
   * block grows per block of the day). A failed attempt keeps its points and throws its error; a successful
   * one gives them back and clears `clearOnSuccess`; one whose work throws gives them back and rethrows.
   */
  async attempt<T>(keys: readonly ThrottleKey[], work: () => Promise<AttemptResult<T>>, clearOnSuccess: readonly ThrottleKey[] = []): Promise<T> {
    const taken = this.applicable(keys);
    const waits = await Promise.all(taken.map(([limit, subject]) => this.take(limit, hashed(subject))));
    if (waits.some((wait) => wait !== null)) {
      // A refused attempt did no work: the keys that still had room get their point back.
      await this.giveBack(taken.filter((_, i) => waits[i] === null));
      throw tooMany(Math.max(...waits.map((wait) => wait ?? 0)));
    }
    let result: AttemptResult<T>;
    try {
      result = await work();
    } catch (err) {
      await this.giveBack(taken);
      throw err;
    }
    if (result.failed) throw result.error;
    const cleared = this.applicable(clearOnSuccess);
    const isCleared = ([limit, subject]: ThrottleKey) => cleared.some(([l, s]) => l.name === limit.name && s === subject);
    await this.giveBack(taken.filter((key) => !isCleared(key)));
    await Promise.all(cleared.map(([limit, subject]) => this.limiter(limit).delete(hashed(subject))));
    return result.value;
  }

  /** Counts one request on every key (`requests` limits); refuses when any is over its limit. */
  async consume(keys: readonly ThrottleKey[]): Promise<void> {
    let waitMs = 0;
    for (const [limit, subject] of this.applicable(keys)) {
      const res = await this.limiter(limit).consume(hashed(subject)).catch(overLimit);
      if (res.consumedPoints > limit.points) waitMs = Math.max(waitMs, res.msBeforeNext);
    }
    if (waitMs > 0) throw tooMany(waitMs);
  }

  /** Takes a point of a failures key: null when within the limit, else how long the key stays closed (ms). */
  private async take(limit: ThrottleLimit, key: string): Promise<number | null> {
    const res = await this.limiter(limit).consume(key).catch(overLimit);
    switch (failureVerdict(limit, res.consumedPoints)) {
      case 'allowed':
        return null;
      case 'exhausted': {
        const penalties = await this.blocks.penalty(`${limit.name}:${key}`);
        const seconds = growingBlockSeconds(limit, penalties.consumedPoints);
        await this.limiter(limit).block(key, seconds);
        return seconds * 1000;
      }
      case 'blocked':
        return res.msBeforeNext;
    }
  }

  private async giveBack(keys: readonly ThrottleKey[]): Promise<void> {
    await Promise.all(keys.map(([limit, subject]) => this.limiter(limit).reward(hashed(subject))));
  }

  private applicable(keys: readonly ThrottleKey[]): readonly ThrottleKey[] {
    return keys.filter(([limit, subject]) => !(limit.perIp && this.exemptIps.has(subject)));
  }

  private limiter(limit: ThrottleLimit): RateLimiterPostgres {
    let limiter = this.limiters.get(limit.name);
    if (!limiter) this.limiters.set(limit.name, (limiter = this.store(limit.name, limit.points, limit.durationSeconds)));
    return limiter;
  }

  private store(keyPrefix: string, points: number, duration: number): RateLimiterPostgres {
    // The table comes from a migration, and the identity sweep job deletes expired rows.
    return new RateLimiterPostgres({
      storeClient: this.knex, storeType: 'knex', tableName: RATE_LIMIT_TABLE, tableCreated: true, clearExpiredByTimeout: false, keyPrefix, points, duration,
    });
  }
}

function hashed(subject: string): string {
  return createHash('sha256').update(subject).digest('base64url');
}

/** rate-limiter-flexible rejects with a RateLimiterRes when over the limit; anything else is a real error. */
function overLimit(err: unknown): RateLimiterRes {
  if (err instanceof RateLimiterRes) return err;
  throw err;
}

function tooMany(waitMs: number): DomainError {
  return new DomainError('TOO_MANY_ATTEMPTS', { retryAfterSeconds: retryAfterSeconds(waitMs) });
}
