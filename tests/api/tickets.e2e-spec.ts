import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { openTicketFromChat } from '../../api/src/modules/tickets/ticket.service';
import { transact } from '../../api/src/shared/transaction';
import { insertOrderInState, insertSubmittedPayment } from './factories/logistics';

const Me = graphql(`query TicketMe { me { id } }`);
const CreateMyTicket = graphql(`
  mutation CreateMyTicket($input: CreateMyTicketInput!) {
    createMyTicket(input: $input) { id number state category source priority assignee { id displayName } }
  }
`);
const CreateForCustomer = graphql(`
  mutation CreateTicketForCustomer($input: CreateTicketForCustomerInput!) {
    createTicketForCustomer(input: $input) { id number source category categoryConfirmed interactions { kind direction body } }
  }
`);
const StaffTicket = graphql(`
  query StaffTicket($id: ID!) {
    ticket(id: $id) {
      id number state category suggestedCategory solution nextStates firstRespondedAt
      assignee { id }
      interactions { kind direction body authorName }
      events { fromState toState actorName note }
      sla { paused breached firstResponseDueAt resolutionDueAt }
      survey { id }
    }
  }
`);
const CustomerTicket = graphql(`
  query CustomerTicket($id: ID!) {
    ticket(id: $id) { id number state solution reopenableUntil interactions { kind direction body } survey { id submittedAt } }
  }
`);
const Tickets = graphql(`
  query TicketQueue($slaBreached: Boolean, $search: String, $state: TicketState) {
    tickets(slaBreached: $slaBreached, search: $search, state: $state, first: 100) { totalCount edges { node { id number state } } }
  }
`);
const MyTickets = graphql(`query MyTickets { myTickets(first: 100) { totalCount edges { node { id number source category priority state } } } }`);
const AddInteraction = graphql(`
  mutation AddTicketInteraction($input: AddTicketInteractionInput!) { addTicketInteraction(input: $input) { id kind direction } }
`);
const ChangeState = graphql(`
  mutation ChangeTicketState($input: ChangeTicketStateInput!) { changeTicketState(input: $input) { id state solution } }
`);
const Reply = graphql(`mutation ReplyToMyTicket($ticketId: ID!, $body: String!) { replyToMyTicket(ticketId: $ticketId, body: $body) { id } }`);
const Reopen = graphql(`mutation ReopenMyTicket($ticketId: ID!, $body: String!) { reopenMyTicket(ticketId: $ticketId, body: $body) { id state } }`);
const Heartbeat = graphql(`mutation AgentHeartbeat { agentHeartbeat }`);
const SetSkills = graphql(`mutation SetAgentSkills($userId: ID!, $skills: [TicketCategory!]!) { setAgentSkills(userId: $userId, skills: $skills) { skills } }`);
const Agents = graphql(`query TicketAgents { ticketAgents { user { id } load online skills } }`);
const Assign = graphql(`mutation AssignTicket($ticketId: ID!, $userId: ID!) { assignTicket(ticketId: $ticketId, userId: $userId) { id assignee { id } } }`);
const Suggest = graphql(`query SuggestTicketCategory($text: String!) { suggestTicketCategory(text: $text) }`);
const Notifications = graphql(`query TicketNotifications { myNotifications(first: 100) { edges { node { kind data } } } }`);
const Alerts = graphql(`query TicketAlerts { alerts(first: 100) { edges { node { kind subjectId subjectState reference } } } }`);
const ProposeFaq = graphql(`
  mutation ProposeFaq($input: ProposeFaqEntryInput!) { proposeFaqEntry(input: $input) { id state } }
`);
const ReviewFaq = graphql(`mutation ReviewFaq($input: ReviewFaqEntryInput!) { reviewFaqEntry(input: $input) { id state publishedAt } }`);
const Faq = graphql(`query PublicFaq($search: String) { faq(search: $search) { id question answer category } }`);
const FaqSuggestions = graphql(`query FaqSuggest($text: String!) { faqSuggestions(text: $text) { id question } }`);
const SubmitSurvey = graphql(`
  mutation SubmitTicketSurvey($input: SubmitSurveyInput!) { submitSurvey(input: $input) { id submittedAt } }
`);
const SurveySummary = graphql(`query TicketSurveySummary { surveySummary { invited submitted } }`);

