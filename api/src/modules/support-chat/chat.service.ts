import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { isUUID } from 'class-validator';
import { principalOf } from '../../auth/auth-checker';
import type { Context, Principal } from '../../context';
import { recordEvent } from '../../events/event-bus';
import { type ChatChangeKind, Topic } from '../../events/topics';
import { DomainError } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { Customer } from '../identity/customer.entity';
import { Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { notifyUser } from '../notifications/notification.service';
import { Order } from '../orders/order.entity';
import { PurchaseRequest } from '../quotes/purchase-request.entity';
import { currentParameters } from '../settings/settings.service';
import { Upload } from '../uploads/upload.entity';
import { openTicketFromChat } from '../tickets/ticket.service';
import { ChatConversation, ChatSubjectType } from './chat-conversation.entity';
import { ChatMessage } from './chat-message.entity';
import { agentsOnline, userOnline } from './chat-presence.service';
import { customerLinesOf } from './chat-lines';
import { lockConversationRow } from './chat.reads';
import {
  agentReplyNotice, ChatSide, ChatState, checkMessage, customerMayWrite, decideClose, decideTake, mayGoUnanswered, nextReadMark,
  shouldNotifyCustomer, unansweredReason,
} from './chat.rules';

/** What a message carries: text and uploaded images (ids of the author's own uploads). */
export interface MessageInput {
  body: string;
  attachmentIds?: string[] | null;
}

/** The side `principal` speaks for in support chats: a customer, or an agent (support-chat:answer); FORBIDDEN otherwise. */
export function chatSideOf(principal: Principal): ChatSide {
  if (principal.customerId && principal.permissions.has(Permission.ChatAsCustomer)) return ChatSide.CUSTOMER;
  if (principal.permissions.has(Permission.AnswerChats)) return ChatSide.AGENT;
  throw new DomainError('FORBIDDEN');
}

/** Whether `principal` may read `conversation`: its customer, or an agent. */
export function maySeeConversation(principal: Principal, conversation: { customer: { id: string } }): boolean {
  if (principal.customerId) return principal.customerId === conversation.customer.id && principal.permissions.has(Permission.ChatAsCustomer);
  return principal.permissions.has(Permission.AnswerChats);
}

/**
 * The conversation `id` as the caller may see it (locked FOR UPDATE when `lock`): NOT_FOUND when it does not
 * exist or belongs to another customer, FORBIDDEN for staff without support-chat:answer.
 */
export async function visibleConversation(em: EntityManager, principal: Principal, id: string, lock = false): Promise<ChatConversation> {
  chatSideOf(principal);
  if (!isUUID(id)) throw new DomainError('NOT_FOUND');
  const conversation = lock ? await lockConversationRow(em, id) : await em.findOne(ChatConversation, id);
  if (!conversation || !maySeeConversation(principal, conversation)) throw new DomainError('NOT_FOUND');
  return conversation;
}

function event(em: EntityManager, conversation: ChatConversation, kind: ChatChangeKind, at: Date, messageId: string | null = null): void {
  recordEvent(em, Topic.ChatChanged, {
    conversationId: conversation.id, customerId: conversation.customer.id, kind, messageId, agentId: conversation.agent?.id ?? null, at: at.toISOString(),
  });
}

/** BAD_USER_INPUT {field: 'body', reason} unless the message has text or an image, within the limits. */
function checkInput(input: MessageInput): string[] {
  const ids = [...new Set(input.attachmentIds ?? [])];
  const reason = checkMessage(input.body, ids.length);
  if (reason) throw new DomainError('BAD_USER_INPUT', { field: reason === 'TOO_MANY_ATTACHMENTS' ? 'attachmentIds' : 'body', reason });
  return ids;
}

/** Appends a message by `author` on `side` to the locked `conversation`; NOT_FOUND {field: 'attachmentIds'} for an image the author did not upload. */
async function append(em: EntityManager, conversation: ChatConversation, author: User, side: ChatSide, body: string, attachmentIds: string[], now: Date): Promise<ChatMessage> {
  const uploads = attachmentIds.length ? await em.find(Upload, { id: { $in: attachmentIds }, owner: author.id }) : [];
  if (uploads.length !== attachmentIds.length) throw new DomainError('NOT_FOUND', { field: 'attachmentIds' });
  conversation.lastSeq += 1;
  conversation.lastMessageAt = now;
  const message = em.create(ChatMessage, { conversation, seq: conversation.lastSeq, side, author, body: body.trim(), createdAt: now });
  message.attachments.set(uploads);
  if (side === ChatSide.CUSTOMER) {
    conversation.customerReadSeq = conversation.lastSeq;
    conversation.awaitingReplySince ??= now;
  } else {
    conversation.agentReadSeq = conversation.lastSeq;
    conversation.awaitingReplySince = null;
  }
  em.persist(message);
  event(em, conversation, 'MESSAGE', now, message.id);
  return message;
}

/**
 * Tells the customer nobody answers when the rule says so now (`unansweredReason`), at most once per
 * conversation: marks it, records CHAT_CHANGED (UNANSWERED) for the panel and CHAT_UNANSWERED (for webhooks),
 * and opens a ticket from the conversation. `conversation` must be locked.
 */
async function checkUnanswered(ctx: Pick<Context, 'app'>, em: EntityManager, conversation: ChatConversation, now: Date, answerWithinMs?: number): Promise<boolean> {
  // Most messages need no look at presence or parameters: already told, closed, or nobody waiting.
  if (!mayGoUnanswered({ state: conversation.state, alreadyTold: conversation.unansweredAt !== null, awaitingReplySince: conversation.awaitingReplySince })) return false;
  const reason = unansweredReason({
    state: conversation.state,
    alreadyTold: conversation.unansweredAt !== null,
    awaitingReplySince: conversation.awaitingReplySince,
    agentsOnline: await agentsOnline(em, ctx.app.config.chatPresenceSeconds),
  }, { now, answerWithinMs: answerWithinMs ?? (await answerWithin(em)) });
  if (!reason) return false;
  conversation.unansweredAt = now;
  conversation.unansweredReason = reason;
  const waiting = await em.find(ChatMessage, { conversation, side: ChatSide.CUSTOMER, createdAt: { $gte: conversation.awaitingReplySince! } }, { orderBy: { seq: 'desc' }, limit: 20 });
  event(em, conversation, 'UNANSWERED', now);
  recordEvent(em, Topic.ChatUnanswered, {
    conversationId: conversation.id,
    customerId: conversation.customer.id,
    reason,
    subjectType: conversation.subjectType,
    subjectId: conversation.subjectId,
    messages: waiting.reverse().map((m) => ({ seq: m.seq, body: m.body, at: m.createdAt.toISOString() })),
    awaitingReplySince: conversation.awaitingReplySince!.toISOString(),
    at: now.toISOString(),
  });
  // Issue 10: the conversation becomes a ticket, in this transaction, so it happens exactly when the notice does.
  await openTicketFromChat(em, { customerId: conversation.customer.id, conversationId: conversation.id, summary: waiting.map((m) => m.body).join('\n') });
  return true;
}

/** The Master's `supportChatAnswerMinutes` in force, in ms. */
async function answerWithin(em: EntityManager): Promise<number> {
  return (await currentParameters(em)).supportChatAnswerMinutes * 60_000;
}

/** NOT_FOUND {field: 'subjectId'} unless the request or order exists and is the customer's own. */
async function checkSubject(em: EntityManager, customerId: string, subjectType: ChatSubjectType | null | undefined, subjectId: string | null | undefined): Promise<void> {
  if (!subjectType && !subjectId) return;
  if (!subjectType || !subjectId) throw new DomainError('BAD_USER_INPUT', { field: subjectType ? 'subjectId' : 'subjectType', reason: 'SUBJECT_INCOMPLETE' });
  const owned = subjectType === ChatSubjectType.ORDER
    ? await em.count(Order, { id: subjectId, customer: customerId })
    : await em.count(PurchaseRequest, { id: subjectId, customer: customerId });
  if (owned === 0) throw new DomainError('NOT_FOUND', { field: 'subjectId' });
}

/**
 * The customer writes to support: into their open conversation about the same subject (none: a general
 * question), or a new one waiting for an agent. One transaction with its events; when no agent is online the
 * customer is told at once (CHAT_UNANSWERED). Refusals: BAD_USER_INPUT (empty or too long, subject
 * incomplete), NOT_FOUND (a subject or image not theirs).
 */
export function openChat(ctx: Context, input: MessageInput & { subjectType?: ChatSubjectType | null; subjectId?: string | null }): Promise<ChatConversation> {
  const principal = principalOf(ctx);
  if (chatSideOf(principal) !== ChatSide.CUSTOMER) throw new DomainError('FORBIDDEN');
  const customerId = principal.customerId!;
  const attachmentIds = checkInput(input);
  return transact(ctx, async (em) => {
    // One customer's chats open one at a time, so two tabs cannot open the same conversation twice.
    await em.execute('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`chat-open:${customerId}`]);
    await checkSubject(em, customerId, input.subjectType, input.subjectId);
    const now = new Date();
    let conversation = await em.findOne(
      ChatConversation,
      { customer: customerId, subjectType: input.subjectType ?? null, subjectId: input.subjectId ?? null, state: { $ne: ChatState.CLOSED } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { createdAt: 'desc' } },
    );
    if (!conversation) {
      conversation = em.create(ChatConversation, {
        customer: em.getReference(Customer, customerId), state: ChatState.WAITING_AGENT, subjectType: input.subjectType ?? null, subjectId: input.subjectId ?? null,
        lastSeq: 0, customerReadSeq: 0, agentReadSeq: 0, createdAt: now, lastMessageAt: now,
      });
      em.persist(conversation);
      event(em, conversation, 'OPENED', now);
    }
    await append(em, conversation, principal.user, ChatSide.CUSTOMER, input.body, attachmentIds, now);
    await checkUnanswered(ctx, em, conversation, now);
    return conversation;
  });
}

/**
 * Writes a message in a conversation: the customer in their own (not closed), or an agent — which takes a
 * waiting conversation. An agent's reply reaches a customer who is not in the chat by notification and
 * WhatsApp (`shouldNotifyCustomer`). Refusals: NOT_FOUND, FORBIDDEN, BAD_USER_INPUT, INVALID_TRANSITION
 * (closed), ALREADY_CLAIMED {agentName} (another agent holds it).
 */
export async function sendChatMessage(ctx: Context, conversationId: string, input: MessageInput): Promise<ChatMessage> {
  const principal = principalOf(ctx);
  const side = chatSideOf(principal);
  const attachmentIds = checkInput(input);
  // The hot path: a customer's text line where only the plain rules apply, in a group commit (`writeCustomerLines`).
  if (side === ChatSide.CUSTOMER && attachmentIds.length === 0 && isUUID(conversationId)) {
    const at = new Date();
    const written = await customerLinesOf(ctx.app).write({ conversationId, customerId: principal.customerId!, body: input.body.trim(), at });
    if (written) return written;
  }
  return transact(ctx, async (em) => {
    const conversation = await visibleConversation(em, principal, conversationId, true);
    const now = new Date();
    if (side === ChatSide.CUSTOMER) {
      if (!customerMayWrite(conversation.state)) throw new DomainError('INVALID_TRANSITION');
      const message = await append(em, conversation, principal.user, side, input.body, attachmentIds, now);
      await checkUnanswered(ctx, em, conversation, now);
      return message;
    }
    await takeLocked(em, conversation, principal.user, now);
    const unreadBefore = await em.count(ChatMessage, { conversation, side: ChatSide.AGENT, seq: { $gt: conversation.customerReadSeq } });
    const message = await append(em, conversation, principal.user, side, input.body, attachmentIds, now);
    const customer = await em.findOneOrFail(Customer, conversation.customer.id, { populate: ['user'] });
    if (shouldNotifyCustomer(await userOnline(em, customer.user.id, ctx.app.config.chatPresenceSeconds), unreadBefore)) {
      const notice = agentReplyNotice(principal.user.displayName, message.body, attachmentIds.length > 0);
      notifyUser(em, { userId: customer.user.id, kind: 'CHAT_REPLY', ...notice, data: { conversationId: conversation.id }, whatsappTo: customer.phone });
    }
    return message;
  });
}

/** Under the conversation's lock: `agent` holds it after this (takes it when waiting). ALREADY_CLAIMED / INVALID_TRANSITION. */
async function takeLocked(em: EntityManager, conversation: ChatConversation, agent: User, now: Date): Promise<void> {
  const decision = decideTake({ state: conversation.state, agentId: conversation.agent?.id ?? null, actorId: agent.id });
  if ('refusal' in decision) {
    if (decision.refusal === 'ALREADY_CLAIMED') {
      const holder = await em.findOneOrFail(User, conversation.agent!.id);
      throw new DomainError('ALREADY_CLAIMED', { heldBy: { id: holder.id, displayName: holder.displayName } });
    }
    throw new DomainError(decision.refusal);
  }
  if (decision.outcome === 'ALREADY_MINE') return;
  conversation.state = ChatState.ACTIVE;
  conversation.agent = agent;
  conversation.takenAt = now;
  event(em, conversation, 'TAKEN', now);
}

/**
 * An agent takes a waiting conversation (WAITING_AGENT → ACTIVE): under its row lock, so of two agents taking it
 * at once one wins and the other gets ALREADY_CLAIMED {heldBy}. INVALID_TRANSITION when closed.
 */
export function takeChat(ctx: Context, conversationId: string): Promise<ChatConversation> {
  const principal = principalOf(ctx);
  if (chatSideOf(principal) !== ChatSide.AGENT) throw new DomainError('FORBIDDEN');
  return transact(ctx, async (em) => {
    const conversation = await visibleConversation(em, principal, conversationId, true);
    await takeLocked(em, conversation, principal.user, new Date());
    return conversation;
  });
}

/** The customer, or the agent holding it (any agent while it waits), closes the conversation. INVALID_TRANSITION, ALREADY_CLAIMED. */
export function closeChat(ctx: Context, conversationId: string): Promise<ChatConversation> {
  const principal = principalOf(ctx);
  const side = chatSideOf(principal);
  return transact(ctx, async (em) => {
    const conversation = await visibleConversation(em, principal, conversationId, true);
    const refusal = decideClose({ state: conversation.state, agentId: conversation.agent?.id ?? null, actor: { side, id: principal.user.id } });
    if (refusal) throw new DomainError(refusal.refusal);
    const now = new Date();
    conversation.state = ChatState.CLOSED;
    conversation.closedAt = now;
    conversation.awaitingReplySince = null;
    event(em, conversation, 'CLOSED', now);
    return conversation;
  });
}

/**
 * Read receipt: the caller's side has read up to message `seq` (never moves back; capped at the last message).
 * The other side hears of it live (CHAT_CHANGED READ) only when the mark moved.
 */
export function markChatRead(ctx: Context, conversationId: string, seq: number): Promise<ChatConversation> {
  const principal = principalOf(ctx);
  const side = chatSideOf(principal);
  return transact(ctx, async (em) => {
    const conversation = await visibleConversation(em, principal, conversationId, true);
    const key = side === ChatSide.CUSTOMER ? 'customerReadSeq' : 'agentReadSeq';
    const next = nextReadMark(conversation[key], seq, conversation.lastSeq);
    if (next !== conversation[key]) {
      conversation[key] = next;
      event(em, conversation, 'READ', new Date());
    }
    return conversation;
  });
}

/**
 * The periodic check of waiting chats: every conversation whose customer waits past the Master's
 * `supportChatAnswerMinutes` (or waits while no agent is online) is told so, once, with CHAT_UNANSWERED.
 * Each in its own transaction under the row lock, so instances sweeping together fire it once. Returns how many.
 */
export async function sweepUnansweredChats(ctx: Pick<Context, 'app' | 'em'>): Promise<number> {
  const em = ctx.em;
  const within = await answerWithin(em);
  const online = await agentsOnline(em, ctx.app.config.chatPresenceSeconds);
  const cutoff = online ? new Date(Date.now() - within) : new Date();
  const candidates = await em.find(
    ChatConversation,
    { unansweredAt: null, state: { $ne: ChatState.CLOSED }, awaitingReplySince: { $ne: null, $lte: cutoff } },
    { fields: ['id'], limit: 500, orderBy: { awaitingReplySince: 'asc' } },
  );
  let told = 0;
  for (const { id } of candidates) {
    const fired = await transact({ em: ctx.app.orm.em.fork(), app: ctx.app }, async (tx) => {
      const conversation = await tx.findOne(ChatConversation, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      return conversation ? checkUnanswered(ctx, tx, conversation, new Date(), within) : false;
    });
    if (fired) told += 1;
  }
  return told;
}
