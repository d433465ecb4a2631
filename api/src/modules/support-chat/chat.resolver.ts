import { Repeater } from '@graphql-yoga/subscription';
import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription, registerEnumType, type SubscribeResolverData } from 'type-graphql';
import { customerIdOf, principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { AFTER_CURSOR_DESCRIPTION } from '../../events/envelope';
import { eventStream, type StreamedEvent } from '../../events/event-stream';
import { type ChatChangedPayload, Topic } from '../../events/topics';
import { ConnectionType, PageArgs } from '../../shared/connection';
import { DomainError } from '../../shared/errors';
import { ListOrder } from '../../shared/list-order';
import { nextStates } from '../../shared/transitions';
import { transact } from '../../shared/transaction';
import { Customer } from '../identity/customer.entity';
import { Owner, Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { Order } from '../orders/order.entity';
import { Payment } from '../payments/payment.entity';
import { PurchaseRequest } from '../quotes/purchase-request.entity';
import { Upload } from '../uploads/upload.entity';
import { CannedReply } from './canned-reply.entity';
import { ChatConversation, ChatSubjectType } from './chat-conversation.entity';
import { ChatMessage } from './chat-message.entity';
import { PresenceBeats, touchPresence } from './chat-presence.service';
import { attachmentsOf, chatMessageForEvent, chatRowForEvent, customerContext, readInbox, readMessages, readMyChats, unreadCount, unreadTotal } from './chat.reads';
import { ChatSide, ChatState, chatTransitions } from './chat.rules';
import { CannedReplyInput, ChatInboxFilter, ChatMessageInput, OpenChatInput } from './chat.inputs';
import { chatSideOf, closeChat, markChatRead, maySeeConversation, openChat, sendChatMessage, takeChat, visibleConversation } from './chat.service';
import { agentsOnline } from './chat-presence.service';
import type { TypingSignal } from './chat-typing';

const ChatConversationConnection = ConnectionType(ChatConversation, 'ChatConversation');
const ChatMessageConnection = ConnectionType(ChatMessage, 'ChatMessage');

/** What a CHAT_CHANGED event was. */
enum ChatChange {
  OPENED = 'OPENED',
  MESSAGE = 'MESSAGE',
  TAKEN = 'TAKEN',
  READ = 'READ',
  CLOSED = 'CLOSED',
  UNANSWERED = 'UNANSWERED',
}
registerEnumType(ChatChange, { name: 'ChatChange', description: 'What happened in a support chat: opened, a message, taken by an agent, a read receipt, closed, or the customer told nobody answers.' });

@ObjectType({ description: 'A support chat changed, and the event\'s cursor.' })
class ChatUpdate {
  @Field(() => String, { description: 'This event\'s position (opaque): pass it as `after` when subscribing again after a disconnect.' })
  cursor!: string;

  @Field(() => ChatChange)
  kind!: ChatChange;

  conversationId!: string;
  messageId!: string | null;
}

/** The parts of a chat event read only when the subscriber selected them (each a read per delivery). */
@Authorized()
@Resolver(() => ChatUpdate)
export class ChatUpdateResolver {
  @FieldResolver(() => ChatConversation, { description: 'The conversation as it is now (state, read receipts, …).' })
  async conversation(@Root() update: ChatUpdate, @Ctx() ctx: Context): Promise<ChatConversation> {
    const conversation = await chatRowForEvent(ctx.em, ChatConversation, update.conversationId);
    if (!conversation) throw new DomainError('NOT_FOUND');
    return conversation;
  }

  @FieldResolver(() => ChatMessage, { nullable: true, description: 'The message written (kind MESSAGE).' })
  message(@Root() update: ChatUpdate, @Ctx() ctx: Context): Promise<ChatMessage | null> | null {
    return update.messageId ? chatMessageForEvent(ctx.em, update.messageId) : null;
  }
}

@ObjectType({ description: 'Someone started or stopped typing (ephemeral: not replayed after a reconnect).' })
class ChatTypingSignal {
  @Field(() => ID)
  conversationId!: string;

  @Field(() => ChatSide)
  side!: ChatSide;

  @Field({ description: 'Display name of who types.' })
  name!: string;

  @Field()
  typing!: boolean;

  @Field()
  at!: Date;
}

@ObjectType({ description: 'The customer\'s situation beside a conversation (agents).' })
class ChatCustomerContext {
  @Field(() => [PurchaseRequest], { description: 'Quote requests still in progress, newest first (up to 10).' })
  openRequests!: PurchaseRequest[];

  @Field(() => [Order], { description: 'Orders not yet delivered or cancelled, newest first (up to 10).' })
  openOrders!: Order[];

  @Field(() => Payment, { nullable: true, description: 'The customer\'s most recent payment.' })
  lastPayment!: Payment | null;
}

const presenceBeats = new WeakMap<Context['app'], PresenceBeats>();

/** The heartbeat batch of an API instance (`app`), created on first use. */
function presenceBeatsOf(app: Context['app']): PresenceBeats {
  let beats = presenceBeats.get(app);
  if (!beats) presenceBeats.set(app, (beats = new PresenceBeats(() => app.orm.em.fork(), (err) => app.log.warn({ err }, 'chat presence heartbeats failed'))));
  return beats;
}

/** How often a live chat subscription tells the database its holder is still there (a third of CHAT_PRESENCE_SECONDS). */
function heartbeatMs(ctx: Context): number {
  return Math.max(1000, (ctx.app.config.chatPresenceSeconds * 1000) / 3);
}

/**
 * `source` while it lasts, with the subscriber's presence refreshed every `heartbeatMs` (agents online, a
 * customer still in the chat) on the shared database, so every instance sees it.
 */
function withPresence<T>(ctx: Context, side: ChatSide, source: AsyncIterable<T>): AsyncIterable<T> {
  const userId = ctx.principal!.user.id;
  const beat = () => presenceBeatsOf(ctx.app).beat(userId, side);
  return new Repeater<T>(async (push, stop) => {
    const iterator = source[Symbol.asyncIterator]();
    const timer = setInterval(beat, heartbeatMs(ctx));
    void stop.then(() => {
      clearInterval(timer);
      void iterator.return?.();
    });
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), stop.then(() => ({ done: true as const, value: undefined }))]);
        if (next.done) break;
        await push(next.value);
      }
      stop();
    } catch (err) {
      stop(err);
    }
  });
}

