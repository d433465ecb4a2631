import pLimit from 'p-limit';

/**
 * CPU-heavy work of requests (password hashing, image re-encoding): at most `concurrency` jobs at a time and
 * `queue` waiting, so a burst of requests cannot occupy every core. Beyond the queue, `run` throws what
 * `refuse()` makes at once instead of queueing without bound.
 */
export class BoundedWork {
  private readonly limit: pLimit.Limit;

  constructor(
    concurrency: number,
    private readonly queue: number,
    private readonly refuse: () => Error,
  ) {
    this.limit = pLimit(concurrency);
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.limit.pendingCount >= this.queue) throw this.refuse();
    return this.limit(work);
  }
}
