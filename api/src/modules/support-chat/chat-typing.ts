import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { ChatSide } from './chat.rules';

/** NOTIFY channel of typing indicators; ephemeral, so they skip the events table. */
export const CHAT_TYPING_CHANNEL = 'morna_chat_typing';
/** Name of the LISTEN connection in pg_stat_activity. */
export const CHAT_TYPING_LISTENER_NAME = 'morna-chat-typing-listener';
const RECONNECT_MS = 1000;

/** Someone started or stopped typing in a conversation. */
export interface TypingSignal {
  conversationId: string;
  side: ChatSide;
  /** Display name of who types. */
  name: string;
  typing: boolean;
  at: string;
}

type Listener = (signal: TypingSignal) => void;

/**
 * Typing indicators across API instances. They are worth nothing a few seconds later, so they do not go
 * through `domain_event` (durable, ordered, replayed): a `pg_notify` carries each to every instance, whose one
 * LISTEN connection fans it out to the local `chatTyping` subscriptions. One lost while a connection is down
 * is simply not shown.
 */
export class ChatTyping {
  private listener?: Client;
  private readonly listeners = new Map<string, Set<Listener>>();
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private attachedCount = 0;

  constructor(private readonly clientUrl: string, private readonly log: Logger) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.clientUrl, application_name: CHAT_TYPING_LISTENER_NAME });
    this.listener = client;
    client.on('notification', (message) => this.deliver(message.payload));
    const lost = (err?: unknown) => this.reconnect(client, err);
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    await client.query(`LISTEN ${CHAT_TYPING_CHANNEL}`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Sends `signal` to every instance (this one included, through PostgreSQL like the others). */
  async publish(em: EntityManager, signal: TypingSignal): Promise<void> {
    await em.execute('SELECT pg_notify(?, ?)', [CHAT_TYPING_CHANNEL, JSON.stringify(signal)]);
  }

  /** Typing listeners attached since boot (tests wait on it: a subscription hears signals once counted). */
  get attached(): number {
    return this.attachedCount;
  }

  /** Calls `listener` for each signal of `conversationId` heard from now on; returns the unsubscribe function. */
  on(conversationId: string, listener: Listener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    this.attachedCount += 1;
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(conversationId);
    };
  }

  private deliver(payload: string | undefined): void {
    let signal: TypingSignal;
    try {
      signal = JSON.parse(payload ?? '') as TypingSignal;
    } catch {
      return;
    }
    for (const listener of this.listeners.get(signal.conversationId) ?? []) listener(signal);
  }

  private reconnect(client: Client, err?: unknown): void {
    if (this.stopped || this.listener !== client) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    this.log.warn({ err }, 'chat typing listener lost; reconnecting');
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.stopped) this.start().catch((error) => this.reconnect(this.listener ?? client, error));
    }, RECONNECT_MS);
  }
}
