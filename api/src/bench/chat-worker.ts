import { createClient, type Client } from 'graphql-ws';
import { parentPort, workerData } from 'node:worker_threads';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/** The chatters one worker runs: per chatter, an access token and its conversation. */
export interface ChatPlan {
  wsUrl: string;
  graphqlUrl: string;
  chatters: { token: string; conversationId: string }[];
  /** Over each chatter's own graphql-ws connection, or one HTTP request per message. */
  send: 'ws' | 'http';
  /** Send for this long (ms), one message a second per chatter, then wait up to `drainMs` for the last ones. */
  durationMs: number;
  drainMs: number;
}

/** Worker → measurer: every subscription live; the run's outcome. */
export type ChatMessage =
  | { kind: 'ready' }
  | { kind: 'done'; latenciesMs: number[]; answerMsList: number[]; sent: number; lost: number; missingFromHistory: number; sendErrors: Record<string, number>; feedErrors: string[]; loopDelayP99Ms: number }
  | { kind: 'failed'; error: string };

const FEED = 'subscription ChatBenchFeed($id: ID!) { chatUpdated(conversationId: $id) { cursor kind message { body } } }';
const HISTORY = 'query ChatBenchHistory($id: ID!) { chatConversation(id: $id) { messages(first: 100) { edges { node { body } } } } }';
const SEND = 'mutation ChatBenchSend($id: ID!, $input: ChatMessageInput!) { sendChatMessage(conversationId: $id, input: $input) { seq } }';
const OPEN_AT_ONCE = 50;

/** Absolute time in ms with sub-millisecond precision (this module must not import the fan-out worker, which runs on import). */
const now = (): number => performance.timeOrigin + performance.now();

/**
 * The client side of the chat benchmark, off the server's event loop: one graphql-ws connection per chatter
 * subscribed to its own chat, and one message a second per chatter sent over that connection or over HTTP (at
 * a random phase, so sends spread over the second). A message counts from just before its request to the moment its MESSAGE event
 * arrives on the chatter's connection; one sent (request answered) but never heard is lost.
 */
async function run(plan: ChatPlan): Promise<void> {
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  const answerTimes: number[] = [];
  const feedErrors: string[] = [];
  const sendErrors = new Map<string, number>();
  let sent = 0;
  const clients: Client[] = [];
  const clientOf = new Map<string, Client>();
  const open = (chatter: ChatPlan['chatters'][number]) =>
    new Promise<void>((resolve) => {
      const client = createClient({ url: plan.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${chatter.token}` }, retryAttempts: 0, lazy: false });
      clients.push(client);
      clientOf.set(chatter.conversationId, client);
      client.subscribe<{ chatUpdated: { kind: string; message: { body: string } | null } }>(
        { query: FEED, variables: { id: chatter.conversationId } },
        {
          next: (value) => {
            const at = now();
            const update = value.data?.chatUpdated;
            if (!update || value.errors?.length) return void feedErrors.push(JSON.stringify(value.errors ?? []).slice(0, 200));
            if (update.kind !== 'MESSAGE' || !update.message) return;
            const started = pending.get(update.message.body);
            if (started === undefined) return;
            pending.delete(update.message.body);
            latencies.push(at - started);
          },
          error: (err) => feedErrors.push(err instanceof Error ? err.message : JSON.stringify(err, ['code', 'reason'])),
          complete: () => undefined,
        },
      );
      // Acknowledged; the measurer then waits until the server attached every subscription.
      client.on('connected', () => resolve());
    });
  for (let i = 0; i < plan.chatters.length; i += OPEN_AT_ONCE) await Promise.all(plan.chatters.slice(i, i + OPEN_AT_ONCE).map(open));
  parentPort!.postMessage({ kind: 'ready' } satisfies ChatMessage);
  await new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
  // How late this thread's callbacks ran while sending: what the client side adds to the measured latencies.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  type Answer = { errors?: readonly { extensions?: { code?: unknown } }[] };
  const overSocket = (chatter: ChatPlan['chatters'][number], variables: Record<string, unknown>) =>
    new Promise<Answer>((resolve, reject) => {
      let answer: Answer = {};
      clientOf.get(chatter.conversationId)!.subscribe({ query: SEND, variables }, {
        next: (value) => void (answer = value),
        error: (err) => reject(err instanceof Error ? err : new Error(JSON.stringify(err))),
        complete: () => resolve(answer),
      });
    });
  const overHttp = async (chatter: ChatPlan['chatters'][number], variables: Record<string, unknown>) => {
    const response = await fetch(plan.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${chatter.token}` },
      body: JSON.stringify({ query: SEND, variables }),
    });
    return (await response.json()) as Answer;
  };
  const send = async (chatter: ChatPlan['chatters'][number], n: number) => {
    const body = `${chatter.conversationId}:${n}`;
    const started = now();
    pending.set(body, started);
    try {
      const variables = { id: chatter.conversationId, input: { body } };
      const answer = plan.send === 'ws' ? await overSocket(chatter, variables) : await overHttp(chatter, variables);
      if (answer.errors?.length) throw new Error(String(answer.errors[0]!.extensions?.code ?? 'ERROR'));
      answerTimes.push(now() - started);
      sent += 1;
    } catch (err) {
      // Not sent: it cannot be lost, only refused (counted apart).
      pending.delete(body);
      const code = err instanceof Error ? err.message : String(err);
      sendErrors.set(code, (sendErrors.get(code) ?? 0) + 1);
    }
  };
  const end = now() + plan.durationMs;
  const loops = plan.chatters.map(async (chatter) => {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 1000));
    for (let n = 0; now() < end; n += 1) {
      const next = now() + 1000;
      await send(chatter, n);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - now())));
    }
  });
  await Promise.all(loops);
  loopDelay.disable();
  const drainUntil = now() + plan.drainMs;
  while (pending.size > 0 && now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 50));
  // A message not heard live is looked up in its chat's history (what a client refetches after a failure).
  let missingFromHistory = 0;
  const unheard = new Map<string, string[]>();
  for (const body of pending.keys()) unheard.set(body.split(':')[0]!, [...(unheard.get(body.split(':')[0]!) ?? []), body]);
  for (const chatter of plan.chatters.filter((c) => unheard.has(c.conversationId))) {
    const response = await fetch(plan.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${chatter.token}` },
      body: JSON.stringify({ query: HISTORY, variables: { id: chatter.conversationId } }),
    });
    const answer = (await response.json()) as { data?: { chatConversation: { messages: { edges: { node: { body: string } }[] } } } };
    const bodies = new Set(answer.data?.chatConversation.messages.edges.map((e) => e.node.body) ?? []);
    missingFromHistory += unheard.get(chatter.conversationId)!.filter((b) => !bodies.has(b)).length;
  }
  parentPort!.postMessage({ kind: 'done', latenciesMs: latencies, answerMsList: answerTimes, sent, lost: pending.size, missingFromHistory, sendErrors: Object.fromEntries(sendErrors), feedErrors: feedErrors.slice(0, 20), loopDelayP99Ms: loopDelay.percentile(99) / 1e6 } satisfies ChatMessage);
  await Promise.all(clients.map((c) => c.dispose()));
}

if (parentPort) {
  run(workerData as ChatPlan).catch((err: unknown) => parentPort!.postMessage({ kind: 'failed', error: String(err) } satisfies ChatMessage));
}
