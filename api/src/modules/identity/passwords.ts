import argon2 from 'argon2';
import pLimit from 'p-limit';
import { DomainError } from '../../shared/errors';

/** argon2id hash of a password, unqueued (seeds and scripts; requests go through PasswordHasher). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/**
 * argon2 work of requests (~200 ms of CPU each): at most `concurrency` at a time and `queue` waiting, so
 * anonymous traffic cannot occupy every core. A full queue refuses with TOO_MANY_ATTEMPTS (retry in 1 s).
 */
export class PasswordHasher {
  private readonly limit: pLimit.Limit;
  // Verifying a made-up hash keeps the timing the same whether or not a login exists.
  private dummyHash?: Promise<string>;

  constructor(
    concurrency: number,
    private readonly queue: number,
  ) {
    this.limit = pLimit(concurrency);
  }

  hash(password: string): Promise<string> {
    return this.run(() => hashPassword(password));
  }

  /** Whether `password` matches `hash`; with no hash (unknown login), spends the same work and answers false. */
  verify(hash: string | null, password: string): Promise<boolean> {
    return this.run(async () => {
      if (hash) return argon2.verify(hash, password);
      await argon2.verify(await (this.dummyHash ??= hashPassword('not-a-password')), password);
      return false;
    });
  }

  private run<T>(work: () => Promise<T>): Promise<T> {
    if (this.limit.pendingCount >= this.queue) throw new DomainError('TOO_MANY_ATTEMPTS', { retryAfterSeconds: 1 });
    return this.limit(work);
  }
}