const SWEEP = 'ticket-sweep';

let t: TestApi;
let master: GqlClient;
let supervisor: GqlClient;
let support: GqlClient;
let venezuela: GqlClient;
let china: GqlClient;
let ana: TestCustomer;
let ben: TestCustomer;
let supportId: string;
let venezuelaId: string;

beforeAll(async () => {
  t = await startTestApi();
  [master, supervisor, support, venezuela, china] = await Promise.all([
    t.asStaff('MASTER'), t.asStaff('SUPERVISOR'), t.asStaff('SUPPORT'), t.asStaff('VENEZUELA_AGENT'), t.asStaff('CHINA_AGENT'),
  ]);
  ana = await t.newCustomer({ fullName: 'Ana Soporte' });
  ben = await t.newCustomer({ fullName: 'Ben Otro' });
  supportId = (await support.ok(Me, {})).me!.id;
  venezuelaId = (await venezuela.ok(Me, {})).me!.id;
});
afterAll(async () => {
  await t.stop();
});

/** Both agents online now with the given skills. */
async function agentsOnline(skills: { support: string[]; venezuela: string[] }) {
  await supervisor.ok(SetSkills, { userId: supportId, skills: skills.support as never });
  await supervisor.ok(SetSkills, { userId: venezuelaId, skills: skills.venezuela as never });
  await support.ok(Heartbeat, {});
  await venezuela.ok(Heartbeat, {});
}

async function newTicket(customer: GqlClient, subject: string, description = subject) {
  return (await customer.ok(CreateMyTicket, { input: { subject, description } })).createMyTicket;
}

describe('opening tickets', () => {
  it('gives each ticket a unique TK number, also when many are opened at once', async () => {
    const created = await Promise.all(Array.from({ length: 8 }, (_, i) => newTicket(ana, `Consulta número ${i}`)));
    const numbers = created.map((c) => c.number);
    expect(new Set(numbers).size).toBe(8);
    for (const n of numbers) expect(n).toMatch(/^TK-\d{4}-\d{6}$/);
  });

  it('suggests the category from the text, and staff confirm or change it', async () => {
    expect((await support.ok(Suggest, { text: 'Hice una transferencia y el pago no aparece' })).suggestTicketCategory).toBe('PAYMENT');
    expect((await ana.ok(Suggest, { text: 'Mi caja está retenida en la aduana' })).suggestTicketCategory).toBe('SHIPPING');
    const ticket = await newTicket(ana, 'La lámpara llegó rota', 'Vino dañada, quiero la garantía');
    expect(ticket.category).toBe('PRODUCT');
    expect(ticket.source).toBe('PORTAL');
  });

  it('lets staff open a ticket for a phone call, logged as the call', async () => {
    const { createTicketForCustomer: ticket } = await support.ok(CreateForCustomer, {
      input: { customerCode: ana.code.toLowerCase(), source: 'PHONE', subject: 'Llamada por su cotización', description: 'Pregunta cuándo recibe la cotización', category: 'QUOTE' },
    });
    expect(ticket).toMatchObject({ source: 'PHONE', category: 'QUOTE', categoryConfirmed: true });
    expect(ticket.interactions).toEqual([{ kind: 'CALL', direction: 'FROM_CUSTOMER', body: 'Pregunta cuándo recibe la cotización' }]);
  });

  it('opens a ticket from an unanswered chat conversation', async () => {
    const conversationId = '6f1c1f5e-7f43-4c2a-9a55-0e8f3d0d1a11';
    const ticket = await transact({ em: t.app.orm.em.fork(), app: t.app }, (em) =>
      openTicketFromChat(em, { customerId: ana.customerId, conversationId, summary: 'Nadie me respondió por el chat sobre mi pago' }));
    const mine = (await ana.ok(MyTickets, {})).myTickets.edges.map((e) => e.node);
    expect(mine.find((m) => m.id === ticket.id)).toMatchObject({ source: 'CHAT', category: 'PAYMENT', state: 'OPEN' });
  });
});

