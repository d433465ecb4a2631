import { CHAT_UNANSWERED_SWEEP } from '../../api/src/modules/support-chat/chat.jobs';
import type { RunningApi } from '../../api/src/main';
import { GqlClient, type TestSubscription } from '../helpers/client';
import { TINY_PNG } from '../helpers/images';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';

const Open = `mutation Open($input: OpenChatInput!) { openChat(input: $input) { id state lastSeq unansweredReason unansweredAt } }`;
const Send = `mutation Send($id: ID!, $input: ChatMessageInput!) { sendChatMessage(conversationId: $id, input: $input) { id seq side body authorName attachments { id } } }`;
const Take = `mutation Take($id: ID!) { takeChat(conversationId: $id) { id state agentName heldByMe } }`;
const Close = `mutation Close($id: ID!) { closeChat(conversationId: $id) { id state } }`;
const Read = `mutation Read($id: ID!, $seq: Int!) { markChatRead(conversationId: $id, seq: $seq) { customerReadSeq agentReadSeq } }`;
const Typing = `mutation Typing($id: ID!, $typing: Boolean!) { setChatTyping(conversationId: $id, typing: $typing) }`;
const Conversation = `query Conversation($id: ID!) { chatConversation(id: $id) { id state unreadCount customerReadSeq agentReadSeq messages(first: 2) { totalCount edges { node { seq body } } pageInfo { hasNextPage endCursor } } } }`;
const Older = `query Older($id: ID!, $after: String) { chatConversation(id: $id) { messages(first: 2, after: $after) { edges { node { seq } } pageInfo { hasNextPage } } } }`;
const Unread = `query Unread { chatUnreadTotal }`;
const Inbox = `query Inbox($filter: ChatInboxFilter) { chatInbox(filter: $filter, first: 50) { totalCount edges { node { id unreadCount customer { code } } } } }`;
const Context = `query Context($id: ID!) { chatConversation(id: $id) { customerContext { openRequests { id } openOrders { id } lastPayment { id } } } }`;
const Feed = `subscription Feed($id: ID, $after: String) { chatUpdated(conversationId: $id, after: $after) { cursor kind conversation { id state customerReadSeq agentReadSeq } message { seq side body } } }`;
const TypingFeed = `subscription TypingFeed($id: ID!) { chatTyping(conversationId: $id) { side name typing } }`;
const Canned = `query Canned { cannedReplies { id title body } }`;
const SaveCanned = `mutation SaveCanned($input: CannedReplyInput!, $id: ID) { saveCannedReply(input: $input, id: $id) { id title } }`;

interface Update {
  chatUpdated: { cursor: string; kind: string; conversation: { id: string; state: string; customerReadSeq: number; agentReadSeq: number }; message: { seq: number; side: string; body: string } | null };
}

let t: TestApi;
let ana: TestCustomer;
let ben: TestCustomer;
let agent: GqlClient;
let otherAgent: GqlClient;
beforeAll(async () => {
  t = await startTestApi({ wsMaxConnectionsPerUser: 10 });
  ana = await t.newCustomer({ fullName: 'Ana Chat' });
  ben = await t.newCustomer({ fullName: 'Ben Chat' });
  agent = await t.asStaff('SUPPORT');
  otherAgent = await t.asStaff('VENEZUELA_AGENT');
});
afterAll(async () => {
  await t.stop();
});

/** Another connection of the same caller (a reconnect, another tab). */
function reconnect(client: GqlClient): GqlClient {
  return new GqlClient(client.endpoints, client.token);
}

/**
 * An agent's inbox feed, listening, and a new customer's chat opened while an agent is online, so nobody has
 * been told it is unanswered yet.
 */
async function waitingChat() {
  const feed = agent.subscribe<Update, unknown>(Feed, {});
  await feed.ready;
  const customer = await t.newCustomer();
  const { openChat } = await customer.ok<{ openChat: { id: string; unansweredReason: string | null } }, unknown>(Open, { input: { body: '¿Me atienden?' } });
  expect(openChat.unansweredReason).toBeNull();
  return { feed, customer, chatId: openChat.id };
}

