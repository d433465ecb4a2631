import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { customerIdOf, principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { type Connection, paginate } from '../../shared/connection';
import { DomainError } from '../../shared/errors';
import { directionOf } from '../../shared/list-order';
import { nextReadableNumber } from '../../shared/readable-number';
import { containsPattern } from '../../shared/search';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import { Customer } from '../identity/customer.entity';
import { User } from '../identity/user.entity';
import { notifyUser } from '../notifications/notification.service';
import { currentParameters } from '../settings/settings.service';
import { AGENT_ROLES, assignTo, autoAssign, touchAgent } from './ticket-assignment.service';
import { suggestCategory } from './ticket-classifier.rules';
import { changeTicketState, logInteraction, SYSTEM_ACTOR, type TicketActor } from './ticket-state.service';
import { TicketEvent } from './ticket-event.entity';
import { Ticket } from './ticket.entity';
import type { AddTicketInteractionInput, ChangeTicketStateInput, CreateMyTicketInput, CreateTicketForCustomerInput, TicketsArgs, TriageTicketInput } from './ticket.inputs';
import { canReopen } from './ticket.rules';
import {
  activeTicketStates, InteractionDirection, InteractionKind, TicketCategory, TicketPriority, type TicketRule, TicketSource, TicketState,
} from './ticket.states';

/** What a new ticket needs; the first interaction logs how it arrived. */
export interface NewTicket {
  customer: Customer;
  source: TicketSource;
  subject: string;
  description: string;
  category?: TicketCategory | null;
  /** Whether staff chose the category (confirmed), rather than the customer or the classifier. */
  categoryConfirmed?: boolean;
  priority?: TicketPriority | null;
  createdBy?: User | null;
  conversationId?: string | null;
  rule?: TicketRule | null;
  ruleSubjectId?: string | null;
}

/**
 * Opens a ticket in the caller's transaction (from `transact`): a number from the ticket sequence (unique under any
 * concurrency), the classifier's category suggestion, the first interaction (the customer's message, the call or
 * email staff took, or the system's note), the OPEN history row, the TicketChanged event, and the assignment to the
 * most suitable online agent (seed 000 steps 1–2). Returns the ticket.
 */
export async function openTicket(em: EntityManager, t: NewTicket, now = new Date()): Promise<Ticket> {
  const params = await currentParameters(em);
  const suggested = suggestCategory(`${t.subject} ${t.description}`);
  const ticket = em.create(Ticket, {
    number: await nextReadableNumber(em, 'TK', now),
    customer: t.customer,
    source: t.source,
    subject: t.subject.trim(),
    description: t.description.trim(),
    category: t.category ?? suggested,
    suggestedCategory: suggested,
    categoryConfirmed: t.categoryConfirmed ?? false,
    priority: t.priority ?? TicketPriority.NORMAL,
    state: TicketState.OPEN,
    stateChangedAt: now,
    createdBy: t.createdBy ?? null,
    conversationId: t.conversationId ?? null,
    rule: t.rule ?? null,
    ruleSubjectId: t.ruleSubjectId ?? null,
    createdAt: now,
    lastActivityAt: now,
    pausedSeconds: 0,
  });
  em.persist(ticket);
  const by: TicketActor = t.createdBy ? { user: t.createdBy, name: t.createdBy.displayName } : t.source === TicketSource.SYSTEM ? SYSTEM_ACTOR : { user: t.customer.user, name: t.customer.fullName };
  const kind = t.source === TicketSource.PHONE ? InteractionKind.CALL : t.source === TicketSource.EMAIL ? InteractionKind.EMAIL : t.source === TicketSource.SYSTEM ? InteractionKind.SYSTEM : InteractionKind.MESSAGE;
  logInteraction(em, ticket, {
    kind,
    direction: t.source === TicketSource.SYSTEM ? InteractionDirection.INTERNAL : InteractionDirection.FROM_CUSTOMER,
    body: ticket.description,
    customerVisible: t.source !== TicketSource.SYSTEM,
    by,
    at: now,
  });
  em.persist(em.create(TicketEvent, { ticket, fromState: null, toState: TicketState.OPEN, actor: by.user, actorName: by.name, note: null, at: now }));
  recordEvent(em, Topic.TicketChanged, { ticketId: ticket.id, customerId: t.customer.id, state: TicketState.OPEN, previousState: null, at: now.toISOString(), internal: false });
  await autoAssign(em, ticket, params.agentOnlineMinutes, now);
  return ticket;
}

/**
 * A customer opens a ticket from the portal (seed 000 "formulario"). The category is theirs when given, else the
 * classifier's; staff confirm it.
 */
export async function createMyTicket(ctx: Context, input: CreateMyTicketInput): Promise<Ticket> {
  const customerId = customerIdOf(ctx);
  return transact(ctx, async (em) => {
    const customer = await em.findOneOrFail(Customer, customerId, { populate: ['user'] });
    return openTicket(em, { customer, source: TicketSource.PORTAL, subject: input.subject, description: input.description, category: input.category });
  });
}

/** Staff open a ticket for a customer's phone call or email (seed 000 "por correo, llamada"); audited. NOT_FOUND (field customerCode) for an unknown code. */
export async function createTicketForCustomer(ctx: Context, input: CreateTicketForCustomerInput): Promise<Ticket> {
  const staff = principalOf(ctx).user;
  return transact(ctx, async (em) => {
    const customer = await em.findOne(Customer, { code: input.customerCode.trim().toUpperCase() }, { populate: ['user'] });
    if (!customer) throw new DomainError('NOT_FOUND', { field: 'customerCode' });
    const ticket = await openTicket(em, {
      customer, source: input.source, subject: input.subject, description: input.description,
      category: input.category, categoryConfirmed: input.category != null, priority: input.priority, createdBy: staff,
    });
    audit(em, ctx, 'ticket.created', { type: 'Ticket', id: ticket.id }, { number: ticket.number, source: ticket.source });
    return ticket;
  });
}

/**
 * Opens a ticket from a chat conversation nobody answered (issue 10 live chat: "the conversation becomes a ticket"),
 * in the caller's transaction — the chat module calls it when it records CHAT_UNANSWERED. The summary is the
 * customer's text. NOT_FOUND for an unknown customer.
 */
export async function openTicketFromChat(em: EntityManager, chat: { customerId: string; conversationId: string; summary: string }): Promise<Ticket> {
  const customer = await em.findOne(Customer, chat.customerId, { populate: ['user'] });
  if (!customer) throw new DomainError('NOT_FOUND', { field: 'customerId' });
  const summary = chat.summary.trim();
  const subject = summary.length > 80 ? `${summary.slice(0, 79)}…` : summary;
  return openTicket(em, { customer, source: TicketSource.CHAT, subject: subject || 'Chat sin respuesta', description: summary || 'Chat sin respuesta', conversationId: chat.conversationId });
}

/** The ticket, locked for the change; NOT_FOUND for an unknown id or (`customerId` given) another customer's ticket. */
async function lockTicket(em: EntityManager, id: string, customerId?: string): Promise<Ticket> {
  const ticket = await em.findOne(Ticket, customerId ? { id, customer: customerId } : { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!ticket) throw new DomainError('NOT_FOUND');
  await em.populate(ticket, ['customer.user']);
  return ticket;
}

/** The calling member of staff as a ticket actor, and their heartbeat (acting in the workspace counts as online). */
async function staffActor(ctx: Context, em: EntityManager): Promise<TicketActor> {
  const user = principalOf(ctx).user;
  await touchAgent(em, user.id, new Date());
  return { user, name: user.displayName };
}

/**
 * Staff log an interaction (seed 000 step 3): a MESSAGE to the customer (notified in-app and by WhatsApp; it answers
 * an OPEN or ESCALATED ticket, moving it IN_PROGRESS), a CALL or EMAIL either way, or an INTERNAL_NOTE the customer
 * never sees. The first message, call or email to the customer ends the first-response timer. INVALID_STATE on a
 * CLOSED ticket.
 */
export async function addTicketInteraction(ctx: Context, input: AddTicketInteractionInput) {
  return transact(ctx, async (em) => {
    const ticket = await lockTicket(em, input.ticketId);
    if (ticket.state === TicketState.CLOSED) throw new DomainError('INVALID_STATE', { state: ticket.state });
    const by = await staffActor(ctx, em);
    const now = new Date();
    const internal = input.kind === InteractionKind.INTERNAL_NOTE;
    const direction = internal ? InteractionDirection.INTERNAL : input.kind === InteractionKind.MESSAGE ? InteractionDirection.TO_CUSTOMER : (input.direction ?? InteractionDirection.TO_CUSTOMER);
    const interaction = logInteraction(em, ticket, { kind: input.kind, direction, body: input.body.trim(), customerVisible: !internal, by, at: now });
    if (direction === InteractionDirection.TO_CUSTOMER) {
      ticket.firstRespondedAt ??= now;
      if (ticket.state === TicketState.OPEN || ticket.state === TicketState.ESCALATED) await changeTicketState(em, ticket, TicketState.IN_PROGRESS, { ...by, at: now });
    }
    if (input.kind === InteractionKind.MESSAGE) {
      notifyUser(em, {
        userId: ticket.customer.user.id,
        kind: 'TICKET_REPLY',
        title: { es: `Respuesta a tu ticket ${ticket.number}`, en: `Reply to your ticket ${ticket.number}` },
        body: { es: interaction.body, en: interaction.body },
        data: { ticketId: ticket.id, number: ticket.number },
        whatsappTo: ticket.customer.phone,
      });
    }
    recordEvent(em, Topic.TicketChanged, { ticketId: ticket.id, customerId: ticket.customer.id, state: ticket.state, previousState: ticket.state, at: now.toISOString(), internal });
    return interaction;
  });
}

/**
 * The customer writes on their own ticket: a waiting ticket goes back IN_PROGRESS (the SLA clock runs again).
 * TICKET_CLOSED on a RESOLVED or CLOSED ticket (reopen it first); NOT_FOUND for another customer's.
 */
export async function replyToMyTicket(ctx: Context, ticketId: string, body: string) {
  const customerId = customerIdOf(ctx);
  return transact(ctx, async (em) => {
    const ticket = await lockTicket(em, ticketId, customerId);
    if (ticket.state === TicketState.RESOLVED || ticket.state === TicketState.CLOSED) throw new DomainError('TICKET_CLOSED');
    const now = new Date();
    const by: TicketActor = { user: ticket.customer.user, name: ticket.customer.fullName };
    const interaction = logInteraction(em, ticket, { kind: InteractionKind.MESSAGE, direction: InteractionDirection.FROM_CUSTOMER, body: body.trim(), customerVisible: true, by, at: now });
    if (ticket.state === TicketState.WAITING_CUSTOMER) await changeTicketState(em, ticket, TicketState.IN_PROGRESS, { ...by, at: now });
    if (ticket.assignee) {
      notifyUser(em, {
        userId: ticket.assignee.id,
        kind: 'TICKET_CUSTOMER_REPLY',
        title: { es: `El cliente respondió: ${ticket.number}`, en: `The customer replied: ${ticket.number}` },
        body: { es: interaction.body, en: interaction.body },
        data: { ticketId: ticket.id, number: ticket.number },
      });
    }
    recordEvent(em, Topic.TicketChanged, { ticketId: ticket.id, customerId, state: ticket.state, previousState: ticket.state, at: now.toISOString(), internal: false });
    return interaction;
  });
}

/**
 * The customer reopens their resolved ticket within the Master's `ticketReopenDays` (it goes back IN_PROGRESS to the
 * same agent). TICKET_REOPEN_WINDOW_PASSED after the window or when the ticket is not RESOLVED; NOT_FOUND for another
 * customer's.
 */
export async function reopenMyTicket(ctx: Context, ticketId: string, reason: string): Promise<Ticket> {
  const customerId = customerIdOf(ctx);
  return transact(ctx, async (em) => {
    const ticket = await lockTicket(em, ticketId, customerId);
    const { ticketReopenDays } = await currentParameters(em);
    const now = new Date();
    if (!canReopen({ state: ticket.state, resolvedAt: ticket.resolvedAt, now, reopenDays: ticketReopenDays })) throw new DomainError('TICKET_REOPEN_WINDOW_PASSED', { days: ticketReopenDays });
    const by: TicketActor = { user: ticket.customer.user, name: ticket.customer.fullName };
    logInteraction(em, ticket, { kind: InteractionKind.MESSAGE, direction: InteractionDirection.FROM_CUSTOMER, body: reason.trim(), customerVisible: true, by, at: now });
    await changeTicketState(em, ticket, TicketState.IN_PROGRESS, { ...by, note: 'Reabierto por el cliente', at: now });
    return ticket;
  });
}

/** Staff move a ticket (the transition table; RESOLVED with its solution, ESCALATED notifies the supervisors). */
export async function setTicketState(ctx: Context, input: ChangeTicketStateInput): Promise<Ticket> {
  return transact(ctx, async (em) => {
    const ticket = await lockTicket(em, input.ticketId);
    const by = await staffActor(ctx, em);
    await changeTicketState(em, ticket, input.state, { ...by, note: input.note, solution: input.solution });
    if (input.note?.trim() && input.state === TicketState.ESCALATED) {
      logInteraction(em, ticket, { kind: InteractionKind.INTERNAL_NOTE, direction: InteractionDirection.INTERNAL, body: `Escalado: ${input.note.trim()}`, customerVisible: false, by });
    }
    return ticket;
  });
}

/** Staff confirm or change the category and set the priority (audited when it changes). */
export async function triageTicket(ctx: Context, input: TriageTicketInput): Promise<Ticket> {
  return transact(ctx, async (em) => {
    const ticket = await lockTicket(em, input.ticketId);
    const by = await staffActor(ctx, em);
    const before = { category: ticket.category, priority: ticket.priority };
    ticket.category = input.category;
    ticket.categoryConfirmed = true;
    if (input.priority) ticket.priority = input.priority;
    logInteraction(em, ticket, {
      kind: InteractionKind.SYSTEM, direction: InteractionDirection.INTERNAL, customerVisible: false, by,
      body: `Categoría ${ticket.category}, prioridad ${ticket.priority}`,
    });
    audit(em, ctx, 'ticket.triaged', { type: 'Ticket', id: ticket.id }, { before, after: { category: ticket.category, priority: ticket.priority } });
    recordEvent(em, Topic.TicketChanged, { ticketId: ticket.id, customerId: ticket.customer.id, state: ticket.state, previousState: ticket.state, at: new Date().toISOString(), internal: true });
    return ticket;
  });
}

/**
 * Assigns a ticket: `userId` given — a supervisor hands it to that agent (ticket:supervise; NOT_ASSIGNABLE when the
 * user is not an active support or Venezuela agent or supervisor); omitted — the caller takes it themself. Audited.
 */
export async function assignTicket(ctx: Context, ticketId: string, userId: string | null): Promise<Ticket> {
  const principal = principalOf(ctx);
  return transact(ctx, async (em) => {
    const ticket = await lockTicket(em, ticketId);
    const by = await staffActor(ctx, em);
    const agent = userId ? await em.findOne(User, userId) : principal.user;
    const assignable = agent && agent.active && agent.kind === 'STAFF' && agent.permissions().includes('ticket:work');
    if (!agent || !assignable) throw new DomainError('NOT_ASSIGNABLE', { field: 'userId' });
    if (agent.id !== ticket.assignee?.id) assignTo(em, ticket, agent);
    logInteraction(em, ticket, { kind: InteractionKind.SYSTEM, direction: InteractionDirection.INTERNAL, customerVisible: false, by, body: `Asignado a ${agent.displayName}` });
    audit(em, ctx, 'ticket.assigned', { type: 'Ticket', id: ticket.id }, { to: agent.id });
    recordEvent(em, Topic.TicketChanged, { ticketId: ticket.id, customerId: ticket.customer.id, state: ticket.state, previousState: ticket.state, at: new Date().toISOString(), internal: true });
    return ticket;
  });
}

/** One ticket for staff; NOT_FOUND when there is none. */
export async function findTicket(em: EntityManager, id: string, customerId?: string): Promise<Ticket> {
  const ticket = await em.findOne(Ticket, customerId ? { id, customer: customerId } : { id });
  if (!ticket) throw new DomainError('NOT_FOUND');
  return ticket;
}

/** The calling customer's tickets, newest first. */
export function listMyTickets(ctx: Context, page: { first: number; after?: string | null }, state?: TicketState | null): Promise<Connection<Ticket>> {
  const where: FilterQuery<Ticket> = { customer: customerIdOf(ctx) };
  if (state) where.state = state;
  return paginate(ctx.em, Ticket, where, page, { createdAt: 'desc', id: 'desc' });
}

/** The staff queue with its filters, by creation time. */
export function listTickets(ctx: Context, args: TicketsArgs): Promise<Connection<Ticket>> {
  const where: FilterQuery<Ticket> & Record<string, unknown> = {};
  if (args.state) where.state = args.state;
  else if (args.active) where.state = { $in: [...activeTicketStates] };
  if (args.priority) where.priority = args.priority;
  if (args.category) where.category = args.category;
  if (args.assigneeId) where.assignee = args.assigneeId;
  else if (args.unassigned) where.assignee = null;
  if (args.slaBreached != null) {
    const breached = ctx.em.getKnex().raw('SELECT ticket_id FROM ticket_sla_breach');
    where.id = args.slaBreached ? { $in: breached as never } : { $nin: breached as never };
  }
  const pattern = containsPattern(args.search);
  if (pattern) where.$or = [{ number: { $ilike: pattern } }, { subject: { $ilike: pattern } }, { customer: { code: { $ilike: pattern } } }, { customer: { fullName: { $ilike: pattern } } }];
  const direction = directionOf(args.order);
  return paginate(ctx.em, Ticket, where, args, { createdAt: direction, id: direction });
}

/** The agents who work tickets (support and Venezuela agents), for a supervisor's assignment list. */
export function agentUsers(em: EntityManager): Promise<User[]> {
  return em.find(User, { kind: 'STAFF' as never, active: true, roles: { $overlap: [...AGENT_ROLES] } }, { orderBy: { displayName: 'asc' } });
}