describe('assignment', () => {
  it('gives the ticket to the online agent skilled in its category', async () => {
    await agentsOnline({ support: ['PAYMENT'], venezuela: ['SHIPPING'] });
    expect((await newTicket(ana, 'Mi pago por Zelle no aparece')).assignee?.id).toBe(supportId);
    expect((await newTicket(ana, 'Mi paquete sigue en aduana')).assignee?.id).toBe(venezuelaId);
  });

  it('among equally skilled agents, gives it to the one with the lower load', async () => {
    await agentsOnline({ support: ['ACCOUNT'], venezuela: ['ACCOUNT'] });
    const loads = new Map((await supervisor.ok(Agents, {})).ticketAgents.map((a) => [a.user.id, a.load]));
    // Make the load differ by two, whatever it was: the lighter agent must win.
    const heavier = loads.get(supportId)! >= loads.get(venezuelaId)! ? supportId : venezuelaId;
    const lighter = heavier === supportId ? venezuelaId : supportId;
    for (let i = 0; i < 2; i += 1) {
      const extra = await newTicket(ben, `Consulta general ${i}`);
      await supervisor.ok(Assign, { ticketId: extra.id, userId: heavier });
    }
    expect((await newTicket(ana, 'No puedo entrar a mi cuenta, olvidé la contraseña')).assignee?.id).toBe(lighter);
  });

  it('skips agents who are offline, and leaves the ticket in the queue when nobody is online', async () => {
    await agentsOnline({ support: ['PAYMENT'], venezuela: [] });
    await t.sql(`UPDATE agent_profile SET last_seen_at = now() - interval '1 hour' WHERE user_id = $1`, [supportId]);
    expect((await newTicket(ana, 'Pago duplicado en mi tarjeta')).assignee?.id).toBe(venezuelaId);
    await t.sql(`UPDATE agent_profile SET last_seen_at = now() - interval '1 hour'`);
    expect((await newTicket(ana, 'Otro pago pendiente')).assignee).toBeNull();
  });

  it('refuses manual assignment to someone who does not work tickets, and to an agent without ticket:supervise', async () => {
    const ticket = await newTicket(ana, 'Pregunta sobre mi pedido');
    const chinaId = (await china.ok(Me, {})).me!.id;
    expect(await supervisor.errorCode(Assign, { ticketId: ticket.id, userId: chinaId })).toBe('NOT_ASSIGNABLE');
    expect(await support.errorCode(Assign, { ticketId: ticket.id, userId: venezuelaId })).toBe('FORBIDDEN');
  });
});

