import { categoryScores, suggestCategory, words } from '../../api/src/modules/tickets/ticket-classifier.rules';
import { breachedTimers, canReopen, isOnline, pickAgent, slaDeadline, slaElapsedSeconds, type SlaTargets } from '../../api/src/modules/tickets/ticket.rules';
import { TicketPriority as P, TicketState as S, ticketTransitions } from '../../api/src/modules/tickets/ticket.states';
import { formatReadableNumber } from '../../api/src/shared/readable-number';
import { canTransition } from '../../api/src/shared/transitions';

const at = (iso: string) => new Date(`2026-06-01T${iso}Z`);

describe('the ticket transition table', () => {
  it.each([
    [S.OPEN, S.IN_PROGRESS, true], [S.OPEN, S.WAITING_CUSTOMER, true], [S.OPEN, S.ESCALATED, true], [S.OPEN, S.RESOLVED, true], [S.OPEN, S.CLOSED, false],
    [S.IN_PROGRESS, S.WAITING_CUSTOMER, true], [S.IN_PROGRESS, S.OPEN, false], [S.IN_PROGRESS, S.CLOSED, false],
    [S.WAITING_CUSTOMER, S.IN_PROGRESS, true], [S.WAITING_CUSTOMER, S.RESOLVED, true],
    [S.ESCALATED, S.IN_PROGRESS, true], [S.ESCALATED, S.ESCALATED, false],
    [S.RESOLVED, S.CLOSED, true], [S.RESOLVED, S.IN_PROGRESS, true], [S.RESOLVED, S.ESCALATED, false],
    [S.CLOSED, S.IN_PROGRESS, false], [S.CLOSED, S.OPEN, false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(ticketTransitions, from, to)).toBe(allowed);
  });
});

describe('ticket numbers', () => {
  it.each([[123, 'TK-2026-000123'], [1_000_000, 'TK-2026-1000000']])('numbers ticket %d as %s', (n, expected) => {
    expect(formatReadableNumber('TK', n, at('10:00:00'))).toBe(expected);
  });
});

const targets: SlaTargets = {
  firstResponseMinutes: { LOW: 480, NORMAL: 240, HIGH: 60, URGENT: 15 },
  resolutionHours: { LOW: 120, NORMAL: 72, HIGH: 24, URGENT: 8 },
};

describe('the SLA clock', () => {
  it.each([
    ['running since creation', { pausedSeconds: 0, pausedSince: null }, '12:00:00', 7200],
    ['minus an earlier wait', { pausedSeconds: 1800, pausedSince: null }, '12:00:00', 5400],
    ['stopped during the current wait', { pausedSeconds: 0, pausedSince: at('11:00:00') }, '12:00:00', 3600],
    ['both', { pausedSeconds: 600, pausedSince: at('11:30:00') }, '12:00:00', 4800],
  ])('counts %s', (_name, pause, now, seconds) => {
    expect(slaElapsedSeconds({ createdAt: at('10:00:00'), ...pause }, at(now))).toBe(seconds);
  });

  it('has no deadline while paused, and a deadline pushed later by past waits', () => {
    expect(slaDeadline({ createdAt: at('10:00:00'), pausedSeconds: 0, pausedSince: at('11:00:00') }, 3600, at('12:00:00'))).toBeNull();
    expect(slaDeadline({ createdAt: at('10:00:00'), pausedSeconds: 1800, pausedSince: null }, 3600, at('10:30:00'))).toEqual(at('11:30:00'));
  });

  it.each([
    ['NORMAL unanswered after 4 h exactly', P.NORMAL, S.OPEN, null, '14:00:00', 0, []],
    ['NORMAL unanswered after 4 h 1 s', P.NORMAL, S.OPEN, null, '14:00:01', 0, ['FIRST_RESPONSE']],
    ['NORMAL answered after 5 h', P.NORMAL, S.IN_PROGRESS, at('10:05:00'), '15:00:00', 0, []],
    ['URGENT answered, 9 h open', P.URGENT, S.IN_PROGRESS, at('10:05:00'), '19:00:00', 0, ['RESOLUTION']],
    ['URGENT unanswered, 9 h open', P.URGENT, S.ESCALATED, null, '19:00:00', 0, ['FIRST_RESPONSE', 'RESOLUTION']],
    ['NORMAL 5 h of which 2 h waiting on the customer', P.NORMAL, S.IN_PROGRESS, null, '15:00:00', 7200, []],
    ['a resolved ticket never breaches', P.URGENT, S.RESOLVED, null, '23:00:00', 0, []],
  ])('%s', (_name, priority, state, firstRespondedAt, now, pausedSeconds, expected) => {
    expect(breachedTimers({ createdAt: at('10:00:00'), pausedSeconds, pausedSince: null, priority, state, firstRespondedAt }, targets, at(now))).toEqual(expected);
  });
});

