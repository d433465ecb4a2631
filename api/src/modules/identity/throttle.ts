import type { Knex } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../../shared/errors';
import { growingBlockSeconds, retryAfterSeconds, type ThrottleLimit } from './throttle.rules';

/** Table created by a migration; shared by every limit (keys carry the limit's name). */
export const RATE_LIMIT_TABLE = 'rate_limit';

/** One limit applied to one subject (a login, a phone, an IP, a login+IP pair). */
export type ThrottleKey = readonly [ThrottleLimit, string];

/** The subject key for a login (lower-cased) and a client IP together. */
export function loginAndIp(login: string, ip: string | null): string {
  return `${login.trim().toLowerCase()}|${ip ?? 'unknown'}`;
}

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

  /** Refuses when any key is blocked or has used up its failures; counts nothing. Call before costly work. */
  async assertOpen(keys: readonly ThrottleKey[]): Promise<void> {
    let waitMs = 0;
    for (const [limit, subject] of this.applicable(keys)) {
      const res = await this.limiter(limit).get(hashed(subject));
      if (res && res.consumedPoints >= limit.points) waitMs = Math.max(waitMs, res.msBeforeNext);
    }
    if (waitMs > 0) throw tooMany(waitMs);
  }

  /** Counts a refused attempt on every key; a key that runs out is blocked for a time that grows per block. */
  async recordFailure(keys: readonly ThrottleKey[]): Promise<void> {
    for (const [limit, subject] of this.applicable(keys)) {
      const key = hashed(subject);
      const res = await this.limiter(limit).consume(key).catch(overLimit);
      if (res.remainingPoints > 0) continue;
      const penalties = await this.blocks.penalty(`${limit.name}:${key}`);
      await this.limiter(limit).block(key, growingBlockSeconds(limit, penalties.consumedPoints));
    }
  }

  /** Clears the failures of these keys (after a success). */
  async reset(keys: readonly ThrottleKey[]): Promise<void> {
    for (const [limit, subject] of this.applicable(keys)) await this.limiter(limit).delete(hashed(subject));
  }

  /** Counts one request on every key; refuses when any is over its limit. */
  async consume(keys: readonly ThrottleKey[]): Promise<void> {
    let waitMs = 0;
    for (const [limit, subject] of this.applicable(keys)) {
      const res = await this.limiter(limit).consume(hashed(subject)).catch(overLimit);
      if (res.consumedPoints > limit.points) waitMs = Math.max(waitMs, res.msBeforeNext);
    }
    if (waitMs > 0) throw tooMany(waitMs);
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