describe('the state table', () => {
  it('moves only along the transition table, and RESOLVED needs the solution', async () => {
    const ticket = await newTicket(ana, 'Duda sobre tallas');
    expect(await support.errorCode(ChangeState, { input: { ticketId: ticket.id, state: 'CLOSED' } })).toBe('INVALID_TRANSITION');
    expect(await support.errorCode(ChangeState, { input: { ticketId: ticket.id, state: 'RESOLVED' } })).toBe('TICKET_SOLUTION_REQUIRED');
    await support.ok(ChangeState, { input: { ticketId: ticket.id, state: 'IN_PROGRESS' } });
    await support.ok(ChangeState, { input: { ticketId: ticket.id, state: 'WAITING_CUSTOMER' } });
    expect((await support.ok(StaffTicket, { id: ticket.id })).ticket.sla).toMatchObject({ paused: true, firstResponseDueAt: null, resolutionDueAt: null });
    // The customer's answer puts it back to work and restarts the clock.
    await ana.ok(Reply, { ticketId: ticket.id, body: 'Uso talla M' });
    const resumed = (await support.ok(StaffTicket, { id: ticket.id })).ticket;
    expect(resumed.state).toBe('IN_PROGRESS');
    expect(resumed.sla!.paused).toBe(false);
    const { changeTicketState } = await support.ok(ChangeState, { input: { ticketId: ticket.id, state: 'RESOLVED', solution: 'Se cambió por talla M' } });
    expect(changeTicketState).toMatchObject({ state: 'RESOLVED', solution: 'Se cambió por talla M' });
    expect(await ana.errorCode(Reply, { ticketId: ticket.id, body: 'Gracias' })).toBe('TICKET_CLOSED');
    const history = (await support.ok(StaffTicket, { id: ticket.id })).ticket.events.map((e) => `${e.fromState ?? '-'}>${e.toState}`);
    expect(history).toEqual(['->OPEN', 'OPEN>IN_PROGRESS', 'IN_PROGRESS>WAITING_CUSTOMER', 'WAITING_CUSTOMER>IN_PROGRESS', 'IN_PROGRESS>RESOLVED']);
  });

  it('a reply to the customer ends the first-response timer and starts the work', async () => {
    const ticket = await newTicket(ana, 'Consulta de envío');
    await support.ok(AddInteraction, { input: { ticketId: ticket.id, kind: 'MESSAGE', body: 'Hola, lo reviso ya' } });
    const seen = (await support.ok(StaffTicket, { id: ticket.id })).ticket;
    expect(seen.state).toBe('IN_PROGRESS');
    expect(seen.firstRespondedAt).not.toBeNull();
    expect(seen.sla!.firstResponseDueAt).toBeNull();
  });

  it('escalation notifies the supervisor', async () => {
    const ticket = await newTicket(ana, 'Reclamo por cobro indebido');
    await support.ok(ChangeState, { input: { ticketId: ticket.id, state: 'ESCALATED', note: 'El cliente pide hablar con un supervisor' } });
    const notes = (await supervisor.ok(Notifications, {})).myNotifications.edges.map((e) => e.node);
    expect(notes.filter((n) => n.kind === 'TICKET_ESCALATED' && (n.data as { ticketId?: string }).ticketId === ticket.id)).toHaveLength(1);
  });

  it('asks the satisfaction question on resolution, and the answer feeds the survey summary', async () => {
    const before = (await master.ok(SurveySummary, {})).surveySummary;
    const ticket = await newTicket(ana, 'Cambio de dirección de entrega');
    await support.ok(ChangeState, { input: { ticketId: ticket.id, state: 'RESOLVED', solution: 'Dirección actualizada' } });
    const survey = (await ana.ok(CustomerTicket, { id: ticket.id })).ticket.survey!;
    expect(survey.submittedAt).toBeNull();
    await ana.ok(SubmitSurvey, { input: { surveyId: survey.id, generalScore: 9, responseTimeScore: 9, qualityScore: 9, priceScore: 9, attentionScore: 10, recommendScore: 10 } });
    const after = (await master.ok(SurveySummary, {})).surveySummary;
    expect(after.invited).toBe(before.invited + 1);
    expect(after.submitted).toBe(before.submitted + 1);
  });
});

describe('reopening', () => {
  it('lets the customer reopen within the reopen days, not after', async () => {
    const ticket = await newTicket(ana, 'El rastreo no se actualiza');
    await support.ok(ChangeState, { input: { ticketId: ticket.id, state: 'RESOLVED', solution: 'Rastreo corregido' } });
    expect((await ana.ok(CustomerTicket, { id: ticket.id })).ticket.reopenableUntil).not.toBeNull();
    expect((await ana.ok(Reopen, { ticketId: ticket.id, body: 'Sigue sin actualizarse' })).reopenMyTicket.state).toBe('IN_PROGRESS');
    await support.ok(ChangeState, { input: { ticketId: ticket.id, state: 'RESOLVED', solution: 'Ahora sí' } });
    // Demo parameters: 7 days to reopen.
    await t.sql(`UPDATE ticket SET resolved_at = now() - interval '8 days' WHERE id = $1`, [ticket.id]);
    expect(await ana.errorCode(Reopen, { ticketId: ticket.id, body: 'Otra vez' })).toBe('TICKET_REOPEN_WINDOW_PASSED');
    await t.app.jobs.runNow(SWEEP);
    expect((await ana.ok(CustomerTicket, { id: ticket.id })).ticket.state).toBe('CLOSED');
  });
});

