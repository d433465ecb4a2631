import { MikroORM } from '@mikro-orm/postgresql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Client } from 'pg';
import pino from 'pino';
import { signAccessToken } from '../auth/tokens';
import { loadConfig } from '../config';
import { startEmbeddedPostgres } from '../db/embedded';
import { ormOptions } from '../db/orm';
import { startApi } from '../main';
import { seedDemoData } from '../seed/demo';
import { freePort } from '../shared/free-port';
import type { ChatMessage, ChatPlan } from './chat-worker';
import { formatMs } from './stats';

/** What `measureChat` reports; latencies from just before a message's request to its arrival on the sender's live chat. */
export interface ChatResult {
  connections: number;
  seconds: number;
  /** Messages sent (request answered) and delivered per second over the run. */
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
  /** Requests refused or failed, by code (not sent, so not lost). */
  sendErrors: Record<string, number>;
  feedErrors: string[];
}

/** Chatters per worker thread: the client side spread over threads so that it is not the bottleneck. */
const PER_WORKER = 500;

/**
 * `connections` customers, each with an open support chat and a graphql-ws connection subscribed to it
 * (`chatUpdated`), each sending one message a second over HTTP (`sendChatMessage`) for `seconds`, against one
 * API with default settings (except the per-IP connection cap) over an embedded PostgreSQL in a temporary
 * folder. Self-contained: starts and stops everything it uses.
 */
export async function measureChat(connections: number, seconds: number): Promise<ChatResult> {
  const folder = mkdtempSync(join(tmpdir(), 'morna-chat-'));
  const stops: (() => Promise<unknown>)[] = [async () => rmSync(folder, { recursive: true, force: true })];
  try {
    const database = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), port: await freePort(), database: 'morna' });
    stops.unshift(database.stop);
    const config = loadConfig(
      { NODE_ENV: 'development', MORNA_DATA_DIR: folder },
      { port: 0, host: '127.0.0.1', logLevel: 'silent', sweepIntervalSeconds: 3600, wsMaxConnectionsPerIp: connections + 10, throttleExemptIps: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] },
    );
    const migrating = await MikroORM.init(ormOptions(database.url, { logger: () => undefined }));
    await migrating.getMigrator().up();
    await migrating.close(true);
    const api = await startApi(config, database.url, pino({ level: 'silent' }));
    stops.unshift(api.stop);
    await seedDemoData(api.app.orm.em.fork(), { customers: false });
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    stops.unshift(() => pg.end());
    const chatters = await customersWithChats(pg, connections, config.jwtSecret);

    const workers: Worker[] = [];
    const results: Extract<ChatMessage, { kind: 'done' }>[] = [];
    let ready = 0;
    let failure: string | undefined;
    for (let i = 0; i < chatters.length; i += PER_WORKER) {
      const plan: ChatPlan = { wsUrl: api.wsUrl, graphqlUrl: api.graphqlUrl, chatters: chatters.slice(i, i + PER_WORKER), durationMs: seconds * 1000, drainMs: 60_000 };
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
    const waitFor = async (done: () => boolean, timeoutMs: number, what: string) => {
      const deadline = Date.now() + timeoutMs;
      while (!done()) {
        if (failure) throw new Error(`chat client failed: ${failure}`);
        if (Date.now() > deadline) throw new Error(`chat bench: ${what} did not happen within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await waitFor(() => ready === workers.length && api.subscriptionsStarted() >= connections, 120_000, 'every chat subscription starting');
    for (const worker of workers) worker.postMessage('go');
    await waitFor(() => results.length === workers.length, seconds * 1000 + 120_000, 'the run finishing');

    const latencies = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
    const pick = (q: number) => (latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!);
    const sendErrors: Record<string, number> = {};
    for (const r of results) for (const [code, n] of Object.entries(r.sendErrors)) sendErrors[code] = (sendErrors[code] ?? 0) + n;
    const sent = results.reduce((n, r) => n + r.sent, 0);
    return {
      connections,
      seconds,
      messagesPerSecond: Math.round(sent / seconds),
      sent,
      delivered: latencies.length,
      lost: results.reduce((n, r) => n + r.lost, 0),
      missingFromHistory: results.reduce((n, r) => n + r.missingFromHistory, 0),
      p50Ms: pick(0.5),
      p99Ms: pick(0.99),
      maxMs: latencies.at(-1) ?? NaN,
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

/** `npm run bench:chat [connections] [seconds]` (default 1000 connections for 30 s): a Markdown summary and the JSON. */
async function main(): Promise<void> {
  const connections = Number(process.argv[2] ?? 1000);
  const seconds = Number(process.argv[3] ?? 30);
  const r = await measureChat(connections, seconds);
  console.log(
    [
      `## Support chat: ${r.connections} graphql-ws connections, one message a second each, ${r.seconds} s`,
      '',
      '| sent | delivered live | not heard live | of which missing from history | msg/s | p50 | p99 | max |',
      '|---|---|---|---|---|---|---|---|',
      `| ${r.sent} | ${r.delivered} | ${r.lost} | ${r.missingFromHistory} | ${r.messagesPerSecond} | ${formatMs(r.p50Ms)} | ${formatMs(r.p99Ms)} | ${formatMs(r.maxMs)} |`,
      '',
      Object.keys(r.sendErrors).length ? `Requests refused or failed (not sent): ${JSON.stringify(r.sendErrors)}` : 'No request refused or failed.',
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
