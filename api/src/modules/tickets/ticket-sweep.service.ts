import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { App } from '../../app';
import { transact } from '../../shared/transaction';
import { AlertKind, raiseAlert } from '../alerts/alert.service';
import { type Excluding, ordersWaitingIn, paymentsWaitingValidation, requestsWaitingOnStaff, type WaitingSubject } from '../alerts/waiting-work.queries';
import { Customer } from '../identity/customer.entity';
import type { BusinessParameters } from '../settings/business-parameters.entity';
import { currentParameters } from '../settings/settings.service';
import { changeTicketState, logInteraction, SYSTEM_ACTOR } from './ticket-state.service';
import { Ticket } from './ticket.entity';
import { breachedTimers, type SlaTargets } from './ticket.rules';
import { openTicket } from './ticket.service';
import { activeTicketStates, InteractionDirection, InteractionKind, TicketCategory, TicketPriority, TicketRule, TicketSource, TicketState } from './ticket.states';

/** At most this many tickets or subjects per part and sweep; the next sweep picks up the rest. */
const SWEEP_BATCH = 200;

/** The Master's SLA targets per priority. */
export function slaTargetsOf(p: BusinessParameters): SlaTargets {
  return {
    firstResponseMinutes: { LOW: p.slaFirstResponseMinutesLow, NORMAL: p.slaFirstResponseMinutesNormal, HIGH: p.slaFirstResponseMinutesHigh, URGENT: p.slaFirstResponseMinutesUrgent },
    resolutionHours: { LOW: p.slaResolutionHoursLow, NORMAL: p.slaResolutionHoursNormal, HIGH: p.slaResolutionHoursHigh, URGENT: p.slaResolutionHoursUrgent },
  };
}

/** What one support sweep did. */
export interface TicketSweepResult {
  breaches: number;
  opened: number;
  escalated: number;
  closed: number;
}

/**
 * The support sweep (one run per period across instances, api/src/jobs): SLA breaches, the cross-domain rules, and
 * closing tickets whose reopen window lapsed. Every effect happens once, also across restarts and instances: a
 * breach by the unique (ticket, kind) row, a rule's ticket by the unique (rule, subject) index.
 */
export async function sweepTickets(app: App): Promise<TicketSweepResult> {
  const em = app.orm.em.fork();
  const params = await currentParameters(em);
  const now = new Date();
  const breaches = await sweepSlaBreaches(app, em, params, now);
  const rules = await sweepCrossDomainRules(app, em, params, now);
  const closed = await closeLapsedTickets(app, em, params, now);
  return { breaches, opened: rules.opened, escalated: rules.escalated, closed };
}

/**
 * Each SLA timer breach (first response, resolution; clock paused while waiting on the customer) fires exactly once:
 * the breach row, the ticket ESCALATED with the supervisors notified (unless already escalated or waiting — a
 * waiting ticket's clock is stopped, so it cannot breach), an internal note, and an alert on the Master's list.
 */
