import argon2 from 'argon2';
import { BoundedWork } from '../../shared/bounded-work';
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
  private readonly work: BoundedWork;
  // Verifying a made-up hash keeps the timing the same whether or not a login exists.
  private dummyHash?: Promise<string>;

  constructor(concurrency: number, queue: number) {
    this.work = new BoundedWork(concurrency, queue, () => new DomainError('TOO_MANY_ATTEMPTS', { retryAfterSeconds: 1 }));
  }

  hash(password: string): Promise<string> {
    return this.work.run(() => hashPassword(password));
  }

  /**
   * The index of the first of `hashes` that `password` matches, or -1; checks in order and stops at a match,
   * so a miss always costs `hashes.length` checks. A null (no such account) costs the same work as a hash.
   */
  firstMatch(hashes: readonly (string | null)[], password: string): Promise<number> {
    return this.work.run(async () => {
      for (const [i, hash] of hashes.entries()) {
        if (hash && (await argon2.verify(hash, password))) return i;
        if (!hash) await argon2.verify(await (this.dummyHash ??= hashPassword('not-a-password')), password);
      }
      return -1;
    });
  }
}
