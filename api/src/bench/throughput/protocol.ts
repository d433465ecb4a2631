import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import pg from 'pg';

/** What a server child reports when asked (IPC message `{ type: 'stats' }`). */
export interface ChildStats {
  /** process.cpuUsage() since the child started, microseconds (user + system). */
  cpuMicros: number;
  /** SQL statements the child sent to PostgreSQL since it started (every pg `Client.query` call). */
  statements: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Subscriptions attached so far (servers that serve them; 0 otherwise). */
  subscriptions: number;
  /** How late the child's event loop ran and how long garbage collection stopped it, since the previous stats request. */
  pauses: Pauses;
}

/** Event-loop delay (10 ms resolution: delays below it read as about 10 ms) and GC pauses over a window, in ms. */
export interface Pauses {
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
}

/** First message of a server child: where it listens. */
export interface ChildReady {
  type: 'ready';
  url: string;
  graphqlUrl: string;
  wsUrl: string;
}

let statements = 0;

/**
 * Bench-only: counts every statement sent through `pg` in this process by wrapping `Client.prototype.query`
 * (MikroORM's knex and the event relay both go through it; pg_stat_statements is not preloaded in the
 * embedded server). Call before anything connects.
 */
export function countStatements(): void {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function counted(this: unknown, ...args: unknown[]) {
    statements += 1;
    return original.apply(this, args);
  };
}

/**
 * Answers the parent's IPC requests: `stats` (cpu, statements, memory; after a full GC when the child runs
 * with --expose-gc and `gc` is set) and `stop` (runs `stop`, then exits).
 */
export function serveStats(stop: () => Promise<void>, subscriptions: () => number = () => 0): void {
  const pauses = watchPauses();
  process.on('message', (message: { type: string; id: number; gc?: boolean }) => {
    if (message.type === 'stats') {
      const window = pauses();
      const collect = (globalThis as { gc?: () => void }).gc;
      if (message.gc && collect) {
        collect();
        collect();
      }
      const cpu = process.cpuUsage();
      const memory = process.memoryUsage();
      const stats: ChildStats = { cpuMicros: cpu.user + cpu.system, statements, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, subscriptions: subscriptions(), pauses: window };
      process.send!({ type: 'stats', id: message.id, stats });
    } else if (message.type === 'stop') {
      void stop().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
}

/** Starts watching this process's event-loop delay and GC pauses; each call returns the window since the previous one. */
function watchPauses(): () => Pauses {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let gc = { count: 0, total: 0, max: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count += 1;
      gc.total += entry.duration;
      gc.max = Math.max(gc.max, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  return () => {
    const window: Pauses = { loopDelayP99Ms: delay.percentile(99) / 1e6, loopDelayMaxMs: delay.max / 1e6, gcCount: gc.count, gcTotalMs: gc.total, gcMaxMs: gc.max };
    delay.reset();
    gc = { count: 0, total: 0, max: 0 };
    return window;
  };
}
