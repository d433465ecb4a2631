import { parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { chatSchema } from '../forms/schemas';
import { PortalChatState, PortalCloseChat, PortalMarkChatRead, PortalOpenChat, PortalSendChatMessage, PortalSetChatTyping } from '../graphql/chat.server';
import { ApiUnavailable } from '../lib/api.server';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';

/** How many of the latest messages the panel shows (older ones stay in the chat's history). */
const PANEL_MESSAGES = 50;

/** One chat message as the panel shows it, oldest first. */
export interface PanelMessage {
  id: string;
  seq: number;
  side: 'CUSTOMER' | 'AGENT';
  body: string;
  authorName: string;
  createdAt: string;
  attachments: string[];
}

/**
 * `GET /chat` (a resource route the floating panel fetches): the signed-in customer's latest support chat
 * with its last messages (oldest first), whether an agent is online, and the unread count; reloaded by the
 * panel whenever the API reports a change to the customer's chats (live `chatUpdated`).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const answer = await api.asCustomer(PortalChatState, { messages: PANEL_MESSAGES });
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  const latest = answer.data.myChats.edges[0]?.node ?? null;
  const conversation = latest && {
    id: latest.id,
    state: latest.state,
    agentName: latest.agentName ?? null,
    unansweredReason: latest.unansweredReason ?? null,
    agentReadSeq: latest.agentReadSeq,
    lastSeq: latest.lastSeq,
    unread: latest.unreadCount,
    olderMessages: latest.messages.pageInfo.hasNextPage,
    messages: latest.messages.edges.map(({ node }): PanelMessage => ({
      id: node.id, seq: node.seq, side: node.side, body: node.body, authorName: node.authorName, createdAt: node.createdAt,
      attachments: node.attachments.map((a) => a.id),
    })).reverse(),
  };
  return data({ conversation, agentsOnline: answer.data.chatAgentsOnline, unreadTotal: answer.data.chatUnreadTotal }, { headers: await api.headers() });
}

/**
 * `POST /chat`: the panel's requests. `send` writes into the open chat, or opens a new one when there is none
 * (or it was closed); `read` is the read receipt; `typing` tells the agent; `close` ends the chat. A refusal
 * answers its text in the page's language, shown beside the composer.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const submission = parseWithZod(await request.formData(), { schema: chatSchema(t) });
  if (submission.status !== 'success') return data({ ok: false, error: t('refusal.BAD_USER_INPUT') }, 400);
  const value = submission.value;
  const answer = await (async () => {
    switch (value.intent) {
      case 'send': {
        const input = { body: value.body ?? '', attachmentIds: value.attachmentIds ?? [] };
        return value.conversationId ? api.asCustomer(PortalSendChatMessage, { id: value.conversationId, input }) : api.asCustomer(PortalOpenChat, { input });
      }
      case 'read':
        return api.asCustomer(PortalMarkChatRead, { id: value.conversationId, seq: value.seq });
      case 'typing':
        return api.asCustomer(PortalSetChatTyping, { id: value.conversationId, typing: value.typing === 'true' });
      case 'close':
        return api.asCustomer(PortalCloseChat, { id: value.conversationId });
    }
  })();
  const headers = await api.headers();
  if (answer.refusal) return data({ ok: false, error: refusalText(t, locale, answer.refusal) }, { status: 400, headers });
  return data({ ok: true, error: null }, { headers });
}
