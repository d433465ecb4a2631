import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { App } from '../../app';
import { queryRows, rowMapper, statement, type Row, type Statement } from '../../db/raw-reads';
import { EVENT_LOCK_KEY, notifyPayloadSql } from '../../events/event-bus';
import type { PublishedEvent } from '../../events/event-hub';
import type { EventRelay } from '../../events/event-relay';
import { Topic } from '../../events/topics';
import { ChatMessage } from './chat-message.entity';
import { rememberWrittenMessages } from './chat.reads';
import { agentsOnlineSql } from './chat-presence.service';
import { ChatSide, ChatState } from './chat.rules';

/** A customer's text line for one of their conversations (no images), as `sendChatMessage` received it. */
export interface CustomerLine {
  conversationId: string;
  /** The writer's customer: the conversation must be theirs; the message's author is its user. */
  customerId: string;
  /** Already trimmed and checked (`checkMessage`). */
  body: string;
  at: Date;
}

/**
 * The customer's side of `sendChatMessage` for many lines in ONE statement, i.e. one transaction, one round
 * trip and one commit: each line's conversation is locked (in id order, so two such statements never
 * deadlock), numbered, marked read up to the line and waiting for a reply since its first unanswered line,
 * the message inserted, and its CHAT_CHANGED (MESSAGE) row written as `writeRecordedEvents` writes events —
 * under the event lock taken after the rows it describes (not at all when no line was written), ids drawn
 * while holding it, NOTIFY at commit (for the relay tagged `relayTag`, which the events go to).
 *
 * A line is written only when the plain rules hold: the conversation exists, is the writer's, is not closed,
 * and the "nobody answers" rule cannot fire with this line (`unansweredReason` is null: already told, or an
 * agent online and the wait since the first unanswered line still shorter than `supportChatAnswerMinutes`).
 * Other lines are left untouched and absent from the answer: the caller takes the full path for them (its
 * refusals, the notice and the ticket). Lines must be of distinct conversations.
 * Returns the messages written by line index, and their events.
 */
export async function writeCustomerLines(em: EntityManager, lines: readonly CustomerLine[], presenceSeconds: number, relayTag: string): Promise<WrittenLines> {
  if (lines.length === 0) return { messages: new Map(), events: [] };
  const mapper = rowMapper(em, ChatMessage);
  const ids = lines.map(() => randomUUID());
  linesStatement ??= customerLinesStatement(mapper.columns('m'));
  const rows = await queryRows(em, linesStatement, [
    ids, lines.map((l) => l.conversationId), lines.map((l) => l.customerId), lines.map((l) => l.body),
    lines.map((l) => l.at.toISOString()), presenceSeconds, EVENT_LOCK_KEY, Topic.ChatChanged, relayTag,
  ]);
  const index = new Map<string, number>(ids.map((id, i) => [id, i]));
  return {
    messages: new Map(rows.map((row: Row) => [index.get(row.id as string)!, mapper.map(row)])),
    events: rows.map((row: Row) => ({ id: row['@event_id'] as string, topic: Topic.ChatChanged, payload: row['@event_payload'] as Record<string, unknown> })),
  };
}

/** What `writeCustomerLines` wrote: the messages by line index, and their events as the relay reads them (id order). */
export interface WrittenLines {
  messages: Map<number, ChatMessage>;
  events: PublishedEvent[];
}

let linesStatement: Statement | undefined;