describe('authorization', () => {
  it('a customer never sees another customer\'s ticket', async () => {
    const ticket = await newTicket(ana, 'Asunto privado de Ana');
    expect(await ben.errorCode(CustomerTicket, { id: ticket.id })).toBe('NOT_FOUND');
    expect(await ben.errorCode(Reply, { ticketId: ticket.id, body: 'hola' })).toBe('NOT_FOUND');
    expect((await ben.ok(MyTickets, {})).myTickets.edges.map((e) => e.node.id)).not.toContain(ticket.id);
  });

  it('hides internal notes from the customer while staff read them', async () => {
    const ticket = await newTicket(ana, 'Consulta sobre mi cotización');
    await support.ok(AddInteraction, { input: { ticketId: ticket.id, kind: 'INTERNAL_NOTE', body: 'Cliente difícil, revisar margen' } });
    await support.ok(AddInteraction, { input: { ticketId: ticket.id, kind: 'MESSAGE', body: 'Ya la estamos preparando' } });
    const customerView = (await ana.ok(CustomerTicket, { id: ticket.id })).ticket.interactions.map((i) => i.body);
    expect(customerView).toEqual(['Consulta sobre mi cotización', 'Ya la estamos preparando']);
    const staffView = (await support.ok(StaffTicket, { id: ticket.id })).ticket.interactions.map((i) => i.kind);
    expect(staffView).toContain('INTERNAL_NOTE');
    expect(await ana.errorCode(AddInteraction, { input: { ticketId: ticket.id, kind: 'MESSAGE', body: 'x' } })).toBe('FORBIDDEN');
  });

  it('refuses the queue and tickets to staff without ticket:work', async () => {
    const ticket = await newTicket(ana, 'Otra consulta');
    expect(await china.errorCode(Tickets, {})).toBe('FORBIDDEN');
    expect(await china.errorCode(StaffTicket, { id: ticket.id })).toBe('FORBIDDEN');
    expect(await china.errorCode(AddInteraction, { input: { ticketId: ticket.id, kind: 'INTERNAL_NOTE', body: 'x' } })).toBe('FORBIDDEN');
  });
});

describe('the SLA sweep', () => {
  it('fires a breach exactly once, escalates the ticket and alerts the Master, also across a restart', async () => {
    const ticket = await newTicket(ben, 'Consulta sin respuesta');
    // NORMAL: 240 minutes to the first answer (demo parameters); five hours without one.
    await t.sql(`UPDATE ticket SET created_at = now() - interval '5 hours' WHERE id = $1`, [ticket.id]);
    const first = await t.startInstance();
    await first.app.jobs.runNow(SWEEP);
    await first.app.jobs.runNow(SWEEP);
    await first.stop();
    const second = await t.startInstance();
    await second.app.jobs.runNow(SWEEP);
    await second.stop();
    await t.app.jobs.runNow(SWEEP);

    const breaches = await t.sql<{ kind: string }>(`SELECT kind FROM ticket_sla_breach WHERE ticket_id = $1`, [ticket.id]);
    expect(breaches.map((b) => b.kind)).toEqual(['FIRST_RESPONSE']);
    const seen = (await supervisor.ok(StaffTicket, { id: ticket.id })).ticket;
    expect(seen.state).toBe('ESCALATED');
    expect(seen.sla!.breached).toEqual(['FIRST_RESPONSE']);
    const alerts = (await master.ok(Alerts, {})).alerts.edges.map((e) => e.node).filter((a) => a.subjectId === ticket.id);
    expect(alerts).toEqual([{ kind: 'TICKET_SLA_BREACHED', subjectId: ticket.id, subjectState: 'FIRST_RESPONSE', reference: ticket.number }]);
    const escalations = (await supervisor.ok(Notifications, {})).myNotifications.edges.filter((e) => e.node.kind === 'TICKET_ESCALATED' && (e.node.data as { ticketId?: string }).ticketId === ticket.id);
    expect(escalations).toHaveLength(1);
    expect((await supervisor.ok(Tickets, { slaBreached: true })).tickets.edges.map((e) => e.node.id)).toContain(ticket.id);
  });

  it('does not count the time a ticket waited on the customer', async () => {
    const ticket = await newTicket(ben, 'Consulta en espera del cliente');
    await support.ok(ChangeState, { input: { ticketId: ticket.id, state: 'WAITING_CUSTOMER' } });
    await t.sql(`UPDATE ticket SET created_at = now() - interval '5 hours', paused_since = now() - interval '4 hours 59 minutes' WHERE id = $1`, [ticket.id]);
    await t.app.jobs.runNow(SWEEP);
    expect(await t.sql(`SELECT 1 FROM ticket_sla_breach WHERE ticket_id = $1`, [ticket.id])).toHaveLength(0);
  });
});

