import { createClient, type Client } from 'graphql-ws';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

/** The subscribers one worker holds: one connection and one subscription to `query` per token. */
export interface FanoutPlan {
  wsUrl: string;
  query: string;
  tokens: string[];
}

/** Worker → measurer: all connections opened; one event's arrivals; an event answered with errors; a subscription failed. */
export type FanoutMessage =
  | { kind: 'opened' }
  | { kind: 'arrivals'; cursor: string; atMs: number[] }
  | { kind: 'errored'; codes: string[] }
  | { kind: 'failed'; error: string };

/** Measurer → worker: report the arrivals of `cursor` once `expected` came or at `deadlineMs` (time origin ms). */
export type FanoutCommand = { kind: 'collect'; cursor: string; expected: number; deadlineMs: number } | { kind: 'close' };

/** Connections opened together, each wave once the previous one was acknowledged. */
const OPEN_AT_ONCE = 50;

/** Absolute time in ms with sub-millisecond precision, comparable across threads. */
export const now = (): number => performance.timeOrigin + performance.now();

/**
 * Runs the client side of the fan-out measure in this worker thread, off the event loop of the server under
 * test: `tokens.length` graphql-ws clients, each subscribed once, noting when each event (by cursor) arrived.
 */
async function run(plan: FanoutPlan): Promise<void> {
  const arrivals = new Map<string, number[]>();
  const waiting = new Map<string, { expected: number; timer: NodeJS.Timeout }>();
  const clients: Client[] = [];
  const report = (cursor: string) => {
    const wait = waiting.get(cursor);
    if (wait) clearTimeout(wait.timer);
    waiting.delete(cursor);
    parentPort!.postMessage({ kind: 'arrivals', cursor, atMs: arrivals.get(cursor) ?? [] } satisfies FanoutMessage);
    arrivals.delete(cursor);
  };
  const open = (token: string) => {
    let connected!: () => void;
    const acknowledged = new Promise<void>((resolve) => (connected = resolve));
    const client = createClient({
      url: plan.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      on: { connected },
    });
    clients.push(client);
    client.subscribe<Record<string, { cursor: string }>>(
      { query: plan.query },
      {
        next: (value) => {
          const at = now();
          const update = value.data && Object.values(value.data)[0];
          if (!update || value.errors?.length) {
            // An event answered with errors (TIME_BUDGET_EXCEEDED under load) did not arrive; the subscription goes on.
            parentPort!.postMessage({ kind: 'errored', codes: (value.errors ?? []).map((e) => String(e.extensions?.code)) } satisfies FanoutMessage);
            return;
          }
          let list = arrivals.get(update.cursor);
          if (!list) arrivals.set(update.cursor, (list = []));
          list.push(at);
          if (list.length >= (waiting.get(update.cursor)?.expected ?? Infinity)) report(update.cursor);
        },
        error: (err) => parentPort!.postMessage({ kind: 'failed', error: err instanceof Error ? err.message : JSON.stringify(err, ['code', 'reason']) } satisfies FanoutMessage),
        complete: () => parentPort!.postMessage({ kind: 'failed', error: 'subscription completed' } satisfies FanoutMessage),
      },
    );
    return acknowledged;
  };
  // A few connections at a time, as users arrive, rather than thousands of handshakes in the same instant.
  for (let i = 0; i < plan.tokens.length; i += OPEN_AT_ONCE) await Promise.all(plan.tokens.slice(i, i + OPEN_AT_ONCE).map(open));
  parentPort!.postMessage({ kind: 'opened' } satisfies FanoutMessage);
  parentPort!.on('message', (command: FanoutCommand) => {
    if (command.kind === 'close') {
      void Promise.all(clients.map((c) => c.dispose())).then(() => process.exit(0));
      return;
    }
    if ((arrivals.get(command.cursor)?.length ?? 0) >= command.expected) return report(command.cursor);
    const timer = setTimeout(() => report(command.cursor), Math.max(0, command.deadlineMs - now()));
    waiting.set(command.cursor, { expected: command.expected, timer });
  });
}

// A failure is an unhandled rejection, which ends the worker with an 'error' event carrying it.
if (parentPort) void run(workerData as FanoutPlan);