/** Support chat (issue 10): customers write to support, agents answer from their inbox; all live. */
@Authorized()
@Resolver(() => ChatConversation)
export class ChatResolver {
  @Authorized(Permission.ChatAsCustomer)
  @Query(() => ChatConversationConnection, { description: 'The signed-in customer\'s support chats, newest first.' })
  myChats(@Args() page: PageArgs, @Ctx() ctx: Context) {
    return readMyChats(ctx, customerIdOf(ctx), page);
  }

  @Authorized(Permission.AnswerChats)
  @Query(() => ChatConversationConnection, { description: 'Agents\' inbox: every customer\'s chats by opening time (newest first unless `order` says otherwise), filtered.' })
  chatInbox(
    @Arg('filter', () => ChatInboxFilter, { nullable: true }) filter: ChatInboxFilter | null,
    @Arg('order', () => ListOrder, { nullable: true, defaultValue: ListOrder.NEWEST_FIRST }) order: ListOrder,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return readInbox(ctx, principalOf(ctx), filter, page, order);
  }

  @Authorized(Permission.ChatAsCustomer, Permission.AnswerChats)
  @Query(() => ChatConversation, { description: 'One chat: the caller\'s own (customers) or any (agents). NOT_FOUND otherwise.' })
  chatConversation(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ChatConversation> {
    return visibleConversation(ctx.em, principalOf(ctx), id);
  }

  @Authorized(Permission.ChatAsCustomer, Permission.AnswerChats)
  @Query(() => Int, { description: 'Unread chat messages over all the caller\'s chats: a customer\'s own; for an agent, customers\' messages in open chats they hold or that wait for anyone.' })
  chatUnreadTotal(@Ctx() ctx: Context): Promise<number> {
    return unreadTotal(ctx.em, principalOf(ctx));
  }

  @Authorized(Permission.ChatAsCustomer, Permission.AnswerChats)
  @Query(() => Boolean, { description: 'Whether a support agent is online now (seen live within CHAT_PRESENCE_SECONDS), so the panel can say so before the customer writes.' })
  chatAgentsOnline(@Ctx() ctx: Context): Promise<boolean> {
    return agentsOnline(ctx.em, ctx.app.config.chatPresenceSeconds);
  }

  @Authorized(Permission.AnswerChats)
  @Query(() => [CannedReply], { description: 'Canned replies agents pick from, by title.' })
  cannedReplies(@Ctx() ctx: Context): Promise<CannedReply[]> {
    return ctx.em.find(CannedReply, {}, { orderBy: { title: 'asc', id: 'asc' }, limit: 500 });
  }

  @Authorized(Permission.ChatAsCustomer)
  @Mutation(() => ChatConversation, { description: 'The customer writes to support: into their open chat about the same subject, or a new one. When no agent is online the chat says so (unansweredReason). BAD_USER_INPUT, NOT_FOUND (subject or image not theirs).' })
  openChat(@Arg('input', () => OpenChatInput) input: OpenChatInput, @Ctx() ctx: Context): Promise<ChatConversation> {
    return openChat(ctx, input);
  }

  @Authorized(Permission.ChatAsCustomer, Permission.AnswerChats)
  @Mutation(() => ChatMessage, { description: 'Writes in a chat: the customer in their own, an agent in one they hold (a waiting one is taken). BAD_USER_INPUT, NOT_FOUND, INVALID_TRANSITION (closed), ALREADY_CLAIMED {heldBy}.' })
  sendChatMessage(@Arg('conversationId', () => ID) conversationId: string, @Arg('input', () => ChatMessageInput) input: ChatMessageInput, @Ctx() ctx: Context): Promise<ChatMessage> {
    return sendChatMessage(ctx, conversationId, input);
  }

  @Authorized(Permission.AnswerChats)
  @Mutation(() => ChatConversation, { description: 'An agent takes a waiting chat; of two agents at once one wins, the other gets ALREADY_CLAIMED {heldBy}.' })
  takeChat(@Arg('conversationId', () => ID) conversationId: string, @Ctx() ctx: Context): Promise<ChatConversation> {
    return takeChat(ctx, conversationId);
  }

  @Authorized(Permission.ChatAsCustomer, Permission.AnswerChats)
  @Mutation(() => ChatConversation, { description: 'Closes a chat: its customer, or the agent holding it (any agent while it waits). INVALID_TRANSITION, ALREADY_CLAIMED.' })
  closeChat(@Arg('conversationId', () => ID) conversationId: string, @Ctx() ctx: Context): Promise<ChatConversation> {
    return closeChat(ctx, conversationId);
  }

  @Authorized(Permission.ChatAsCustomer, Permission.AnswerChats)
  @Mutation(() => ChatConversation, { description: 'Read receipt: the caller\'s side read up to message number `seq` (never moves back).' })
  markChatRead(@Arg('conversationId', () => ID) conversationId: string, @Arg('seq', () => Int) seq: number, @Ctx() ctx: Context): Promise<ChatConversation> {
    return markChatRead(ctx, conversationId, seq);
  }

  @Authorized(Permission.ChatAsCustomer, Permission.AnswerChats)
  @Mutation(() => Boolean, { description: 'Tells the other side the caller is (or stopped) typing; ephemeral. NOT_FOUND, INVALID_TRANSITION (closed).' })
  async setChatTyping(@Arg('conversationId', () => ID) conversationId: string, @Arg('typing', () => Boolean) typing: boolean, @Ctx() ctx: Context): Promise<boolean> {
    const principal = principalOf(ctx);
    const conversation = await visibleConversation(ctx.em, principal, conversationId);
    if (conversation.state === ChatState.CLOSED) throw new DomainError('INVALID_TRANSITION');
    const signal: TypingSignal = { conversationId, side: chatSideOf(principal), name: principal.user.displayName, typing, at: new Date().toISOString() };
    await ctx.app.chatTyping.publish(ctx.em, signal);
    return true;
  }

  @Authorized(Permission.ManageCannedReplies)
  @Mutation(() => CannedReply, { description: 'Creates a canned reply, or changes one (`id`). BAD_USER_INPUT {field: title, reason: TITLE_TAKEN}, NOT_FOUND.' })
  async saveCannedReply(@Arg('input', () => CannedReplyInput) input: CannedReplyInput, @Arg('id', () => ID, { nullable: true }) id: string | null, @Ctx() ctx: Context): Promise<CannedReply> {
    const principal = principalOf(ctx);
    try {
      return await transact(ctx, async (em) => {
        const reply = id ? await em.findOne(CannedReply, { id }) : em.create(CannedReply, { title: input.title, body: input.body, updatedBy: principal.user, updatedAt: new Date() });
        if (!reply) throw new DomainError('NOT_FOUND');
        Object.assign(reply, { title: input.title.trim(), body: input.body, updatedBy: principal.user, updatedAt: new Date() });
        return reply;
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new DomainError('BAD_USER_INPUT', { field: 'title', reason: 'TITLE_TAKEN' });
      throw err;
    }
  }

  @Authorized(Permission.ManageCannedReplies)
  @Mutation(() => Boolean, { description: 'Deletes a canned reply; false when there was none.' })
  async deleteCannedReply(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.em.nativeDelete(CannedReply, { id })) > 0;
  }

  @Subscription(() => ChatUpdate, {
    description: 'Support chats changed live (messages, takes, read receipts, closing, "nobody answers"): a customer hears of their own chats, agents (support-chat:answer) of all; `conversationId` narrows to one. Holding it counts as being online in the chat (heartbeat).',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { conversationId?: string | null; after?: string | null }, Context>) => {
      const principal = principalOf(context);
      const side = chatSideOf(principal);
      if (args.conversationId) await visibleConversation(context.app.orm.em.fork(), principal, args.conversationId);
      // Online from the first moment (the inbox may be waiting to tell the customer nobody answers).
      await touchPresence(context.app.orm.em.fork(), new Map([[principal.user.id, side]]));
      const customerId = principal.customerId;
      const stream = await eventStream(context, {
        topic: Topic.ChatChanged,
        after: args.after,
        allowed: (p) => (customerId ? p.permissions.has(Permission.ChatAsCustomer) : p.permissions.has(Permission.AnswerChats)),
        matches: (payload) => (!args.conversationId || args.conversationId === payload.conversationId) && (!customerId || customerId === payload.customerId),
        key: args.conversationId ? { field: 'conversationId', value: args.conversationId } : customerId ? { field: 'customerId', value: customerId } : null,
        visible: (payload, p) => maySeeConversation(p, { customer: { id: payload.customerId } }),
      });
      return withPresence(context, side, stream);
    },
  })
  chatUpdated(
    @Root() event: StreamedEvent<ChatChangedPayload>,
    @Arg('conversationId', () => ID, { nullable: true }) _conversationId: string | null,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | null,
    @Ctx() ctx: Context,
  ): ChatUpdate {
    const { conversationId, messageId, kind } = event.payload;
    return { cursor: event.cursor, kind: kind as ChatChange, conversationId, messageId };
  }

  @Subscription(() => ChatTypingSignal, {
    description: 'The other side of one chat typing (ephemeral; across instances through PostgreSQL NOTIFY, never replayed). NOT_FOUND for a chat the caller may not see.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { conversationId: string }, Context>) => {
      const principal = principalOf(context);
      const side = chatSideOf(principal);
      await visibleConversation(context.app.orm.em.fork(), principal, args.conversationId);
      return new Repeater<TypingSignal>(async (push, stop) => {
        const off = context.app.chatTyping.on(args.conversationId, (signal) => {
          if (signal.side !== side) void push(signal);
        });
        await stop;
        off();
      });
    },
  })
  chatTyping(@Root() signal: TypingSignal, @Arg('conversationId', () => ID) _conversationId: string): ChatTypingSignal {
    return { ...signal, at: new Date(signal.at) };
  }