const customerLinesStatement = (messageColumns: string) =>
  statement(`WITH line AS (
      SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[])
        AS l (message_id, conversation_id, customer_id, body, at_iso)),
    rule AS (
      SELECT ${agentsOnlineSql('$6')} AS agents_online,
             (SELECT p.support_chat_answer_minutes FROM business_parameters p ORDER BY p.version DESC LIMIT 1) AS answer_minutes),
    hot AS (
      SELECT c.id, l.message_id, cu.user_id AS author_id, l.body, l.at_iso, l.at_iso::timestamptz AS at
        FROM chat_conversation c JOIN line l ON l.conversation_id = c.id AND l.customer_id = c.customer_id
        JOIN customer cu ON cu.id = c.customer_id, rule r
       WHERE c.state <> '${ChatState.CLOSED}'
         AND (c.unanswered_at IS NOT NULL
              OR (r.agents_online AND coalesce(c.awaiting_reply_since, l.at_iso::timestamptz) > l.at_iso::timestamptz - make_interval(mins => r.answer_minutes)))
       ORDER BY c.id
       FOR UPDATE OF c),
    updated AS (
      UPDATE chat_conversation c
         SET last_seq = c.last_seq + 1, customer_read_seq = c.last_seq + 1, last_message_at = h.at,
             awaiting_reply_since = coalesce(c.awaiting_reply_since, h.at)
        FROM hot h WHERE c.id = h.id
      RETURNING c.id, c.customer_id, c.agent_id, c.last_seq AS seq, h.message_id, h.author_id, h.body, h.at, h.at_iso),
    message AS (
      INSERT INTO chat_message AS m (id, conversation_id, seq, side, author_id, body, created_at)
      SELECT u.message_id, u.id, u.seq, '${ChatSide.CUSTOMER}'::chat_side, u.author_id, u.body, u.at FROM updated u
      RETURNING ${messageColumns}),
    event_lock AS (SELECT pg_advisory_xact_lock($7) FROM (SELECT count(*) AS n FROM message) AS written WHERE written.n > 0),
    event AS (
      INSERT INTO domain_event (topic, payload, created_at)
      SELECT $8, jsonb_build_object('conversationId', u.id, 'customerId', u.customer_id, 'kind', 'MESSAGE', 'messageId', u.message_id,
                                    'agentId', u.agent_id, 'at', u.at_iso), clock_timestamp()
        FROM event_lock, updated u
       ORDER BY u.id
      RETURNING id, payload)
    SELECT m.*, e.id::text AS "@event_id", e.payload AS "@event_payload",
           (SELECT ${notifyPayloadSql('$9')} FROM event) AS notified
      FROM message m JOIN event e ON e.payload->>'messageId' = m.id::text
     ORDER BY e.id`);

/** Most lines one statement carries. */
const MAX_LINES = 200;

interface Queued {
  line: CustomerLine;
  resolve: (message: ChatMessage | null) => void;
  reject: (err: unknown) => void;
}

/**
 * An instance's customer chat lines written in group commits: while one `writeCustomerLines` statement runs,
 * the lines that arrive wait and go together in the next. A commit waits for the disk (and the event lock is
 * held across it), so one line per commit caps the whole instance at one line per disk flush; grouping pays
 * that once per group. A line alone goes at once. Two lines of one conversation never share a statement
 * (the second waits for the next), so each sees the number the first took.
 */
export class CustomerLineQueue {
  private waiting: Queued[] = [];
  private running = false;

  constructor(
    private readonly fork: () => EntityManager,
    private readonly presenceSeconds: number,
    /** Where the written lines' events go (handed over after each commit). */
    private readonly relay: Pick<EventRelay, 'tag' | 'committed' | 'wake'>,
  ) {}

  /**
   * Writes `line` with the next group: resolves with its message once committed, or null when the plain rules
   * do not hold for it (see `writeCustomerLines`: the caller takes the full path). Rejects with the
   * database's error when its statement failed (a group that failed is retried one line at a time, so one
   * bad line fails alone).
   */
  write(line: CustomerLine): Promise<ChatMessage | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ line, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.run(this.takeGroup());
    } finally {
      this.running = false;
    }
  }

  /** The oldest waiting lines, at most one per conversation and MAX_LINES in all; the rest keep their order. */
  private takeGroup(): Queued[] {
    const group: Queued[] = [];
    const rest: Queued[] = [];
    const conversations = new Set<string>();
    for (const queued of this.waiting) {
      if (group.length < MAX_LINES && !conversations.has(queued.line.conversationId)) {
        conversations.add(queued.line.conversationId);
        group.push(queued);
      } else rest.push(queued);
    }
    this.waiting = rest;
    return group;
  }

  private async run(group: Queued[]): Promise<void> {
    try {
      const sentAt = performance.now();
      const em = this.fork();
      const written = await writeCustomerLines(em, group.map((q) => q.line), this.presenceSeconds, this.relay.tag);
      rememberWrittenMessages(em, written.messages.values());
      if (written.events.length > 0) this.relay.committed(written.events, sentAt);
      group.forEach((q, i) => q.resolve(written.messages.get(i) ?? null));
    } catch (err) {
      // The statement may have committed before its answer was lost: the relay reads instead.
      this.relay.wake();
      // The server refused the statement (an SQLSTATE): nothing of it committed, so each line can go alone.
      if (group.length > 1 && isServerError(err)) for (const q of group) await this.run([q]);
      else for (const q of group) q.reject(err);
    }
  }
}

function isServerError(err: unknown): boolean {
  return typeof (err as { code?: unknown } | null)?.code === 'string' && /^[0-9A-Z]{5}$/.test((err as { code: string }).code);
}

const queues = new WeakMap<App, CustomerLineQueue>();

/** The line queue of an API instance (`app`), created on first use. */
export function customerLinesOf(app: App): CustomerLineQueue {
  let queue = queues.get(app);
  if (!queue) queues.set(app, (queue = new CustomerLineQueue(() => app.orm.em.fork(), app.config.chatPresenceSeconds, app.relay)));
  return queue;
}