describe('reopening', () => {
  const resolvedAt = new Date('2026-06-01T10:00:00Z');
  it.each([
    ['the same day', S.RESOLVED, '2026-06-01T18:00:00Z', true],
    ['exactly 7 days later', S.RESOLVED, '2026-06-08T10:00:00Z', true],
    ['a second after the 7 days', S.RESOLVED, '2026-06-08T10:00:01Z', false],
    ['a closed ticket', S.CLOSED, '2026-06-02T10:00:00Z', false],
    ['a ticket in progress', S.IN_PROGRESS, '2026-06-02T10:00:00Z', false],
  ])('%s: %s', (_name, state, now, expected) => {
    expect(canReopen({ state, resolvedAt, now: new Date(now), reopenDays: 7 })).toBe(expected);
  });
});

describe('assignment', () => {
  const now = at('12:00:00');
  const seen = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  const ana = { userId: 'a', skills: ['PAYMENT'], load: 5, lastSeenAt: seen(1) };
  const ben = { userId: 'b', skills: ['SHIPPING'], load: 0, lastSeenAt: seen(1) };
  const cai = { userId: 'c', skills: ['PAYMENT'], load: 2, lastSeenAt: seen(2) };
  const dan = { userId: 'd', skills: ['PAYMENT'], load: 0, lastSeenAt: seen(30) };

  it.each([
    ['the skilled agent before an idle unskilled one', [ana, ben], 'PAYMENT', 'a'],
    ['the skilled agent with the lower load', [ana, ben, cai], 'PAYMENT', 'c'],
    ['nobody skilled: the lowest load', [ana, cai], 'SHIPPING', 'c'],
    ['an offline agent never, however idle and skilled', [ana, dan], 'PAYMENT', 'a'],
    ['nobody online: nobody', [dan], 'PAYMENT', null],
    ['equal skill and load: the one seen most recently', [{ ...cai, lastSeenAt: seen(3) }, { ...cai, userId: 'e', lastSeenAt: seen(1) }], 'PAYMENT', 'e'],
  ])('picks %s', (_name, candidates, category, expected) => {
    expect(pickAgent(candidates, category, now, 5)).toBe(expected);
  });

  it.each([[null, false], [4, true], [5, true], [6, false]])('an agent seen %s minutes ago is online: %s', (minutes, expected) => {
    expect(isOnline(minutes == null ? null : seen(minutes), now, 5)).toBe(expected);
  });
});

describe('the category classifier', () => {
  it.each([
    ['Hice una transferencia por Zelle y el pago no aparece', 'PAYMENT'],
    ['¿Cuándo me envían la cotización de mi solicitud?', 'QUOTE'],
    ['Mi caja lleva dos semanas en la aduana', 'SHIPPING'],
    ['El rastreo de mi paquete no se actualiza', 'SHIPPING'],
    ['La lámpara llegó rota, quiero devolverla', 'PRODUCT'],
    ['Olvidé la contraseña de mi cuenta', 'ACCOUNT'],
    ['My payment does not show up', 'PAYMENT'],
    ['Hola, buenos días', 'OTHER'],
  ])('files "%s" under %s', (text, expected) => {
    expect(suggestCategory(text)).toBe(expected);
  });

  it('splits text into accent-free lower-case words, keeping ñ', () => {
    expect(words('¡Contraseña OLVIDADA, envío!')).toEqual(['contraseña', 'olvidada', 'envio']);
  });

  it('scores each word once per category, by its strongest stem', () => {
    expect(categoryScores('pagos pago').PAYMENT).toBe(6);
  });
});
