import { MikroORM } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Client } from 'pg';
import { signAccessToken } from '../auth/tokens';
import { startEmbeddedPostgres } from '../db/embedded';
import { ormOptions } from '../db/orm';
import { seedDemoData } from '../seed/demo';
import { freePort } from '../shared/free-port';
import type { ChatMessage, ChatPlan } from './chat-worker';
import { formatMs, percentileOrNaN } from './stats';
import type { Pauses } from './throughput/protocol';
import { startServerProcess } from './throughput/server-process';

/** How chatters send: over their own graphql-ws connection (as a chat client does) or one HTTP request each. */
export type ChatSendMode = 'ws' | 'http';

/** What `measureChat` reports; latencies from just before a message's request to its arrival on the sender's live chat. */
export interface ChatResult {
  connections: number;
  seconds: number;
  send: ChatSendMode;
  /** Messages sent (request answered) per second over the run. */
  messagesPerSecond: number;
  sent: number;
  delivered: number;
  /** Sent but never received live within the drain time after the run (an event answered with an error instead counts here). */
  lost: number;
  /** Of those, missing from the chat's history too (a client refetching would not find them either). */
  missingFromHistory: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From just before a message's request to its answer (written and committed): the write path's part of the latency. */
  answerP50Ms: number;
  answerP99Ms: number;
  /** The API process's event-loop delay and GC pauses over the run. */
  apiPauses: Pauses;
  /** The API process's CPU (user + system) and SQL statements over the run, per message sent. */
  apiCpuMsPerMessage: number;
  statementsPerMessage: number;
  /**
   * The client side's CPU (this process: the chatters' worker threads and the measurer) over the run, per
   * message sent and as cores busy (1 = one core fully used): shows whether the harness limits the run.
   */
  clientCpuMsPerMessage: number;
  clientCores: number;
  /** Worker threads the chatters were spread over. */
  clientThreads: number;
  /** The worst client thread's p99 event-loop delay while sending (ms): how late the client itself noticed arrivals. */
  clientLoopDelayP99Ms: number;
  /** Requests refused or failed, by code (not sent, so not lost). */
  sendErrors: Record<string, number>;
  feedErrors: string[];
}

/** Chatters per worker thread: the client side spread over threads so that it is not the bottleneck. */
const PER_WORKER = 500;

/**
 * `connections` customers, each with an open support chat and a graphql-ws connection subscribed to it
 * (`chatUpdated`), each sending one message a second (`sendChatMessage`, over that connection or over HTTP:
 * `send`) for `seconds`, against the API as `npm start` runs it in production, in its own process (the
 * throughput bench's server child), over an embedded PostgreSQL in a temporary folder. Self-contained:
 * starts and stops everything it uses.
 */