describe('cross-domain rules', () => {
  it('opens one ticket for a payment not validated in time, however often the sweep runs', async () => {
    const carla = await t.newCustomer({ fullName: 'Carla Pagos' });
    const order = await insertOrderInState(t, carla.customerId, { state: 'PENDING_PAYMENT' });
    // Demo parameters: a ticket after 24 h without validation.
    await insertSubmittedPayment(t, order, carla.customerId, 25);
    await t.app.jobs.runNow(SWEEP);
    await t.app.jobs.runNow(SWEEP);
    const tickets = (await carla.ok(MyTickets, {})).myTickets.edges.map((e) => e.node);
    expect(tickets).toEqual([expect.objectContaining({ source: 'SYSTEM', category: 'PAYMENT', priority: 'HIGH', state: 'OPEN' })]);
    expect((await supervisor.ok(Tickets, { search: order.number })).tickets.totalCount).toBe(1);
    expect((await supervisor.ok(StaffTicket, { id: tickets[0]!.id })).ticket.interactions[0]!.body).toContain(order.number);
  });

  it('escalates the customer\'s open ticket of the same category instead of opening another', async () => {
    const dora = await t.newCustomer({ fullName: 'Dora Pagos' });
    const own = await newTicket(dora, 'Ya pagué y nadie valida mi pago');
    const order = await insertOrderInState(t, dora.customerId, { state: 'PENDING_PAYMENT' });
    await insertSubmittedPayment(t, order, dora.customerId, 25);
    await t.app.jobs.runNow(SWEEP);
    const tickets = (await dora.ok(MyTickets, {})).myTickets.edges.map((e) => e.node);
    expect(tickets).toEqual([expect.objectContaining({ id: own.id, state: 'ESCALATED' })]);
  });
});

describe('the FAQ', () => {
  it('publishes a reviewed solution and finds it by another form of a Spanish word, publicly', async () => {
    const ticket = await newTicket(ana, '¿Cómo reporto un pago?');
    await support.ok(ChangeState, { input: { ticketId: ticket.id, state: 'RESOLVED', solution: 'Desde la orden, con el comprobante' } });
    const { proposeFaqEntry } = await support.ok(ProposeFaq, {
      input: { ticketId: ticket.id, question: '¿Cómo reporto un pago?', answer: 'En la página de tu orden pulsa «Reportar pago» y adjunta el comprobante.', category: 'PAYMENT' },
    });
    const anonymous = t.anonymous();
    expect((await anonymous.ok(Faq, { search: 'pagos' })).faq.map((f) => f.id)).not.toContain(proposeFaqEntry.id);
    expect(await support.errorCode(ReviewFaq, { input: { id: proposeFaqEntry.id, decision: 'PUBLISHED' } })).toBe('FORBIDDEN');
    await supervisor.ok(ReviewFaq, { input: { id: proposeFaqEntry.id, decision: 'PUBLISHED' } });

    expect((await anonymous.ok(Faq, { search: 'pagos' })).faq.map((f) => f.id)).toContain(proposeFaqEntry.id);
    expect((await anonymous.ok(Faq, { search: 'aduana' })).faq.map((f) => f.id)).not.toContain(proposeFaqEntry.id);
    expect((await anonymous.ok(FaqSuggestions, { text: 'no sé dónde reportar mis pagos de la semana' })).faqSuggestions.map((f) => f.id)).toContain(proposeFaqEntry.id);
  });

  it('refuses an entry from a ticket that is not resolved', async () => {
    const ticket = await newTicket(ana, 'Pregunta abierta');
    expect(await support.errorCode(ProposeFaq, { input: { ticketId: ticket.id, question: 'Pregunta abierta?', answer: 'Todavía no', category: 'OTHER' } })).toBe('INVALID_STATE');
  });
});