async function sweepSlaBreaches(app: App, em: EntityManager, params: BusinessParameters, now: Date): Promise<number> {
  const targets = slaTargetsOf(params);
  // Only tickets older than their priority's shortest limit can have breached; the rule decides the rest.
  const shortest = (priority: TicketPriority) => Math.min(targets.firstResponseMinutes[priority] * 60, targets.resolutionHours[priority] * 3600);
  const candidates = await em.execute<{ id: string }[]>(
    `SELECT t.id FROM ticket t
      WHERE t.state IN (${activeTicketStates.map((s) => `'${s}'`).join(', ')})
        AND t.created_at < ?::timestamptz - make_interval(secs => CASE t.priority ${Object.values(TicketPriority).map((p) => `WHEN '${p}' THEN ${shortest(p)}`).join(' ')} END)
        AND (SELECT count(*) FROM ticket_sla_breach b WHERE b.ticket_id = t.id) < 2
      ORDER BY t.created_at LIMIT ${SWEEP_BATCH}`,
    [now],
  );
  let fired = 0;
  for (const { id } of candidates) {
    fired += await transact({ em, app }, async (tx) => {
      const ticket = await tx.findOne(Ticket, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!ticket) return 0;
      let count = 0;
      for (const kind of breachedTimers(ticket, targets, now)) {
        const inserted = await tx.execute<{ id: string }[]>(
          `INSERT INTO ticket_sla_breach (id, ticket_id, kind, at) VALUES (?, ?, ?, ?) ON CONFLICT (ticket_id, kind) DO NOTHING RETURNING id`,
          [randomUUID(), ticket.id, kind, now],
        );
        if (inserted.length === 0) continue;
        count += 1;
        const label = kind === 'FIRST_RESPONSE' ? { es: 'primera respuesta', en: 'first response' } : { es: 'resolución', en: 'resolution' };
        logInteraction(tx, ticket, { kind: InteractionKind.SYSTEM, direction: InteractionDirection.INTERNAL, customerVisible: false, by: SYSTEM_ACTOR, body: `SLA de ${label.es} vencido`, at: now });
        if (ticket.state !== TicketState.ESCALATED) {
          await tx.populate(ticket, ['customer']);
          await changeTicketState(tx, ticket, TicketState.ESCALATED, { ...SYSTEM_ACTOR, note: `SLA de ${label.es} vencido`, at: now });
        }
        await raiseAlert(tx, {
          kind: AlertKind.TicketSlaBreached, subjectType: 'Ticket', subjectId: ticket.id, subjectState: kind, reference: ticket.number, waitingSince: ticket.createdAt,
          message: { es: `El ticket ${ticket.number} venció su SLA de ${label.es}.`, en: `Ticket ${ticket.number} breached its ${label.en} SLA.` },
        }, now);
      }
      return count;
    });
  }
  return fired;
}

/** A cross-domain rule: its threshold in hours, the waiting subjects it watches, and the ticket it opens. */
interface CrossDomainRule {
  rule: TicketRule;
  hours: number;
  find(em: EntityManager, cutoff: Date, excluding: Excluding, limit: number): Promise<WaitingSubject[]>;
  category: TicketCategory;
  subject(s: WaitingSubject): string;
  description(s: WaitingSubject, hours: number): string;
}

function crossDomainRules(p: BusinessParameters): CrossDomainRule[] {
  return [
    {
      rule: TicketRule.QUOTE_NOT_SENT, hours: p.ticketQuoteNotSentHours, category: TicketCategory.QUOTE, find: requestsWaitingOnStaff,
      subject: (s) => `Cotización sin enviar: ${s.number}`,
      description: (s, h) => `La solicitud ${s.number} lleva más de ${h} h sin cotización enviada.`,
    },
    {
      rule: TicketRule.PAYMENT_NOT_VALIDATED, hours: p.ticketPaymentNotValidatedHours, category: TicketCategory.PAYMENT, find: paymentsWaitingValidation,
      subject: (s) => `Pago sin validar: ${s.number}`,
      description: (s, h) => `Un pago de la orden ${s.number} lleva más de ${h} h sin validar.`,
    },
    {
      rule: TicketRule.STUCK_IN_CUSTOMS, hours: p.ticketCustomsStuckDays * 24, category: TicketCategory.SHIPPING,
      find: (em, cutoff, excluding, limit) => ordersWaitingIn(em, 'IN_CUSTOMS', cutoff, excluding, limit),
      subject: (s) => `Retenida en aduana: ${s.number}`,
      description: (s, h) => `La orden ${s.number} lleva más de ${Math.round(h / 24)} días en aduana.`,
    },
  ];
}