/** Moves the chat's wait for a reply back past supportChatAnswerMinutes (5 by default). */
async function passAnswerTime(conversationId: string): Promise<void> {
  await t.sql(`UPDATE chat_conversation SET awaiting_reply_since = awaiting_reply_since - interval '6 minutes' WHERE id = $1`, [conversationId]);
}

async function unansweredEvents(conversationId: string): Promise<number> {
  await t.settle();
  const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM domain_event WHERE topic = 'CHAT_UNANSWERED' AND payload->>'conversationId' = $1`, [conversationId]);
  return row!.n;
}

/** Subscribes to typing in `conversationId` through `client` (instance `api`, default the first) and waits until it listens. */
async function typingFeed(client: GqlClient, conversationId: string, api: RunningApi = t.api): Promise<TestSubscription<{ chatTyping: { side: string; name: string; typing: boolean } }>> {
  const before = api.app.chatTyping.attached;
  const feed = client.subscribe<{ chatTyping: { side: string; name: string; typing: boolean } }, unknown>(TypingFeed, { id: conversationId });
  const deadline = Date.now() + 5000;
  while (api.app.chatTyping.attached === before) {
    if (Date.now() > deadline) throw new Error('typing subscription did not start');
    await new Promise((r) => setTimeout(r, 10));
  }
  return feed;
}

/** The agent client holding `conversationId`. */
async function holderOf(conversationId: string): Promise<GqlClient> {
  const [holder] = await t.sql<{ agent_id: string }>('SELECT agent_id FROM chat_conversation WHERE id = $1', [conversationId]);
  const me = await agent.ok<{ me: { id: string } }, unknown>('query { me { id } }');
  return holder!.agent_id === me.me.id ? agent : otherAgent;
}

async function upload(client: GqlClient): Promise<string> {
  const response = await fetch(`${t.api.url}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': 'image/png' }, body: TINY_PNG });
  return ((await response.json()) as { id: string }).id;
}

/** Waits for the next event of `kind`, skipping others (e.g. OPENED before MESSAGE). */
async function nextOf(feed: { next(ms?: number): Promise<Update> }, kind: string): Promise<Update['chatUpdated']> {
  for (;;) {
    const { chatUpdated } = await feed.next();
    if (chatUpdated.kind === kind) return chatUpdated;
  }
}

describe('no agent online', () => {
  it('tells the customer at once, fires CHAT_UNANSWERED once and opens one ticket from the chat, however many messages follow', async () => {
    const customer = await t.newCustomer();
    const { openChat } = await customer.ok<{ openChat: { id: string; unansweredReason: string | null } }, unknown>(Open, { input: { body: '¿Hay alguien?' } });
    expect(openChat.unansweredReason).toBe('NO_AGENT_ONLINE');
    await customer.ok(Send, { id: openChat.id, input: { body: '¿Hola?' } });
    await t.app.jobs.runNow(CHAT_UNANSWERED_SWEEP);
    expect(await unansweredEvents(openChat.id)).toBe(1);
    const [event] = await t.sql<{ payload: { reason: string; customerId: string; messages: { body: string }[] } }>(
      `SELECT payload FROM domain_event WHERE topic = 'CHAT_UNANSWERED' AND payload->>'conversationId' = $1`, [openChat.id],
    );
    expect(event!.payload).toMatchObject({ reason: 'NO_AGENT_ONLINE', customerId: customer.customerId, messages: [{ body: '¿Hay alguien?' }] });
    const { myTickets } = await customer.ok<{ myTickets: { edges: { node: { source: string; subject: string } }[] } }, unknown>(
      `{ myTickets(first: 10) { edges { node { source subject } } } }`,
    );
    expect(myTickets.edges.map((e) => e.node)).toEqual([{ source: 'CHAT', subject: '¿Hay alguien?' }]);
    const [tickets] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM ticket WHERE conversation_id = $1', [openChat.id]);
    expect(tickets!.n).toBe(1);
  });
});

