import DataLoader from 'dataloader';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { Context, Principal } from '../../context';
import { groupRows, queryKnexRows, queryRows, rowMapper, statement } from '../../db/raw-reads';
import { retryTransient } from '../../shared/retry';
import { type Connection, paginate, type PageArgs } from '../../shared/connection';
import { directionOf, type ListOrder } from '../../shared/list-order';
import { containsPattern } from '../../shared/search';
import { Order } from '../orders/order.entity';
import { OrderState } from '../orders/order.states';
import { Payment } from '../payments/payment.entity';
import { PurchaseRequest } from '../quotes/purchase-request.entity';
import { PurchaseRequestState } from '../quotes/purchase-request.states';
import { Upload } from '../uploads/upload.entity';
import { ChatConversation } from './chat-conversation.entity';
import { ChatMessage } from './chat-message.entity';
import { ChatSide, ChatState } from './chat.rules';
import { chatSideOf } from './chat.service';

/** The signed-in customer's conversations, newest first. */
export function readMyChats(ctx: Context, customerId: string, page: PageArgs): Promise<Connection<ChatConversation>> {
  return paginate(ctx.em, ChatConversation, { customer: customerId }, page);
}

/** What the agents' inbox narrows to. */
export interface InboxFilter {
  states?: ChatState[] | null;
  /** Only those the caller holds. */
  mine?: boolean | null;
  /** Customer name or code contains this. */
  search?: string | null;
}

/** Every customer's conversations for agents, by opening time (`order`), filtered. */
export function readInbox(ctx: Context, principal: Principal, filter: InboxFilter | null, page: PageArgs, order: ListOrder): Promise<Connection<ChatConversation>> {
  const where: FilterQuery<ChatConversation> = {};
  if (filter?.states?.length) where.state = { $in: filter.states };
  if (filter?.mine) where.agent = principal.user.id;
  const pattern = containsPattern(filter?.search);
  if (pattern) where.customer = { $or: [{ fullName: { $ilike: pattern } }, { code: { $ilike: pattern } }] };
  const direction = directionOf(order);
  return paginate(ctx.em, ChatConversation, where, page, { createdAt: direction, id: direction });
}

/** A conversation's messages, newest first (by number), a page at a time. */
export function readMessages(ctx: Context, conversation: ChatConversation, page: PageArgs): Promise<Connection<ChatMessage>> {
  return paginate(ctx.em, ChatMessage, { conversation: conversation.id }, page, { seq: 'desc' });
}

/** Messages of the other side past the caller's side's read mark in `conversation`. */
export function unreadCount(em: EntityManager, conversation: ChatConversation, side: ChatSide): Promise<number> {
  const other = side === ChatSide.CUSTOMER ? ChatSide.AGENT : ChatSide.CUSTOMER;
  const mark = side === ChatSide.CUSTOMER ? conversation.customerReadSeq : conversation.agentReadSeq;
  return em.count(ChatMessage, { conversation: conversation.id, side: other, seq: { $gt: mark } });
}

/**
 * Unread messages over all the caller's conversations: a customer's own; for an agent, the customers' messages
 * in the open conversations they hold or that wait for anyone.
 */
export async function unreadTotal(em: EntityManager, principal: Principal): Promise<number> {
  const side = chatSideOf(principal);
  const sql = side === ChatSide.CUSTOMER
    ? `SELECT count(*)::int AS n FROM chat_message m JOIN chat_conversation c ON c.id = m.conversation_id
        WHERE c.customer_id = ? AND m.side = 'AGENT' AND m.seq > c.customer_read_seq`
    : `SELECT count(*)::int AS n FROM chat_message m JOIN chat_conversation c ON c.id = m.conversation_id
        WHERE c.state <> 'CLOSED' AND (c.agent_id = ? OR c.agent_id IS NULL) AND m.side = 'CUSTOMER' AND m.seq > c.agent_read_seq`;
  const [row] = await em.execute<{ n: number }[]>(sql, [side === ChatSide.CUSTOMER ? principal.customerId : principal.user.id]);
  return row?.n ?? 0;
}

const closedRequestStates = [PurchaseRequestState.ACCEPTED, PurchaseRequestState.REJECTED, PurchaseRequestState.EXPIRED];
const closedOrderStates = [OrderState.DELIVERED, OrderState.CANCELLED];

/** The customer's situation an agent answers with: open requests and orders (newest first, 10 each), and the last payment. */
export async function customerContext(em: EntityManager, customerId: string): Promise<{ openRequests: PurchaseRequest[]; openOrders: Order[]; lastPayment: Payment | null }> {
  const [openRequests, openOrders, payments] = await Promise.all([
    em.find(PurchaseRequest, { customer: customerId, state: { $nin: closedRequestStates } }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 10 }),
    em.find(Order, { customer: customerId, state: { $nin: closedOrderStates } }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 10 }),
    em.find(Payment, { customer: customerId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 1 }),
  ]);
  return { openRequests, openOrders, lastPayment: payments[0] ?? null };
}