/**
 * The cross-domain rules (issue 10): a quote not sent in X hours, a payment not validated in Y hours, an order in
 * customs N days. Each subject opens one HIGH-priority SYSTEM ticket — or, when the customer already has an active
 * ticket of the same category, escalates that one and notes why — exactly once: the rule's ticket (or the marker
 * row the escalation leaves) holds the unique (rule, subject) index. Reuses the alert sweep's waiting-work queries.
 */
async function sweepCrossDomainRules(app: App, em: EntityManager, params: BusinessParameters, now: Date): Promise<{ opened: number; escalated: number }> {
  let opened = 0;
  let escalated = 0;
  for (const r of crossDomainRules(params)) {
    const cutoff = new Date(now.getTime() - r.hours * 3_600_000);
    const notTicketed: Excluding = (subject) => `NOT EXISTS (SELECT 1 FROM ticket_rule_hit h WHERE h.rule = '${r.rule}' AND h.subject_id = ${subject})`;
    for (const s of await r.find(em, cutoff, notTicketed, SWEEP_BATCH)) {
      const outcome = await transact({ em, app }, async (tx) => {
        // The marker row decides who acts on the subject: a second sweep (or instance) inserts nothing and stops.
        const hit = await tx.execute<{ subject_id: string }[]>(
          `INSERT INTO ticket_rule_hit (rule, subject_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING subject_id`,
          [r.rule, s.id, now],
        );
        if (hit.length === 0) return null;
        const existing = await tx.findOne(
          Ticket,
          { customer: s.customerId, category: r.category, state: { $in: [...activeTicketStates] } },
          { orderBy: { createdAt: 'desc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        if (existing) {
          await tx.populate(existing, ['customer']);
          logInteraction(tx, existing, { kind: InteractionKind.SYSTEM, direction: InteractionDirection.INTERNAL, customerVisible: false, by: SYSTEM_ACTOR, body: r.description(s, r.hours), at: now });
          if (existing.state !== TicketState.ESCALATED) await changeTicketState(tx, existing, TicketState.ESCALATED, { ...SYSTEM_ACTOR, note: r.subject(s), at: now });
          await tx.execute(`UPDATE ticket_rule_hit SET ticket_id = ? WHERE rule = ? AND subject_id = ?`, [existing.id, r.rule, s.id]);
          return 'escalated' as const;
        }
        const customer = await tx.findOneOrFail(Customer, s.customerId, { populate: ['user'] });
        const ticket = await openTicket(tx, {
          customer, source: TicketSource.SYSTEM, subject: r.subject(s), description: r.description(s, r.hours), category: r.category, categoryConfirmed: true,
          priority: TicketPriority.HIGH, rule: r.rule, ruleSubjectId: s.id,
        }, now);
        await tx.flush();
        await tx.execute(`UPDATE ticket_rule_hit SET ticket_id = ? WHERE rule = ? AND subject_id = ?`, [ticket.id, r.rule, s.id]);
        return 'opened' as const;
      });
      if (outcome === 'opened') opened += 1;
      if (outcome === 'escalated') escalated += 1;
    }
  }
  return { opened, escalated };
}

/** RESOLVED tickets whose reopen window (`ticketReopenDays`) lapsed become CLOSED. */
async function closeLapsedTickets(app: App, em: EntityManager, params: BusinessParameters, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - params.ticketReopenDays * 86_400_000);
  const lapsed = await em.find(Ticket, { state: TicketState.RESOLVED, resolvedAt: { $lt: cutoff } }, { fields: ['id'], limit: SWEEP_BATCH });
  let closed = 0;
  for (const { id } of lapsed) {
    closed += await transact({ em, app }, async (tx) => {
      const ticket = await tx.findOne(Ticket, { id, state: TicketState.RESOLVED }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['customer'] });
      if (!ticket) return 0;
      await changeTicketState(tx, ticket, TicketState.CLOSED, { ...SYSTEM_ACTOR, note: 'Plazo de reapertura vencido', at: now });
      return 1;
    });
  }
  return closed;
}