describe('a customer and an agent chat live', () => {
  let conversationId: string;
  let agentFeed: TestSubscription<Update>;
  let customerFeed: TestSubscription<Update>;

  it('brings the customer\'s first message to the agents\' inbox live, with no "nobody answers" while an agent is online', async () => {
    agentFeed = agent.subscribe<Update, unknown>(Feed, {});
    await agentFeed.ready;
    const { openChat } = await ana.ok<{ openChat: { id: string; state: string; unansweredReason: string | null } }, unknown>(Open, { input: { body: 'Hola, ¿dónde está mi pedido?' } });
    conversationId = openChat.id;
    expect(openChat).toMatchObject({ state: 'WAITING_AGENT', unansweredReason: null });
    const message = await nextOf(agentFeed, 'MESSAGE');
    expect(message).toMatchObject({ conversation: { id: conversationId, state: 'WAITING_AGENT' }, message: { seq: 1, side: 'CUSTOMER', body: 'Hola, ¿dónde está mi pedido?' } });
    const { chatInbox } = await agent.ok<{ chatInbox: { edges: { node: { id: string; unreadCount: number; customer: { code: string } } }[] } }, unknown>(Inbox, { filter: { states: ['WAITING_AGENT'] } });
    expect(chatInbox.edges.map((e) => e.node)).toContainEqual({ id: conversationId, unreadCount: 1, customer: { code: ana.code } });
  });

  it('lets one of two agents take the chat at once; the other is told who holds it', async () => {
    const results = await Promise.all([agent.request(Take, { id: conversationId }), otherAgent.request(Take, { id: conversationId })]);
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['ALREADY_CLAIMED', 'OK']);
  });

  it('delivers the agent\'s reply, typing and read receipts live in both directions', async () => {
    const answering = await holderOf(conversationId);
    customerFeed = ana.subscribe<Update, unknown>(Feed, { id: conversationId });
    await customerFeed.ready;
    const typing = await typingFeed(ana, conversationId);
    await answering.ok(Typing, { id: conversationId, typing: true });
    expect((await typing.next()).chatTyping).toMatchObject({ side: 'AGENT', typing: true });

    await answering.ok(Send, { id: conversationId, input: { body: 'Hola Ana, ya lo reviso.' } });
    expect(await nextOf(customerFeed, 'MESSAGE')).toMatchObject({ message: { seq: 2, side: 'AGENT', body: 'Hola Ana, ya lo reviso.' }, conversation: { state: 'ACTIVE', agentReadSeq: 2 } });

    const agentTyping = await typingFeed(answering, conversationId);
    await ana.ok(Typing, { id: conversationId, typing: true });
    expect((await agentTyping.next()).chatTyping).toMatchObject({ side: 'CUSTOMER', typing: true });

    const agentView = answering.subscribe<Update, unknown>(Feed, { id: conversationId });
    await agentView.ready;
    await ana.ok(Read, { id: conversationId, seq: 2 });
    expect(await nextOf(agentView, 'READ')).toMatchObject({ conversation: { customerReadSeq: 2 } });
    agentView.close();
    typing.close();
    agentTyping.close();
  });

  it('loses nothing while the customer is disconnected: resuming from the last cursor brings what was said meanwhile, in order', async () => {
    const answering = await holderOf(conversationId);
    await ana.ok(Send, { id: conversationId, input: { body: 'Gracias' } });
    const last = await nextOf(customerFeed, 'MESSAGE');
    customerFeed.close();
    await answering.ok(Send, { id: conversationId, input: { body: 'Sale mañana.' } });
    await answering.ok(Send, { id: conversationId, input: { body: 'Te aviso.' } });
    const again = reconnect(ana).subscribe<Update, unknown>(Feed, { id: conversationId, after: last.cursor });
    const bodies = [(await nextOf(again, 'MESSAGE')).message!.body, (await nextOf(again, 'MESSAGE')).message!.body];
    expect(bodies).toEqual(['Sale mañana.', 'Te aviso.']);
    again.close();
  });

  it('loses nothing while the agent is disconnected either', async () => {
    let seen: Update['chatUpdated'];
    do seen = await nextOf(agentFeed, 'MESSAGE');
    while (seen.message!.body !== 'Te aviso.');
    agentFeed.close();
    await ana.ok(Send, { id: conversationId, input: { body: 'Perfecto' } });
    await ana.ok(Send, { id: conversationId, input: { body: '¿A qué hora?' } });
    const again = reconnect(agent).subscribe<Update, unknown>(Feed, { after: seen.cursor });
    const bodies = [(await nextOf(again, 'MESSAGE')).message!.body, (await nextOf(again, 'MESSAGE')).message!.body];
    expect(bodies).toEqual(['Perfecto', '¿A qué hora?']);
    again.close();
  });

  it('counts unread messages per conversation and in total for the customer and the agent, and pages the history', async () => {
    const answering = await holderOf(conversationId);
    // Writing reads everything before: Ana wrote 6 and 7, so nothing is unread for her until the agent writes 8 and 9.
    await answering.ok(Send, { id: conversationId, input: { body: 'A las 10.' } });
    await answering.ok(Send, { id: conversationId, input: { body: '¿Algo más?' } });
    const view = await ana.ok<{ chatConversation: { unreadCount: number; messages: { edges: { node: { seq: number } }[]; pageInfo: { endCursor: string } } } }, unknown>(Conversation, { id: conversationId });
    expect(view.chatConversation.unreadCount).toBe(2);
    expect((await ana.ok<{ chatUnreadTotal: number }, unknown>(Unread)).chatUnreadTotal).toBe(2);
    expect(view.chatConversation.messages.edges.map((e) => e.node.seq)).toEqual([9, 8]);
    const older = await ana.ok<{ chatConversation: { messages: { edges: { node: { seq: number } }[] } } }, unknown>(Older, { id: conversationId, after: view.chatConversation.messages.pageInfo.endCursor });
    expect(older.chatConversation.messages.edges.map((e) => e.node.seq)).toEqual([7, 6]);
    await ana.ok(Read, { id: conversationId, seq: 9 });
    expect((await ana.ok<{ chatUnreadTotal: number }, unknown>(Unread)).chatUnreadTotal).toBe(0);

    await ana.ok(Send, { id: conversationId, input: { body: 'No, gracias.' } });
    const agentView = await answering.ok<{ chatConversation: { unreadCount: number } }, unknown>(Conversation, { id: conversationId });
    expect(agentView.chatConversation.unreadCount).toBe(1);
    const before = (await answering.ok<{ chatUnreadTotal: number }, unknown>(Unread)).chatUnreadTotal;
    await answering.ok(Read, { id: conversationId, seq: 10 });
    expect((await answering.ok<{ chatUnreadTotal: number }, unknown>(Unread)).chatUnreadTotal).toBe(before - 1);
  });

  it('shows agents the customer\'s context beside the chat', async () => {
    const { chatConversation } = await agent.ok<{ chatConversation: { customerContext: { openRequests: unknown[]; openOrders: unknown[]; lastPayment: unknown } } }, unknown>(Context, { id: conversationId });
    expect(chatConversation.customerContext).toEqual({ openRequests: [], openOrders: [], lastPayment: null });
  });
});