export async function measureChat(connections: number, seconds: number, send: ChatSendMode = 'ws', cpuProfileDir?: string): Promise<ChatResult> {
  const folder = mkdtempSync(join(tmpdir(), 'morna-chat-'));
  const stops: (() => Promise<unknown>)[] = [async () => rmSync(folder, { recursive: true, force: true })];
  try {
    const database = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), port: await freePort(), database: 'morna' });
    stops.unshift(database.stop);
    const orm = await MikroORM.init(ormOptions(database.url, { logger: () => undefined }));
    try {
      await orm.getMigrator().up();
      await seedDemoData(orm.em.fork(), { customers: false });
    } finally {
      await orm.close(true);
    }
    const jwtSecret = randomBytes(32).toString('hex');
    const api = await startServerProcess('Morna', 'morna-server.js', {
      NODE_ENV: 'production',
      JWT_SECRET: jwtSecret,
      API_KEY_PEPPER: randomBytes(32).toString('hex'),
      DATABASE_URL: database.url,
      MORNA_DATA_DIR: folder,
      THROTTLE_EXEMPT_IPS: '127.0.0.1,::1,::ffff:127.0.0.1',
      // Every chatter connects from this one address.
      WS_MAX_CONNECTIONS_PER_IP: String(connections + 10),
    }, cpuProfileDir);
    stops.unshift(() => api.stop());
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    stops.unshift(() => pg.end());
    const chatters = await customersWithChats(pg, connections, jwtSecret);

    const workers: Worker[] = [];
    const results: Extract<ChatMessage, { kind: 'done' }>[] = [];
    let ready = 0;
    let failure: string | undefined;
    for (let i = 0; i < chatters.length; i += PER_WORKER) {
      const plan: ChatPlan = { wsUrl: api.wsUrl, graphqlUrl: api.graphqlUrl, chatters: chatters.slice(i, i + PER_WORKER), durationMs: seconds * 1000, drainMs: 60_000, send };
      const worker = new Worker(join(__dirname, 'chat-worker.js'), { workerData: plan });
      worker.on('message', (message: ChatMessage) => {
        if (message.kind === 'ready') ready += 1;
        else if (message.kind === 'done') results.push(message);
        else failure ??= message.error;
      });
      worker.on('error', (err) => (failure ??= String(err)));
      workers.push(worker);
      stops.unshift(() => worker.terminate());
    }
    const waitFor = async (done: () => boolean | Promise<boolean>, timeoutMs: number, what: string) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await done())) {
        if (failure) throw new Error(`chat client failed: ${failure}`);
        if (Date.now() > deadline) throw new Error(`chat bench: ${what} did not happen within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await waitFor(async () => ready === workers.length && (await api.stats()).subscriptions >= connections, 120_000, 'every chat subscription starting');
    const before = await api.stats();
    const clientBefore = process.cpuUsage();
    const startedAt = performance.now();
    for (const worker of workers) worker.postMessage('go');
    await waitFor(() => results.length === workers.length, seconds * 1000 + 120_000, 'the run finishing');
    const clientCpu = process.cpuUsage(clientBefore);
    const elapsedMs = performance.now() - startedAt;
    const after = await api.stats();

    const latencies = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
    const answers = results.flatMap((r) => r.answerMsList);
    const sendErrors: Record<string, number> = {};
    for (const r of results) for (const [code, n] of Object.entries(r.sendErrors)) sendErrors[code] = (sendErrors[code] ?? 0) + n;
    const sent = results.reduce((n, r) => n + r.sent, 0);
    return {
      connections,
      seconds,
      send,
      messagesPerSecond: Math.round(sent / seconds),
      sent,
      delivered: latencies.length,
      lost: results.reduce((n, r) => n + r.lost, 0),
      missingFromHistory: results.reduce((n, r) => n + r.missingFromHistory, 0),
      p50Ms: percentileOrNaN(latencies, 50),
      p99Ms: percentileOrNaN(latencies, 99),
      maxMs: latencies.at(-1) ?? NaN,
      answerP50Ms: percentileOrNaN(answers, 50),
      answerP99Ms: percentileOrNaN(answers, 99),
      apiPauses: after.pauses,
      // Includes the history look-ups of unheard messages after the run (none when nothing was lost).
      apiCpuMsPerMessage: sent ? (after.cpuMicros - before.cpuMicros) / 1000 / sent : NaN,
      statementsPerMessage: sent ? (after.statements - before.statements) / sent : NaN,
      clientCpuMsPerMessage: sent ? (clientCpu.user + clientCpu.system) / 1000 / sent : NaN,
      clientCores: (clientCpu.user + clientCpu.system) / 1000 / elapsedMs,
      clientThreads: workers.length,
      clientLoopDelayP99Ms: Math.max(...results.map((r) => r.loopDelayP99Ms)),
      sendErrors,
      feedErrors: results.flatMap((r) => r.feedErrors).slice(0, 10),
    };
  } finally {
    for (const stop of stops) await stop();
  }
}

/**
 * `count` customers, each with one open session, an access token and a support chat already taken by the
 * support agent whose customer was already told nobody answers (the once-per-chat hook is not what is
 * measured); written straight to the database.
 */
async function customersWithChats(pg: Client, count: number, secret: string): Promise<ChatPlan['chatters']> {
  const { rows } = await pg.query<{ user_id: string; session_id: string; conversation_id: string }>(
    `WITH users AS (
       INSERT INTO app_user (id, username, display_name, password_hash, kind, roles, active, created_at)
       SELECT gen_random_uuid(), 'chat_' || g, 'Cliente ' || g, (SELECT password_hash FROM app_user WHERE username = 'master'), 'CUSTOMER', ARRAY['CUSTOMER'], true, now()
       FROM generate_series(1, $1::int) g RETURNING id, username),
     customers AS (
       INSERT INTO customer (id, user_id, code, full_name, phone, phone_verified_at, created_at)
       SELECT gen_random_uuid(), id, 'CHAT' || substr(username, 6), 'Cliente ' || substr(username, 6), '+58414' || lpad(substr(username, 6), 7, '0'), now(), now() FROM users
       RETURNING id, user_id),
     chats AS (
       INSERT INTO chat_conversation (id, customer_id, state, agent_id, last_seq, customer_read_seq, agent_read_seq, created_at, taken_at, last_message_at, unanswered_at, unanswered_reason)
       SELECT gen_random_uuid(), id, 'ACTIVE', (SELECT id FROM app_user WHERE username = 'soporte'), 0, 0, 0, now(), now(), now(), now(), 'NO_AGENT_ONLINE' FROM customers
       RETURNING id, customer_id),
     sessions AS (
       INSERT INTO auth_session (id, user_id, created_at) SELECT gen_random_uuid(), id, now() FROM users RETURNING id, user_id)
     SELECT s.user_id, s.id AS session_id, ch.id AS conversation_id
       FROM sessions s JOIN customers c ON c.user_id = s.user_id JOIN chats ch ON ch.customer_id = c.id`,
    [count],
  );
  return Promise.all(rows.map(async (r) => ({ token: await signAccessToken({ userId: r.user_id, sessionId: r.session_id }, secret, 3600), conversationId: r.conversation_id })));
}

/**
 * `npm run bench:chat [connections] [seconds]` (default 1000 connections for 30 s): a Markdown summary and the
 * JSON. `BENCH_CHAT_SEND=http` sends over HTTP instead of the chatters' sockets; `--cpu-prof` writes the API's
 * CPU profile into bench-results/.
 */
async function main(): Promise<void> {
  const [connections = 1000, seconds = 30] = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number);
  const send: ChatSendMode = process.env.BENCH_CHAT_SEND === 'http' ? 'http' : 'ws';
  const profile = process.argv.includes('--cpu-prof') ? join(process.cwd(), 'bench-results') : undefined;
  const r = await measureChat(connections, seconds, send, profile);
  console.log(
    [
      `## Support chat: ${r.connections} graphql-ws connections, one message a second each (sent over ${r.send === 'ws' ? 'the socket' : 'HTTP'}), ${r.seconds} s`,
      '',
      '| sent | delivered live | not heard live | of which missing from history | msg/s | p50 | p99 | max | API CPU ms/msg | SQL/msg | client CPU ms/msg (cores, threads) | client loop delay p99 |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
      `| ${r.sent} | ${r.delivered} | ${r.lost} | ${r.missingFromHistory} | ${r.messagesPerSecond} | ${formatMs(r.p50Ms)} | ${formatMs(r.p99Ms)} | ${formatMs(r.maxMs)} | ${r.apiCpuMsPerMessage.toFixed(2)} | ${r.statementsPerMessage.toFixed(1)} | ${r.clientCpuMsPerMessage.toFixed(2)} (${r.clientCores.toFixed(2)}, ${r.clientThreads}) | ${formatMs(r.clientLoopDelayP99Ms)} |`,
      '',
      Object.keys(r.sendErrors).length ? `Requests refused or failed (not sent): ${JSON.stringify(r.sendErrors)}` : 'No request refused or failed.',
      `Answer (written) p50 / p99: ${formatMs(r.answerP50Ms)} / ${formatMs(r.answerP99Ms)}. API event-loop delay p99 / max: ${formatMs(r.apiPauses.loopDelayP99Ms)} / ${formatMs(r.apiPauses.loopDelayMaxMs)}; GC: ${r.apiPauses.gcCount} pauses, ${formatMs(r.apiPauses.gcTotalMs)} in all, longest ${formatMs(r.apiPauses.gcMaxMs)}.`,
      r.feedErrors.length ? `Live events answered with errors (first ${r.feedErrors.length}): ${r.feedErrors.map((e) => /"code":"(\w+)"/.exec(e)?.[1] ?? e).join(', ')}` : 'No live event answered with an error.',
    ].join('\n'),
  );
  console.log(JSON.stringify(r));
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
