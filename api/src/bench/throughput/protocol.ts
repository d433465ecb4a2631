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
  process.on('message', (message: { type: string; id: number; gc?: boolean }) => {
    if (message.type === 'stats') {
      const collect = (globalThis as { gc?: () => void }).gc;
      if (message.gc && collect) {
        collect();
        collect();
      }
      const cpu = process.cpuUsage();
      const memory = process.memoryUsage();
      const stats: ChildStats = { cpuMicros: cpu.user + cpu.system, statements, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, subscriptions: subscriptions() };
      process.send!({ type: 'stats', id: message.id, stats });
    } else if (message.type === 'stop') {
      void stop().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
}