describe('a customer who left the chat', () => {
  it('gets the agent\'s reply as a notification and on WhatsApp, once per absence', async () => {
    const customer = await t.newCustomer();
    const feed = agent.subscribe<Update, unknown>(Feed, {});
    await feed.ready;
    const { openChat } = await customer.ok<{ openChat: { id: string } }, unknown>(Open, { input: { body: 'Necesito ayuda' } });
    await agent.ok(Send, { id: openChat.id, input: { body: 'Aquí estoy, ¿en qué te ayudo?' } });
    await agent.ok(Send, { id: openChat.id, input: { body: '¿Sigues ahí?' } });
    feed.close();
    const notifications = await t.sql<{ kind: string }>(`SELECT n.kind FROM notification n WHERE n.recipient_id = $1 AND n.kind = 'CHAT_REPLY'`, [customer.userId]);
    const whatsapp = await t.sql<{ body: string }>(`SELECT body FROM outbound_message WHERE recipient = $1 AND body LIKE '%soporte%'`, [customer.phone]);
    expect(notifications).toHaveLength(1);
    expect(whatsapp).toHaveLength(1);
    expect(whatsapp[0]!.body).toContain('Aquí estoy');
  });
});

describe('nobody answers in time', () => {
  it('tells the waiting customer once the Master\'s supportChatAnswerMinutes passed, firing the hook once across sweeps', async () => {
    const { feed, customer, chatId } = await waitingChat();
    const customerFeed = customer.subscribe<Update, unknown>(Feed, { id: chatId });
    await customerFeed.ready;
    await passAnswerTime(chatId);
    await t.app.jobs.runNow(CHAT_UNANSWERED_SWEEP);
    await t.app.jobs.runNow(CHAT_UNANSWERED_SWEEP);
    expect(await nextOf(customerFeed, 'UNANSWERED')).toMatchObject({ conversation: { id: chatId } });
    expect(await unansweredEvents(chatId)).toBe(1);
    const [row] = await t.sql<{ unanswered_reason: string }>('SELECT unanswered_reason FROM chat_conversation WHERE id = $1', [chatId]);
    expect(row!.unanswered_reason).toBe('NO_ANSWER_IN_TIME');
    feed.close();
    customerFeed.close();
  });
});

