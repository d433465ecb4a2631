import pLimit from 'p-limit';

/**
 * CPU-heavy work of requests (password hashing, image re-encoding): at most `concurrency` jobs at a time and
 * `queue` waiting, so a burst of requests cannot occupy every core. Beyond the queue, `run` throws what
 * `refuse()` makes at once instead of queueing without bound.
 */
export class BoundedWork {
  private readonly limit: pLimit.Limit;

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
    private readonly refuse: () => Error,
  ) {
    this.limit = pLimit(concurrency);
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    // Running and waiting together: p-limit starts queued work a tick later, so `pendingCount` alone also
    // counts, for a moment, jobs that are about to run.
    if (this.limit.activeCount + this.limit.pendingCount >= this.concurrency + this.queue) throw this.refuse();
    return this.limit(work);
  }
}
