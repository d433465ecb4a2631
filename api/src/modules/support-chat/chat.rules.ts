import type { Transitions } from '../../shared/transitions';
import { canTransition } from '../../shared/transitions';

/**
 * Life of a support chat (issue 10, seed 003 "Soporte: chat de soporte online"): the customer opens it and
 * waits for an agent, an agent takes it, either side closes it. Final: CLOSED.
 */
export enum ChatState {
  WAITING_AGENT = 'WAITING_AGENT',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}

/** Allowed moves of a conversation. */
export const chatTransitions: Transitions<ChatState> = {
  [ChatState.WAITING_AGENT]: { to: [ChatState.ACTIVE, ChatState.CLOSED] },
  [ChatState.ACTIVE]: { to: [ChatState.CLOSED] },
  [ChatState.CLOSED]: { to: [] },
};

/** Who wrote a message: the customer, the agent, or the system (e.g. "no agent online"). */
export enum ChatSide {
  CUSTOMER = 'CUSTOMER',
  AGENT = 'AGENT',
}

/** Why the customer was told nobody answers: no agent online when they wrote, or none answered in time. */
export enum ChatUnansweredReason {
  NO_AGENT_ONLINE = 'NO_AGENT_ONLINE',
  NO_ANSWER_IN_TIME = 'NO_ANSWER_IN_TIME',
}

/** Longest message body, in characters (a chat line, not a document). */
export const MAX_CHAT_MESSAGE_LENGTH = 2000;
/** Most images one message carries. */
export const MAX_CHAT_ATTACHMENTS = 4;

/** Whether `body` and the attachment count make a message: some text or an image, within the limits; else the refusal reason. */
export function checkMessage(body: string, attachmentCount: number): 'EMPTY_MESSAGE' | 'MESSAGE_TOO_LONG' | 'TOO_MANY_ATTACHMENTS' | null {
  if (body.trim().length === 0 && attachmentCount === 0) return 'EMPTY_MESSAGE';
  if (body.length > MAX_CHAT_MESSAGE_LENGTH) return 'MESSAGE_TOO_LONG';
  if (attachmentCount > MAX_CHAT_ATTACHMENTS) return 'TOO_MANY_ATTACHMENTS';
  return null;
}

/** The facts about a conversation an agent's action is decided on. */
export interface AgentFacts {
  state: ChatState;
  /** The agent who took it, if any. */
  agentId: string | null;
  actorId: string;
}

/**
 * An agent takes a conversation: WAITING_AGENT → ACTIVE with them; taking one they already hold is a no-op.
 * Refusals: ALREADY_CLAIMED (another agent holds it), INVALID_TRANSITION (closed).
 */
export function decideTake(f: AgentFacts): { outcome: 'TAKE' | 'ALREADY_MINE' } | { refusal: 'ALREADY_CLAIMED' | 'INVALID_TRANSITION' } {
  if (f.state === ChatState.ACTIVE) return f.agentId === f.actorId ? { outcome: 'ALREADY_MINE' } : { refusal: 'ALREADY_CLAIMED' };
  if (!canTransition(chatTransitions, f.state, ChatState.ACTIVE)) return { refusal: 'INVALID_TRANSITION' };
  return { outcome: 'TAKE' };
}

/** Whether the customer may still write: any state but CLOSED. */
export function customerMayWrite(state: ChatState): boolean {
  return state !== ChatState.CLOSED;
}

/**
 * Who may close: the customer (their own), the agent who holds it, or any agent while nobody does (a waiting
 * one). INVALID_TRANSITION when already closed; ALREADY_CLAIMED when another agent holds it.
 */
export function decideClose(f: { state: ChatState; agentId: string | null; actor: { side: ChatSide; id: string } }): { refusal: 'ALREADY_CLAIMED' | 'INVALID_TRANSITION' } | null {
  if (!canTransition(chatTransitions, f.state, ChatState.CLOSED)) return { refusal: 'INVALID_TRANSITION' };
  if (f.actor.side === ChatSide.AGENT && f.agentId !== null && f.agentId !== f.actor.id) return { refusal: 'ALREADY_CLAIMED' };
  return null;
}

/** A participant's new read mark: never moves back, never past the last message. */
export function nextReadMark(current: number, requested: number, lastSeq: number): number {
  return Math.max(current, Math.min(requested, lastSeq));
}

/** The clock of the "nobody answers" rule. */
export interface UnansweredClock {
  now: Date;
  /** The Master's `supportChatAnswerMinutes`, in ms. */
  answerWithinMs: number;
}

/** Whether a conversation could still be found unanswered: not told yet, not closed, and its customer waits for a reply. */
export function mayGoUnanswered(f: { state: ChatState; alreadyTold: boolean; awaitingReplySince: Date | null }): boolean {
  return !f.alreadyTold && f.state !== ChatState.CLOSED && f.awaitingReplySince !== null;
}

/**
 * Whether the customer must now be told nobody answers, and why (null: not now). Fires at most once per
 * conversation (`alreadyTold`), only while it waits on an agent's reply (`awaitingReplySince` set: the
 * customer wrote and no agent answered since): at once when no agent is online, else once the wait reached
 * `supportChatAnswerMinutes`.
 */
export function unansweredReason(f: {
  state: ChatState;
  alreadyTold: boolean;
  awaitingReplySince: Date | null;
  agentsOnline: boolean;
}, clock: UnansweredClock): ChatUnansweredReason | null {
  if (!mayGoUnanswered(f) || f.awaitingReplySince === null) return null;
  if (!f.agentsOnline) return ChatUnansweredReason.NO_AGENT_ONLINE;
  if (clock.now.getTime() - f.awaitingReplySince.getTime() >= clock.answerWithinMs) return ChatUnansweredReason.NO_ANSWER_IN_TIME;
  return null;
}

/**
 * Whether an agent's reply must reach the customer outside the chat (notification + WhatsApp): they are not
 * in the chat now, and it is the first reply they have not read (one message per absence, not one per line).
 */
export function shouldNotifyCustomer(customerOnline: boolean, unreadAgentMessagesBefore: number): boolean {
  return !customerOnline && unreadAgentMessagesBefore === 0;
}

/** The notification of an agent's reply, in Spanish and English: who answered and the start of the text. */
export function agentReplyNotice(agentName: string, body: string, hasImages: boolean): { title: { es: string; en: string }; body: { es: string; en: string } } {
  const excerpt = body.trim().length > 140 ? `${body.trim().slice(0, 139)}…` : body.trim();
  return {
    title: { es: `${agentName} respondió tu chat de soporte`, en: `${agentName} answered your support chat` },
    body: {
      es: excerpt || (hasImages ? 'Te envió una imagen.' : ''),
      en: excerpt || (hasImages ? 'Sent you an image.' : ''),
    },
  };
}