describe('many customers writing at once', () => {
  it('numbers each chat\'s lines without gaps or doubles, marks them read by their writer and brings each once, in order, live', async () => {
    const customers = await Promise.all([t.newCustomer(), t.newCustomer(), t.newCustomer()]);
    const chats = await Promise.all(customers.map(async (customer) => (await customer.ok<{ openChat: { id: string } }, unknown>(Open, { input: { body: 'Hola' } })).openChat.id));
    const feeds = customers.map((customer, i) => customer.subscribe<Update, unknown>(Feed, { id: chats[i] }));
    await Promise.all(feeds.map((feed) => feed.ready));
    const lines = customers.flatMap((customer, i) => [1, 2, 3, 4, 5].map((n) => ({ customer, id: chats[i]!, body: `línea ${n}` })));
    const sent = await Promise.all(lines.map(({ customer, id, body }) => customer.ok<{ sendChatMessage: { seq: number; side: string; body: string } }, unknown>(Send, { id, input: { body } })));
    for (const [i, customer] of customers.entries()) {
      const mine = sent.filter((_, k) => lines[k]!.customer === customer).map((r) => r.sendChatMessage);
      expect(mine.map((m) => m.seq).sort()).toEqual([2, 3, 4, 5, 6]);
      expect(mine.every((m) => m.side === 'CUSTOMER')).toBe(true);
      const heard: { seq: number; body: string }[] = [];
      while (heard.length < 5) heard.push((await nextOf(feeds[i]!, 'MESSAGE')).message!);
      expect(heard.map((m) => m.seq)).toEqual([2, 3, 4, 5, 6]);
      expect(heard.map((m) => m.body).sort()).toEqual(['línea 1', 'línea 2', 'línea 3', 'línea 4', 'línea 5']);
      const view = await customer.ok<{ chatConversation: { customerReadSeq: number; messages: { totalCount: number } } }, unknown>(Conversation, { id: chats[i] });
      expect(view.chatConversation).toMatchObject({ customerReadSeq: 6, messages: { totalCount: 6 } });
      feeds[i]!.close();
    }
  });

  it('refuses a line into a closed chat or another customer\'s while the lines written with it go through', async () => {
    const [closer, intruder, writer] = await Promise.all([t.newCustomer(), t.newCustomer(), t.newCustomer()]);
    const [closed, open] = await Promise.all([closer, writer].map(async (customer) => (await customer.ok<{ openChat: { id: string } }, unknown>(Open, { input: { body: 'Hola' } })).openChat.id));
    await closer.ok(Close, { id: closed });
    const [intoClosed, intoOthers, own] = await Promise.all([
      closer.errorCode(Send, { id: closed, input: { body: '¿sigue abierto?' } }),
      intruder.errorCode(Send, { id: open, input: { body: 'no es mío' } }),
      writer.ok<{ sendChatMessage: { seq: number } }, unknown>(Send, { id: open, input: { body: 'el mío' } }),
    ]);
    expect([intoClosed, intoOthers]).toEqual(['INVALID_TRANSITION', 'NOT_FOUND']);
    expect(own.sendChatMessage.seq).toBe(2);
  });

  it('tells a customer who keeps writing, at their next line, once their wait passed supportChatAnswerMinutes', async () => {
    const { feed, customer, chatId } = await waitingChat();
    await customer.ok(Send, { id: chatId, input: { body: 'Sigo aquí' } });
    expect(await unansweredEvents(chatId)).toBe(0);
    await passAnswerTime(chatId);
    await customer.ok(Send, { id: chatId, input: { body: '¿Hola?' } });
    expect(await unansweredEvents(chatId)).toBe(1);
    const [row] = await t.sql<{ unanswered_reason: string; last_seq: number }>('SELECT unanswered_reason, last_seq FROM chat_conversation WHERE id = $1', [chatId]);
    expect(row).toEqual({ unanswered_reason: 'NO_ANSWER_IN_TIME', last_seq: 3 });
    feed.close();
  });
});

