import type { Knex } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Context } from '../../context';
import { queryKnexRows, statement } from '../../db/raw-reads';
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

  /**
   * One lookup under `failures` limits whose work is a few indexed reads (the public tracking), settled in one
   * statement for all its keys: the work runs first; then a successful lookup reads its keys' counts and is
   * answered unless a key is at its limit or blocked, and a failed one takes a point on every key in one
   * upsert, atomically (of parallel failures exactly the first `points` get the work's error). The refusals are
   * `attempt`'s: TOO_MANY_ATTEMPTS once a key is beyond its limit, the first attempt beyond blocking it (growing
   * per block of the day), even the right answer refused while blocked, a refused attempt's points given back
   * on the keys that had room; the work's answer is then withheld. Those rarer paths take more statements.
   */
  async lookup<T>(keys: readonly ThrottleKey[], work: () => Promise<AttemptResult<T>>): Promise<T> {
    const taken = this.applicable(keys);
    const result = await work();
    if (taken.length === 0) {
      if (result.failed) throw result.error;
      return result.value;
    }
    const storeKeys = taken.map(([limit, subject]) => storeKey(limit, hashed(subject)));
    if (!result.failed) {
      const rows = await queryKnexRows(this.knex, READ_COUNTS, [storeKeys, Date.now()]);
      const points = new Map(rows.map((row) => [row.key as string, Number(row.points)]));
      const atLimit = taken.some(([limit], i) => (points.get(storeKeys[i]!) ?? 0) >= limit.points);
      // The next point would exhaust a key or it is blocked: `attempt` takes it, blocks and refuses as it always does.
      return atLimit ? this.attempt(keys, async () => result) : result.value;
    }
    const now = Date.now();
    const rows = await queryKnexRows(this.knex, TAKE_POINTS, [storeKeys, taken.map(([limit]) => now + limit.durationSeconds * 1000), now]);
    const byKey = new Map(rows.map((row) => [row.key as string, row]));
    const waits = await Promise.all(taken.map(([limit, subject], i) => {
      const row = byKey.get(storeKeys[i]!)!;
      return this.verdict(limit, hashed(subject), Number(row.points), row.expire == null ? -1 : Math.max(Number(row.expire) - now, 0));
    }));
    if (waits.some((wait) => wait !== null)) {
      await this.giveBack(taken.filter((_, i) => waits[i] === null));
      throw tooMany(Math.max(...waits.map((wait) => wait ?? 0)));
    }
    throw result.error;
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
    return this.verdict(limit, key, res.consumedPoints, res.msBeforeNext);
  }

  /**
   * What the `consumedPoints`-th point taken on a failures key means: null when within the limit; else how long
   * the key stays closed (ms), blocking it first when this point is the one that exhausts it.
   */
  private async verdict(limit: ThrottleLimit, key: string, consumedPoints: number, msBeforeNext: number): Promise<number | null> {
    switch (failureVerdict(limit, consumedPoints)) {
      case 'allowed':
        return null;
      case 'exhausted': {
        const penalties = await this.blocks.penalty(`${limit.name}:${key}`);
        const seconds = growingBlockSeconds(limit, penalties.consumedPoints);
        await this.limiter(limit).block(key, seconds);
        return seconds * 1000;
      }
      case 'blocked':
        return msBeforeNext;
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

/** A counter's key in the table, as rate-limiter-flexible writes it: `<limit name>:<hashed subject>`. */
function storeKey(limit: ThrottleLimit, hashedSubject: string): string {
  return `${limit.name}:${hashedSubject}`;
}

/** The live counters among keys $1 at epoch ms $2 (rate-limiter-flexible's `get`, for several keys at once). */
const READ_COUNTS = statement(`SELECT key, points FROM ${RATE_LIMIT_TABLE} WHERE key = ANY($1::text[]) AND (expire > $2 OR expire IS NULL)`);

/**
 * A point taken on every key $1 (each new counter expiring at its $2, epoch ms) at epoch ms $3, with
 * rate-limiter-flexible's semantics (its `consume`'s upsert, for several keys at once): an expired counter
 * starts again at 1 with its new expiry; a live or blocked one gains a point and keeps its expiry.
 */
const TAKE_POINTS = statement(`INSERT INTO ${RATE_LIMIT_TABLE} AS r (key, points, expire)
  SELECT k, 1, e FROM unnest($1::text[], $2::bigint[]) AS taken(k, e)
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN r.expire <= $3 THEN 1 ELSE r.points + 1 END,
    expire = CASE WHEN r.expire <= $3 THEN excluded.expire ELSE r.expire END
  RETURNING key, points, expire`);

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