type EventRow = ChatConversation | ChatMessage;

/** Per database (its knex) and table, the loader that batches the live events' reads of one turn. */
const eventRowLoaders = new WeakMap<object, Map<Function, DataLoader<string, EventRow | null>>>();

/**
 * One conversation or message by id as a live chat event needs it: mapped to a read-only instance (no
 * identity map: each event reads afresh), transient faults retried; null when gone. Hot path — every
 * `chatUpdated` delivery that selects it asks for one — so the asks of one turn of the event loop (the
 * deliveries of one relay pass) are answered by one prepared statement per table, on a pool connection.
 */
export function chatRowForEvent<T extends EventRow>(em: EntityManager, entity: new () => T, id: string): Promise<T | null> {
  const knex = em.getConnection().getKnex();
  let byTable = eventRowLoaders.get(knex);
  if (!byTable) eventRowLoaders.set(knex, (byTable = new Map()));
  let loader = byTable.get(entity);
  if (!loader) {
    const mapper = rowMapper(em, entity);
    const st = statement(`SELECT ${mapper.columns('t')} FROM "${em.getMetadata().get(entity.name).tableName}" t WHERE t.id = ANY($1::uuid[])`);
    loader = new DataLoader<string, EventRow | null>(
      async (ids) => {
        const rows = await retryTransient(() => queryKnexRows(knex, st, [[...ids]]));
        const found = new Map(rows.map((row) => [row.id as string, mapper.map(row)]));
        return ids.map((rowId) => found.get(rowId) ?? null);
      },
      // Every event reads afresh; the batch closes after the microtasks of this turn.
      { cache: false, batchScheduleFn: (run) => setImmediate(run) },
    );
    byTable.set(entity, loader);
  }
  return loader.load(id) as Promise<T | null>;
}

/** Per database (its knex), the messages this instance wrote last, by id, oldest first. */
const writtenMessages = new WeakMap<object, Map<string, ChatMessage>>();
/** Messages kept: several seconds of a thousand a second, far longer than their events take to be delivered. */
const WRITTEN_KEPT = 5000;

/**
 * The message `id` as a live chat event needs it (`chatRowForEvent`), from memory when this instance just wrote
 * it (`rememberWrittenMessages`): messages are never edited, so it is the row a read would return.
 */
export function chatMessageForEvent(em: EntityManager, id: string): Promise<ChatMessage | null> {
  const written = writtenMessages.get(em.getConnection().getKnex())?.get(id);
  return written ? Promise.resolve(written) : chatRowForEvent(em, ChatMessage, id);
}

/** Keeps `messages`, just committed through `em`'s database, for their events' deliveries (`chatMessageForEvent`). */
export function rememberWrittenMessages(em: EntityManager, messages: Iterable<ChatMessage>): void {
  const knex = em.getConnection().getKnex();
  let kept = writtenMessages.get(knex);
  if (!kept) writtenMessages.set(knex, (kept = new Map()));
  for (const message of messages) kept.set(message.id, message);
  for (const id of kept.keys()) {
    if (kept.size <= WRITTEN_KEPT) break;
    kept.delete(id);
  }
}

/** The conversation `id` locked FOR UPDATE in `em`'s transaction, as a managed entity (its changes are flushed); null when there is none. */
export async function lockConversationRow(em: EntityManager, id: string): Promise<ChatConversation | null> {
  const [row] = await queryRows(em, statement('SELECT * FROM "chat_conversation" WHERE id = $1 FOR UPDATE'), [id]);
  return row ? em.map(ChatConversation, row) : null;
}

/** The images attached to message `messageId`, oldest upload first; the messages of one page in one query (a per-request loader). */
export function attachmentsOf(ctx: Context, messageId: string): Promise<Upload[]> {
  return ctx.loaders.custom('chat-message-attachments', async (ids) => {
    const mapper = rowMapper(ctx.em, Upload);
    const st = statement(`SELECT a.chat_message_id, ${mapper.columns('u')} FROM "chat_message_attachments" a JOIN "upload" u ON u.id = a.upload_id
      WHERE a.chat_message_id = ANY($1::uuid[]) ORDER BY u.created_at, u.id`);
    const rows = await queryRows(ctx.em, st, [ids]);
    return groupRows(ids, rows, 'chat_message_id', (row) => mapper.map(row));
  }).load(messageId);
}