  // Contact details stay with the customer and staff allowed to read customers.
  @Authorized(Owner, Permission.ReadCustomers)
  @FieldResolver(() => Customer, { nullable: true, description: 'Whose chat: that customer and staff with customer:read:any (FORBIDDEN to others).' })
  customer(@Root() conversation: ChatConversation, @Ctx() ctx: Context): Promise<Customer | null> {
    return ctx.loaders.byId(Customer).load(conversation.customer.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Display name of the agent who took it; null while it waits.' })
  async agentName(@Root() conversation: ChatConversation, @Ctx() ctx: Context): Promise<string | null> {
    return conversation.agent ? ((await ctx.loaders.byId(User).load(conversation.agent.id))?.displayName ?? null) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the caller took it (agents); false for customers.' })
  heldByMe(@Root() conversation: ChatConversation, @Ctx() ctx: Context): boolean {
    return conversation.agent?.id === principalOf(ctx).user.id;
  }

  @FieldResolver(() => [ChatState], { description: 'States it may move to next.' })
  nextStates(@Root() conversation: ChatConversation): ChatState[] {
    return nextStates(chatTransitions, conversation.state);
  }

  @FieldResolver(() => PurchaseRequest, { nullable: true, description: 'The request it is about, when it is about one.' })
  request(@Root() conversation: ChatConversation, @Ctx() ctx: Context): Promise<PurchaseRequest | null> | null {
    return conversation.subjectType === ChatSubjectType.PURCHASE_REQUEST && conversation.subjectId ? ctx.loaders.byId(PurchaseRequest).load(conversation.subjectId) : null;
  }

  @FieldResolver(() => Order, { nullable: true, description: 'The order it is about, when it is about one.' })
  order(@Root() conversation: ChatConversation, @Ctx() ctx: Context): Promise<Order | null> | null {
    return conversation.subjectType === ChatSubjectType.ORDER && conversation.subjectId ? ctx.loaders.byId(Order).load(conversation.subjectId) : null;
  }

  @FieldResolver(() => ChatMessageConnection, { description: 'Messages, newest first (by number); page backwards with `after`.' })
  messages(@Root() conversation: ChatConversation, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return readMessages(ctx, conversation, page);
  }

  @FieldResolver(() => Int, { description: 'Messages of the other side the caller\'s side has not read.' })
  unreadCount(@Root() conversation: ChatConversation, @Ctx() ctx: Context): Promise<number> {
    return unreadCount(ctx.em, conversation, chatSideOf(principalOf(ctx)));
  }

  @Authorized(Permission.AnswerChats)
  @FieldResolver(() => ChatCustomerContext, { nullable: true, description: 'Agents only (support-chat:answer): the customer\'s open requests and orders and last payment.' })
  customerContext(@Root() conversation: ChatConversation, @Ctx() ctx: Context): Promise<ChatCustomerContext> {
    return customerContext(ctx.em, conversation.customer.id);
  }
}

/** The fields of a chat message beyond its columns. */
@Authorized()
@Resolver(() => ChatMessage)
export class ChatMessageResolver {
  @FieldResolver(() => String, { description: 'Display name of who wrote it.' })
  async authorName(@Root() message: ChatMessage, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.byId(User).load(message.author.id))?.displayName ?? '';
  }

  @FieldResolver(() => ID)
  conversationId(@Root() message: ChatMessage): string {
    return message.conversation.id;
  }

  @FieldResolver(() => [Upload], { description: 'Attached images (GET /uploads/:id, served to the chat\'s customer and staff).' })
  attachments(@Root() message: ChatMessage, @Ctx() ctx: Context): Promise<Upload[]> {
    return attachmentsOf(ctx, message.id);
  }
}
