import {
  agentReplyNotice, ChatSide, ChatState, chatTransitions, ChatUnansweredReason, checkMessage, customerMayWrite, decideClose, decideTake,
  MAX_CHAT_MESSAGE_LENGTH, mayGoUnanswered, nextReadMark, shouldNotifyCustomer, unansweredReason,
} from '../../api/src/modules/support-chat/chat.rules';
import { canTransition } from '../../api/src/shared/transitions';

const at = (time: string) => new Date(`2026-03-10T${time}Z`);

describe('chatTransitions', () => {
  it.each([
    [ChatState.WAITING_AGENT, ChatState.ACTIVE, true],
    [ChatState.WAITING_AGENT, ChatState.CLOSED, true],
    [ChatState.ACTIVE, ChatState.CLOSED, true],
    [ChatState.ACTIVE, ChatState.WAITING_AGENT, false],
    [ChatState.CLOSED, ChatState.ACTIVE, false],
    [ChatState.CLOSED, ChatState.WAITING_AGENT, false],
  ])('%s → %s allowed: %s', (from, to, expected) => {
    expect(canTransition(chatTransitions, from, to)).toBe(expected);
  });
});

describe('checkMessage', () => {
  it.each([
    ['text', 'Hola', 0, null],
    ['an image without text', '', 1, null],
    ['blank text and no image', '  \n ', 0, 'EMPTY_MESSAGE'],
    ['exactly the longest text', 'x'.repeat(MAX_CHAT_MESSAGE_LENGTH), 0, null],
    ['one character too many', 'x'.repeat(MAX_CHAT_MESSAGE_LENGTH + 1), 0, 'MESSAGE_TOO_LONG'],
    ['five images', 'mira', 5, 'TOO_MANY_ATTACHMENTS'],
  ])('%s → %s', (_name, body, images, expected) => {
    expect(checkMessage(body, images)).toBe(expected);
  });
});

describe('decideTake', () => {
  it.each<[string, Parameters<typeof decideTake>[0], ReturnType<typeof decideTake>]>([
    ['a waiting chat is taken', { state: ChatState.WAITING_AGENT, agentId: null, actorId: 'carla' }, { outcome: 'TAKE' }],
    ['the holder taking again changes nothing', { state: ChatState.ACTIVE, agentId: 'carla', actorId: 'carla' }, { outcome: 'ALREADY_MINE' }],
    ['another agent is told it is held', { state: ChatState.ACTIVE, agentId: 'carla', actorId: 'diego' }, { refusal: 'ALREADY_CLAIMED' }],
    ['a closed chat cannot be taken', { state: ChatState.CLOSED, agentId: 'carla', actorId: 'carla' }, { refusal: 'INVALID_TRANSITION' }],
  ])('%s', (_name, facts, expected) => {
    expect(decideTake(facts)).toEqual(expected);
  });
});

describe('decideClose and customerMayWrite', () => {
  it.each<[string, Parameters<typeof decideClose>[0], ReturnType<typeof decideClose>]>([
    ['the customer closes their waiting chat', { state: ChatState.WAITING_AGENT, agentId: null, actor: { side: ChatSide.CUSTOMER, id: 'ana' } }, null],
    ['the customer closes an active chat', { state: ChatState.ACTIVE, agentId: 'carla', actor: { side: ChatSide.CUSTOMER, id: 'ana' } }, null],
    ['the holding agent closes it', { state: ChatState.ACTIVE, agentId: 'carla', actor: { side: ChatSide.AGENT, id: 'carla' } }, null],
    ['any agent closes a waiting one', { state: ChatState.WAITING_AGENT, agentId: null, actor: { side: ChatSide.AGENT, id: 'diego' } }, null],
    ['another agent may not close a held one', { state: ChatState.ACTIVE, agentId: 'carla', actor: { side: ChatSide.AGENT, id: 'diego' } }, { refusal: 'ALREADY_CLAIMED' }],
    ['a closed chat stays closed', { state: ChatState.CLOSED, agentId: null, actor: { side: ChatSide.CUSTOMER, id: 'ana' } }, { refusal: 'INVALID_TRANSITION' }],
  ])('%s', (_name, facts, expected) => {
    expect(decideClose(facts)).toEqual(expected);
  });

  it.each([[ChatState.WAITING_AGENT, true], [ChatState.ACTIVE, true], [ChatState.CLOSED, false]])('the customer may write in a %s chat: %s', (state, expected) => {
    expect(customerMayWrite(state)).toBe(expected);
  });
});

