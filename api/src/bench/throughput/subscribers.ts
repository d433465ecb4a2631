import WebSocket from 'ws';

/** What the parent asks first: `count` subscribers, each on its own WebSocket, subscribed to `query`. */
export interface SubscribersSpec {
  wsUrl: string;
  token: string;
  query: string;
  count: number;
}

/** The parent's later requests: after `expect`, each subscriber's next event is timed; `close` ends everything. */
export type SubscribersCommand = { type: 'expect'; timeoutMs: number } | { type: 'close' };

/** One event's arrival: when each subscriber received it (`monotonicMs`), one payload, and how many subscribers got errors instead. */
export interface Arrivals {
  type: 'arrivals';
  atMs: number[];
  payload: unknown;
  errors: number;
  firstError?: unknown;
  /** CPU this process spent from `expect` to its report (reading, timing and parsing the frames), ms. */
  cpuMs: number;
}

/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC, sub-ms precision): one clock for every
 * process of the run, so the parent's commit time and the children's arrival times compare directly.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** graphql-ws's WebSocket subprotocol (the "graphql-transport-ws" protocol). */
const PROTOCOL = 'graphql-transport-ws';
/** The one subscription id each socket uses. */
const SUBSCRIPTION_ID = '1';
/** Connections opened at once (then the next batch), so that thousands do not all knock at the same instant. */
const BATCH = 100;

type Frame = { type: string; id?: string; payload?: { data?: unknown; errors?: unknown[] } | unknown };

/**
 * Child process of `npm run bench`: many graphql-ws subscribers, off the servers' processes (the parent may
 * start several, each with a share of the sockets). Messages: `connected` once every connection is
 * acknowledged and its subscription sent; `arrivals` per `expect`; an `error` message (then exit 1) when a
 * subscription fails.
 *
 * Each socket speaks the graphql-transport-ws protocol itself (connection_init, connection_ack, subscribe,
 * pong to ping; error or complete fail the run) rather than through graphql-ws's client: the measure is
 * commit → client, and a frame is timed the moment its WebSocket message reaches this process. Frames of an
 * awaited event are only stored then, and parsed (payload, errors) once every subscriber reported or the
 * time ran out, so that one thread parsing and dispatching thousands of frames does not delay the reading
 * (and the timing) of the sockets behind them.
 */
process.once('message', (spec: SubscribersSpec) => {
  const sockets: WebSocket[] = [];
  let waiting: { times: number[]; frames: Buffer[]; cpu: NodeJS.CpuUsage; done: () => void } | undefined;
  const fail = (message: string) => {
    process.send!({ type: 'error', message }, () => process.exit(1));
  };
  /** A frame outside an awaited event, or one that is not the subscription's `next`: what the protocol asks. */
  const handle = (socket: WebSocket, frame: Frame) => {
    if (frame.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
    else if (frame.type === 'error') fail(`a subscription failed: ${JSON.stringify(frame.payload)}`);
    else if (frame.type === 'complete') fail('a subscription completed');
  };
  const open = () =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(spec.wsUrl, PROTOCOL, { perMessageDeflate: false });
      sockets.push(socket);
      let acknowledged = false;
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${spec.token}` } })));
      socket.once('error', reject);
      socket.once('close', (code, reason) => {
        const why = `socket closed (${code} ${reason.toString()})`;
        if (acknowledged) fail(why);
        else reject(new Error(why));
      });
      socket.on('message', (data: Buffer) => {
        const at = monotonicMs();
        if (acknowledged && waiting) {
          waiting.times.push(at);
          waiting.frames.push(data);
          if (waiting.frames.length === spec.count) waiting.done();
          return;
        }
        const frame = JSON.parse(data.toString()) as Frame;
        if (!acknowledged && frame.type === 'connection_ack') {
          acknowledged = true;
          socket.send(JSON.stringify({ id: SUBSCRIPTION_ID, type: 'subscribe', payload: { query: spec.query } }));
          resolve();
        } else handle(socket, frame);
      });
    });
  void (async () => {
    for (let i = 0; i < spec.count; i += BATCH) await Promise.all(Array.from({ length: Math.min(BATCH, spec.count - i) }, open));
    process.send!({ type: 'connected' });
  })().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));

  process.on('message', (command: SubscribersCommand) => {
    if (command.type === 'close') {
      for (const socket of sockets) socket.terminate();
      process.exit(0);
    }
    let timer: NodeJS.Timeout;
    const report = () => {
      clearTimeout(timer);
      const { times, frames, cpu } = waiting!;
      waiting = undefined;
      const arrivals: Arrivals = { type: 'arrivals', atMs: [], payload: undefined, errors: 0, cpuMs: 0 };
      frames.forEach((data, i) => {
        const frame = JSON.parse(data.toString()) as Frame;
        if (frame.type !== 'next' || frame.id !== SUBSCRIPTION_ID) return fail(`unexpected frame while an event was awaited: ${data.toString().slice(0, 300)}`);
        const payload = frame.payload as { errors?: unknown[] };
        // An event answered with errors (the server's time budget, say) is not delivered; the subscription lives on.
        if (payload.errors?.length) {
          arrivals.errors += 1;
          arrivals.firstError ??= payload.errors;
        } else {
          arrivals.atMs.push(times[i]!);
          arrivals.payload ??= payload;
        }
      });
      const used = process.cpuUsage(cpu);
      arrivals.cpuMs = (used.user + used.system) / 1000;
      process.send!(arrivals);
    };
    waiting = { times: [], frames: [], cpu: process.cpuUsage(), done: report };
    timer = setTimeout(report, command.timeoutMs);
  });
});
