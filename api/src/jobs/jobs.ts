import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { underStartupLock } from '../db/startup-lock';

/** Connections of pg-boss's own pool, on top of the API's query pool (DATABASE_POOL_MAX). */
export const JOB_QUEUE_POOL = 4;
/** How often an idle worker looks for its next job (ms). */
const WORKER_POLL_MS = 500;
/** How long stopping waits for running jobs (ms); they are idempotent, so one cut short runs again later. */
const STOP_WAIT_MS = 10_000;

/** A durable job: its work reads the database state, so running it twice or late is harmless. */
export interface JobDefinition {
  name: string;
  /**
   * Its period (seconds, whole): it runs once per `everySeconds` slot of the database clock across all
   * instances (see `Jobs.enqueue`).
   */
  everySeconds: number;
  run(): Promise<void>;
}

/**
 * The PostgreSQL-backed job queue (pg-boss): sweeps for deadlines and alerts, and the WhatsApp outbox
 * dispatcher. Jobs survive restarts and are retried on failure.
 */
export class Jobs {
  private timers: NodeJS.Timeout[] = [];
  private workers: Promise<void>[] = [];
  private stopped = false;

  private constructor(
    private readonly boss: PgBoss,
    private readonly definitions: Map<string, JobDefinition>,
    private readonly log: Logger,
  ) {}

  static async start(connectionString: string, definitions: JobDefinition[], log: Logger): Promise<Jobs> {
    const boss = new PgBoss({ connectionString, schema: 'pgboss', max: JOB_QUEUE_POOL });
    boss.on('error', (err) => log.error({ err }, 'job queue error'));
    await boss.start();
    const jobs = new Jobs(boss, new Map(definitions.map((d) => [d.name, d])), log);
    try {
      // Creating a queue adds its table: instances starting together deadlocked doing it at once.
      await underStartupLock(connectionString, async () => {
        for (const definition of definitions) await boss.createQueue(definition.name, { name: definition.name, retryLimit: 5, retryDelay: 10, retryBackoff: true });
      });
      for (const definition of definitions) {
        jobs.workers.push(jobs.work(definition));
        // Twice per period: every slot gets a tick from every instance, even when a timer fires late.
        jobs.timers.push(setInterval(() => void jobs.enqueue(definition).catch((err) => log.warn({ err }, 'enqueue failed')), definition.everySeconds * 500));
      }
    } catch (err) {
      // Half-started: stop the workers and the queue that did start, so nothing runs on unseen.
      await jobs.stop();
      throw err;
    }
    return jobs;
  }

  /**
   * Our own worker loop rather than `boss.work`: pg-boss 10 does not await the completion it records after a
   * job, so a dropped database connection there became an unhandled rejection that killed the process. Here
   * every step is awaited, and a failure is logged and retried on the next poll.
   */
  private async work(definition: JobDefinition): Promise<void> {
    while (!this.stopped) {
      try {
        const [job] = await this.boss.fetch(definition.name);
        if (job) {
          await definition.run().then(
            () => this.boss.complete(definition.name, job.id),
            (err: unknown) => this.boss.fail(definition.name, job.id, { message: err instanceof Error ? err.message : String(err) }),
          );
          continue;
        }
      } catch (err) {
        this.log.warn({ err, job: definition.name }, 'job worker failed; retrying');
      }
      await new Promise((resolve) => setTimeout(resolve, WORKER_POLL_MS));
    }
  }

  /**
   * Enqueues the job of the current slot: pg-boss numbers slots of `everySeconds` by the database's clock and
   * keeps one job per name and slot (a unique index), so however many instances tick, it runs once a period.
   * Slots half as long let two instances ticking in different halves both enqueue, and it ran twice.
   */
  private enqueue(definition: JobDefinition): Promise<string | null> {
    return this.boss.send(definition.name, {}, { singletonKey: definition.name, singletonSeconds: definition.everySeconds });
  }

  /** Enqueues `name` now and resolves when a worker completed it (rejects if it failed). */
  async runNow(name: string, timeoutMs = 30000): Promise<void> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`unknown job ${name}`);
    const id = await this.boss.send(name, {});
    if (!id) throw new Error(`job ${name} was not enqueued`);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const job = await this.boss.getJobById(name, id);
      if (job?.state === 'completed') return;
      if (job?.state === 'failed') throw new Error(`job ${name} failed: ${JSON.stringify(job.output)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${name} did not finish in ${timeoutMs} ms`);
  }

  /** Jobs waiting to run (created or retrying, not yet active) in each queue of this instance. */
  async queueDepths(): Promise<Record<string, number>> {
    const depths: Record<string, number> = {};
    for (const name of this.definitions.keys()) depths[name] = await this.boss.getQueueSize(name, { before: 'active' });
    return depths;
  }

  /** Stops enqueueing and fetching; waits up to `STOP_WAIT_MS` for jobs running now to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)));
    await Promise.race([Promise.all(this.workers), waited]);
    clearTimeout(timer);
    await this.boss.stop({ graceful: true, wait: true, timeout: STOP_WAIT_MS });
  }
}
