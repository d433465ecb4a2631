import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** What the parent asks first: `count` clients, each on its own WebSocket, subscribed to `query`. */
export interface SubscribersSpec {
  wsUrl: string;
  token: string;
  query: string;
  count: number;
}

/** The parent's later requests: after `expect`, each client's next event is timed; `close` ends everything. */
export type SubscribersCommand = { type: 'expect'; timeoutMs: number } | { type: 'close' };

/** One event's arrival: when each client received it (epoch ms, sub-ms precision), one payload, and how many clients got errors instead. */
export interface Arrivals {
  type: 'arrivals';
  atMs: number[];
  payload: unknown;
  errors: number;
  firstError?: unknown;
}

const now = () => performance.timeOrigin + performance.now();
/** Connections opened at once (then the next batch), so that thousands do not all knock at the same instant. */
const BATCH = 100;

/**
 * Child process of `npm run bench`: many graphql-ws subscribers, off the servers' processes. Messages:
 * `connected` once every client's connection is acknowledged and its subscription sent; `arrivals` per
 * `expect`; an `error` message (then exit 1) when a subscription fails.
 */
process.once('message', (spec: SubscribersSpec) => {
  const clients: Client[] = [];
  let waiting: { times: number[]; payload: unknown; errors: number; firstError?: unknown; done: () => void } | undefined;
  const fail = (err: unknown) => {
    process.send!({ type: 'error', message: err instanceof Error ? err.message : JSON.stringify(err) }, () => process.exit(1));
  };
  const open = () =>
    new Promise<void>((resolve, reject) => {
      const client = createClient({
        url: spec.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${spec.token}` },
        retryAttempts: 0,
        lazy: false,
        on: { connected: () => resolve(), error: reject },
      });
      clients.push(client);
      client.subscribe(
        { query: spec.query },
        {
          next: (value) => {
            if (!waiting) return;
            // An event answered with errors (the server's time budget, say) is not delivered; the subscription lives on.
            if (value.errors?.length) {
              waiting.errors += 1;
              waiting.firstError ??= value.errors;
            } else {
              waiting.times.push(now());
              waiting.payload ??= value;
            }
            if (waiting.times.length + waiting.errors === spec.count) waiting.done();
          },
          error: fail,
          complete: () => fail(new Error('a subscription completed')),
        },
      );
    });
  void (async () => {
    for (let i = 0; i < spec.count; i += BATCH) await Promise.all(Array.from({ length: Math.min(BATCH, spec.count - i) }, open));
    process.send!({ type: 'connected' });
  })().catch(fail);

  process.on('message', (command: SubscribersCommand) => {
    if (command.type === 'close') {
      void Promise.all(clients.map((c) => c.dispose())).finally(() => process.exit(0));
      return;
    }
    const times: number[] = [];
    let timer: NodeJS.Timeout;
    const report = () => {
      clearTimeout(timer);
      const arrivals: Arrivals = { type: 'arrivals', atMs: times, payload: waiting?.payload, errors: waiting?.errors ?? 0, firstError: waiting?.firstError };
      waiting = undefined;
      process.send!(arrivals);
    };
    waiting = { times, payload: undefined, errors: 0, done: report };
    timer = setTimeout(report, command.timeoutMs);
  });
});