describe('nextReadMark', () => {
  it.each([
    [0, 3, 5, 3],
    [3, 2, 5, 3], // never moves back
    [3, 9, 5, 5], // never past the last message
    [5, 5, 5, 5],
  ])('from %i asking %i with %i messages → %i', (current, requested, last, expected) => {
    expect(nextReadMark(current, requested, last)).toBe(expected);
  });
});

describe('unansweredReason', () => {
  const clock = { now: at('12:10:00'), answerWithinMs: 5 * 60_000 };
  const waiting = { state: ChatState.WAITING_AGENT, alreadyTold: false, awaitingReplySince: at('12:06:00'), agentsOnline: true };
  it.each<[string, Parameters<typeof unansweredReason>[0], ChatUnansweredReason | null]>([
    ['an agent is online and 4 minutes passed: not yet', waiting, null],
    ['exactly 5 minutes without an answer', { ...waiting, awaitingReplySince: at('12:05:00') }, ChatUnansweredReason.NO_ANSWER_IN_TIME],
    ['no agent online: at once', { ...waiting, agentsOnline: false }, ChatUnansweredReason.NO_AGENT_ONLINE],
    ['already told: never twice', { ...waiting, agentsOnline: false, alreadyTold: true }, null],
    ['answered (nobody waits)', { ...waiting, agentsOnline: false, awaitingReplySince: null }, null],
    ['closed', { ...waiting, agentsOnline: false, state: ChatState.CLOSED }, null],
    ['an active chat whose customer waits too long', { ...waiting, state: ChatState.ACTIVE, awaitingReplySince: at('12:00:00') }, ChatUnansweredReason.NO_ANSWER_IN_TIME],
  ])('%s', (_name, facts, expected) => {
    expect(unansweredReason(facts, clock)).toBe(expected);
  });
});

describe('presence and reaching a customer who left', () => {
  it.each([
    [false, 0, true],
    [false, 1, false], // they already have an unread reply waiting: one notice per absence
    [true, 0, false],
  ])('customer online %s with %i unread replies before → notify %s', (online, unread, expected) => {
    expect(shouldNotifyCustomer(online, unread)).toBe(expected);
  });

  it('names the agent and quotes the reply, or says an image came', () => {
    expect(agentReplyNotice('Carla', 'Tu pedido sale mañana', false)).toEqual({
      title: { es: 'Carla respondió tu chat de soporte', en: 'Carla answered your support chat' },
      body: { es: 'Tu pedido sale mañana', en: 'Tu pedido sale mañana' },
    });
    expect(agentReplyNotice('Carla', '', true).body).toEqual({ es: 'Te envió una imagen.', en: 'Sent you an image.' });
    expect(agentReplyNotice('Carla', 'x'.repeat(200), false).body.es).toHaveLength(140);
  });
});

describe('mayGoUnanswered', () => {
  it.each([
    [{ state: ChatState.WAITING_AGENT, alreadyTold: false, awaitingReplySince: at('12:00:00') }, true],
    [{ state: ChatState.ACTIVE, alreadyTold: false, awaitingReplySince: at('12:00:00') }, true],
    [{ state: ChatState.ACTIVE, alreadyTold: true, awaitingReplySince: at('12:00:00') }, false],
    [{ state: ChatState.CLOSED, alreadyTold: false, awaitingReplySince: at('12:00:00') }, false],
    [{ state: ChatState.ACTIVE, alreadyTold: false, awaitingReplySince: null }, false],
  ])('%o → %s', (facts, expected) => {
    expect(mayGoUnanswered(facts)).toBe(expected);
  });
});