describe('authorisation', () => {
  let anaChat: string;
  beforeAll(async () => {
    anaChat = (await ana.ok<{ openChat: { id: string } }, unknown>(Open, { input: { body: 'Otra pregunta' } })).openChat.id;
  });

  it('never shows a customer another customer\'s conversation, by query, mutation or subscription', async () => {
    expect(await ben.errorCode(Conversation, { id: anaChat })).toBe('NOT_FOUND');
    expect(await ben.errorCode(Send, { id: anaChat, input: { body: 'hola' } })).toBe('NOT_FOUND');
    expect(await ben.errorCode(Read, { id: anaChat, seq: 1 })).toBe('NOT_FOUND');
    expect(await ben.errorCode(Typing, { id: anaChat, typing: true })).toBe('NOT_FOUND');
    await expect(ben.subscribe<Update, unknown>(Feed, { id: anaChat }).next()).rejects.toThrow('NOT_FOUND');
    await expect(ben.subscribe(TypingFeed, { id: anaChat }).next()).rejects.toThrow('NOT_FOUND');
  });

  it('sends a customer\'s feed only their own conversations\' events', async () => {
    const feed = reconnect(ben).subscribe<Update, unknown>(Feed, {});
    await feed.ready;
    await ana.ok(Send, { id: anaChat, input: { body: 'solo para Ana' } });
    const { openChat } = await ben.ok<{ openChat: { id: string } }, unknown>(Open, { input: { body: 'Soy Ben' } });
    const first = (await feed.next()).chatUpdated;
    expect(first.conversation.id).toBe(openChat.id);
    feed.close();
  });

  it('refuses staff without support-chat:answer everything about conversations', async () => {
    const china = await t.asStaff('CHINA_AGENT');
    expect(await china.errorCode(Inbox, {})).toBe('FORBIDDEN');
    expect(await china.errorCode(Conversation, { id: anaChat })).toBe('FORBIDDEN');
    expect(await china.errorCode(Take, { id: anaChat })).toBe('FORBIDDEN');
    expect(await china.errorCode(Canned)).toBe('FORBIDDEN');
    await expect(china.subscribe(Feed, {}).next()).rejects.toThrow('FORBIDDEN');
  });

  it('lets supervisors keep canned replies and agents only read them', async () => {
    const supervisor = await t.asStaff('SUPERVISOR');
    await supervisor.ok(SaveCanned, { input: { title: 'Saludo', body: '¡Hola! ¿En qué te ayudo?' } });
    expect(await agent.errorCode(SaveCanned, { input: { title: 'Otro', body: 'x' } })).toBe('FORBIDDEN');
    expect(await supervisor.errorCode(SaveCanned, { input: { title: 'Saludo', body: 'otro' } })).toBe('BAD_USER_INPUT');
    expect((await agent.ok<{ cannedReplies: { title: string }[] }, unknown>(Canned)).cannedReplies.map((r) => r.title)).toContain('Saludo');
  });
});

