import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { DomainError } from '../../shared/errors';
import { canTransition } from '../../shared/transitions';
import { Role, UserKind } from '../identity/role';
import { User } from '../identity/user.entity';
import { notifyUser } from '../notifications/notification.service';
import { hasTicketSurvey, inviteToTicketSurvey } from '../surveys/survey.service';
import { TicketEvent } from './ticket-event.entity';
import { TicketInteraction } from './ticket-interaction.entity';
import type { Ticket } from './ticket.entity';
import { InteractionDirection, InteractionKind, TicketState, ticketTransitions } from './ticket.states';

/** Who makes a change: a member of staff, the customer's user, or the system (null). */
export interface TicketActor {
  user: User | null;
  name: string;
}

/** The system as an actor (sweeps, cross-domain rules). */
export const SYSTEM_ACTOR: TicketActor = { user: null, name: 'Sistema' };

/**
 * The one way a ticket changes state: checks the transition table and the transition's guard, keeps the SLA pause
 * (the clock stops while WAITING_CUSTOMER), writes the history row and the domain event in the caller's transaction.
 * RESOLVED records the solution and asks the satisfaction question (once per ticket); ESCALATED notifies every
 * active supervisor (the Master when there is none). The caller holds the ticket row lock.
 * Throws INVALID_TRANSITION, TICKET_SOLUTION_REQUIRED (RESOLVED without a solution).
 */
export async function changeTicketState(
  em: EntityManager,
  ticket: Ticket,
  to: TicketState,
  by: TicketActor & { note?: string | null; solution?: string | null; at?: Date },
): Promise<void> {
  const from = ticket.state;
  if (!canTransition(ticketTransitions, from, to)) throw new DomainError('INVALID_TRANSITION', { from, to });
  const solution = by.solution?.trim();
  if (to === TicketState.RESOLVED && !solution) throw new DomainError('TICKET_SOLUTION_REQUIRED');
  const at = by.at ?? new Date();
  if (from === TicketState.WAITING_CUSTOMER && ticket.pausedSince) {
    ticket.pausedSeconds += Math.max(0, Math.round((at.getTime() - ticket.pausedSince.getTime()) / 1000));
    ticket.pausedSince = null;
  }
  if (to === TicketState.WAITING_CUSTOMER) ticket.pausedSince = at;
  ticket.state = to;
  ticket.stateChangedAt = at;
  ticket.lastActivityAt = at;
  if (to === TicketState.RESOLVED) {
    ticket.solution = solution!;
    ticket.resolvedAt = at;
  }
  if (from === TicketState.RESOLVED && to === TicketState.IN_PROGRESS) ticket.resolvedAt = null;
  em.persist(em.create(TicketEvent, { ticket, fromState: from, toState: to, actor: by.user, actorName: by.name, note: by.note?.trim() || null, at }));
  recordEvent(em, Topic.TicketChanged, { ticketId: ticket.id, customerId: ticket.customer.id, state: to, previousState: from, at: at.toISOString(), internal: false });
  if (to === TicketState.RESOLVED) {
    logInteraction(em, ticket, { kind: InteractionKind.SYSTEM, direction: InteractionDirection.TO_CUSTOMER, body: `Solución: ${solution}`, customerVisible: true, by, at });
    const customer = await em.populate(ticket, ['customer.user']).then((t) => t.customer);
    if (!(await hasTicketSurvey(em, ticket.id))) inviteToTicketSurvey(em, ticket, customer);
  }
  if (to === TicketState.ESCALATED) await notifySupervisors(em, ticket, by.note ?? null);
}

/** Writes one interaction row (the caller records the event). */
export function logInteraction(
  em: EntityManager,
  ticket: Ticket,
  i: { kind: InteractionKind; direction: InteractionDirection; body: string; customerVisible: boolean; by: TicketActor; at?: Date },
): TicketInteraction {
  const interaction = em.create(TicketInteraction, {
    ticket, kind: i.kind, direction: i.direction, body: i.body, customerVisible: i.customerVisible, author: i.by.user, authorName: i.by.name, at: i.at ?? new Date(),
  });
  em.persist(interaction);
  ticket.lastActivityAt = interaction.at;
  return interaction;
}

/** The staff who receive escalations: active supervisors, or every active Master when there is no supervisor. */
export async function escalationRecipients(em: EntityManager): Promise<User[]> {
  const supervisors = await em.find(User, { kind: UserKind.STAFF, active: true, roles: { $contains: [Role.SUPERVISOR] } });
  if (supervisors.length > 0) return supervisors;
  return em.find(User, { kind: UserKind.STAFF, active: true, roles: { $contains: [Role.MASTER] } });
}

async function notifySupervisors(em: EntityManager, ticket: Ticket, reason: string | null): Promise<void> {
  for (const supervisor of await escalationRecipients(em)) {
    notifyUser(em, {
      userId: supervisor.id,
      kind: 'TICKET_ESCALATED',
      title: { es: `Ticket escalado: ${ticket.number}`, en: `Ticket escalated: ${ticket.number}` },
      body: { es: `${ticket.subject}${reason ? ` — ${reason}` : ''}`, en: `${ticket.subject}${reason ? ` — ${reason}` : ''}` },
      data: { ticketId: ticket.id, number: ticket.number },
    });
  }
}
