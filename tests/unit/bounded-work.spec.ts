import { BoundedWork } from '../../api/src/shared/bounded-work';

/** A job that finishes when the test says so. */
function gate(): { done: () => void; job: () => Promise<void> } {
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  return { done, job: () => finished };
}

describe('BoundedWork', () => {
  it.each([
    [1, 0],
    [2, 8],
    [3, 1],
  ])('runs %i at a time with %i waiting, and refuses the next one at once', async (concurrency, queue) => {
    const work = new BoundedWork(concurrency, queue, () => new Error('busy'));
    const gates = Array.from({ length: concurrency + queue }, gate);
    let running = 0;
    let most = 0;
    const accepted = gates.map((g) =>
      work.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await g.job();
        running -= 1;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(() => work.run(async () => undefined)).toThrow('busy');
    for (const g of gates) g.done();
    await Promise.all(accepted);
    expect(most).toBe(concurrency);
    // With room again, work is accepted.
    await expect(work.run(async () => 'ok')).resolves.toBe('ok');
  });
});