describe('bad input', () => {
  let chat: string;
  beforeAll(async () => {
    chat = (await ben.ok<{ openChat: { id: string } }, unknown>(Open, { input: { body: 'Una consulta' } })).openChat.id;
  });

  it.each([
    ['an empty message', { body: '   ' }, 'EMPTY_MESSAGE'],
    ['a message over 2,000 characters', { body: 'x'.repeat(2001) }, 'MESSAGE_TOO_LONG'],
  ])('refuses %s with BAD_USER_INPUT and its reason', async (_name, input, reason) => {
    const result = await ben.request(Send, { id: chat, input });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body', reason });
  });

  it('refuses an image someone else uploaded, and accepts the customer\'s own', async () => {
    const foreign = await upload(ana);
    const result = await ben.request(Send, { id: chat, input: { body: 'mira', attachmentIds: [foreign] } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'attachmentIds' });
    const own = await upload(ben);
    const { sendChatMessage } = await ben.ok<{ sendChatMessage: { attachments: { id: string }[] } }, unknown>(Send, { id: chat, input: { body: '', attachmentIds: [own] } });
    expect(sendChatMessage.attachments).toEqual([{ id: own }]);
  });

  it('refuses a subject that is not the customer\'s own and writing in a closed chat', async () => {
    const result = await ben.request(Open, { input: { body: 'sobre esto', subjectType: 'ORDER', subjectId: '00000000-0000-4000-8000-000000000000' } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'subjectId' });
    await ben.ok(Close, { id: chat });
    expect(await ben.errorCode(Send, { id: chat, input: { body: 'hola' } })).toBe('INVALID_TRANSITION');
  });
});

describe('two API instances', () => {
  let b: RunningApi;
  beforeAll(async () => {
    b = await t.startInstance();
  });

  it('carries typing and messages to a subscriber connected to the other instance', async () => {
    const customer = await t.newCustomer();
    const { openChat } = await customer.ok<{ openChat: { id: string } }, unknown>(Open, { input: { body: 'Hola desde A' } });
    const onB = new GqlClient({
      graphqlUrl: b.graphqlUrl, wsUrl: b.wsUrl, subscriptionsAttached: () => b.subscriptionsStarted(),
      waitForSubscriptions: async (count) => {
        while (b.subscriptionsStarted() < count) await new Promise((r) => setTimeout(r, 20));
      },
    }, customer.token);
    const typing = await typingFeed(onB, openChat.id, b);
    const feed = onB.subscribe<Update, unknown>(Feed, { id: openChat.id });
    await feed.ready;
    await agent.ok(Typing, { id: openChat.id, typing: true });
    expect((await typing.next()).chatTyping).toMatchObject({ side: 'AGENT', typing: true });
    await agent.ok(Send, { id: openChat.id, input: { body: 'Respuesta desde A' } });
    expect((await nextOf(feed, 'MESSAGE')).message).toMatchObject({ body: 'Respuesta desde A' });
    await onB.close();
  });
});

describe('presence', () => {
  let short: TestApi;
  beforeAll(async () => {
    // A 3 s window: heartbeats every second, written in batches.
    short = await startTestApi({ chatPresenceSeconds: 3 });
  });
  afterAll(async () => {
    await short.stop();
  });

  it('keeps agents with a live chat online past the presence window through their heartbeats (written together), and not after they leave', async () => {
    const customer = await short.newCustomer();
    const agents = [await short.asStaff('SUPPORT'), await short.asStaff('VENEZUELA_AGENT')];
    const online = async () => (await customer.ok<{ chatAgentsOnline: boolean }, unknown>('query Online { chatAgentsOnline }', {})).chatAgentsOnline;
    expect(await online()).toBe(false);
    // One at a time: `ready` counts one more subscription attached than before it was sent.
    for (const a of agents) await a.subscribe<Update, unknown>(Feed, {}).ready;
    // This API's own database: the only agents seen are these two.
    const seen = async () => (await short.sql<{ seen_at: Date }>(`SELECT seen_at FROM chat_presence WHERE side = 'AGENT' ORDER BY user_id`)).map((r) => r.seen_at.getTime());
    let first = await seen();
    for (let tries = 0; first.length < 2 && tries < 50; tries += 1) first = await new Promise((resolve) => setTimeout(resolve, 100)).then(seen);
    expect(first).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 4500));
    expect(await online()).toBe(true);
    const later = await seen();
    // Both heartbeats moved on, in the same statement (one database clock reading).
    expect(later[0]).toBeGreaterThan(first[0]!);
    expect(later[0]).toBe(later[1]);
    for (const a of agents) await a.close();
    await new Promise((resolve) => setTimeout(resolve, 4500));
    expect(await online()).toBe(false);
  });
});
