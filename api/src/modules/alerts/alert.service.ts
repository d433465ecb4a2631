import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { App } from '../../app';
import type { Context } from '../../context';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { DomainError } from '../../shared/errors';
import type { LocalizedText } from '../../shared/language';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import { Role, UserKind } from '../identity/role';
import { User } from '../identity/user.entity';
import { notifyUser } from '../notifications/notification.service';
import { currentParameters } from '../settings/settings.service';
import { Alert } from './alert.entity';
import { isOverdue } from './alert.rules';
import { type Excluding, ordersWaitingIn, paymentsWaitingValidation, requestsWaitingOnStaff } from './waiting-work.queries';

/** What an alert is about; the kind is stable for clients. */
export const AlertKind = {
  RequestWaitingOnStaff: 'REQUEST_WAITING_ON_STAFF',
  PaymentWaitingValidation: 'PAYMENT_WAITING_VALIDATION',
  OrderWaitingOnStaff: 'ORDER_WAITING_ON_STAFF',
  /** A support ticket breached an SLA timer (issue 10); the subject state is the timer. */
  TicketSlaBreached: 'TICKET_SLA_BREACHED',
} as const;

/** At most this many new alerts per kind and sweep; the next sweep picks up the rest. */
const SWEEP_BATCH = 500;

/** Quote-request states in which the request waits on staff (China sourcing or Venezuela pricing), with their labels. */
const requestWaitingStates: Record<string, LocalizedText> = {
  SUBMITTED: { es: 'recibida, sin atender', en: 'received and not yet taken up' },
  SOURCING: { es: 'en búsqueda en China', en: 'being sourced in China' },
  PRICING: { es: 'en cotización', en: 'being priced' },
  MODIFICATION_REQUESTED: { es: 'con modificación solicitada', en: 'with a modification requested' },
};

/** What an alert says about its subject. */
export interface WaitingWork {
  kind: string;
  subjectType: 'PurchaseRequest' | 'Payment' | 'Order' | 'Ticket' | 'Product';
  subjectId: string;
  subjectState: string;
  reference: string;
  waitingSince: Date;
  /** The alert's message in every language, stored on the alert. */
  message: LocalizedText;
}

/**
 * The staff-response sweep (seed 003 Master: "Recibe alertas cuando un pedido no ha sido respondido en un plazo
 * definido"): raises one Alert per subject and waiting state for work waiting on staff longer than the Master's
 * `staffResponseAlertHours` — quote requests waiting on China or Venezuela (since their last state change),
 * customer payments waiting for validation (since reported), and paid orders waiting for the supplier payment.
 * Each new alert is published (AlertRaised) and notified in-app to every active Master. Idempotent, also across
 * instances: the unique (kind, subject, state) index with ON CONFLICT DO NOTHING decides who raises it.
 * Returns how many alerts were raised.
 */
export async function sweepStaffAlerts(app: App): Promise<number> {
  const em = app.orm.em.fork();
  const thresholdHours = (await currentParameters(em)).staffResponseAlertHours;
  const now = new Date();
  const cutoff = new Date(now.getTime() - thresholdHours * 3_600_000);
  const waiting = (await findWaitingWork(em, cutoff, thresholdHours)).filter((w) => isOverdue({ waitingSince: w.waitingSince, now, thresholdHours }));
  if (waiting.length === 0) return 0;
  return transact({ em, app }, async (tx) => {
    let raised = 0;
    for (const work of waiting) if (await raiseAlert(tx, work, now)) raised += 1;
    return raised;
  });
}

/** How an alert is told in-app, when not as work waiting on the team (e.g. low stock). */
export interface AlertNotice {
  kind: string;
  title: LocalizedText;
  /** Added to the notification's data (which always names the alert). */
  data: Record<string, string>;
  /** Notified besides every active Master (e.g. whoever caused it). */
  alsoNotify?: string[];
}

/**
 * Raises one alert in the caller's transaction (from `transact`) unless one exists for the same kind, subject and
 * state: publishes it (AlertRaised) and notifies every active Master in-app (and `notice.alsoNotify`), as work
 * waiting on the team unless `notice` says otherwise. Returns the new alert's id, or null when it existed. Also
 * used by the support SLA sweep (issue 10) and low stock (issue 9).
 */
export async function raiseAlert(tx: EntityManager, work: WaitingWork, now: Date, notice?: AlertNotice): Promise<string | null> {
  const alertId = await insertAlert(tx, work, now);
  if (!alertId) return null;
  recordEvent(tx, Topic.AlertRaised, { alertId, at: now.toISOString() });
  const masters = await tx.find(User, { kind: UserKind.STAFF, active: true, roles: { $contains: [Role.MASTER] } }, { fields: ['id'] });
  for (const userId of new Set([...masters.map((m) => m.id), ...(notice?.alsoNotify ?? [])])) {
    notifyUser(tx, {
      userId,
      kind: notice?.kind ?? 'STAFF_ALERT',
      title: notice?.title ?? { es: `Alerta: ${work.reference} espera al equipo`, en: `Alert: ${work.reference} is waiting on the team` },
      body: work.message,
      data: { alertId, ...(notice ? notice.data : { subjectType: work.subjectType, subjectId: work.subjectId }) },
    });
  }
  return alertId;
}

/** The Master acknowledges an alert (audited); acknowledging it again changes nothing. */
export async function acknowledgeAlert(ctx: Context, id: string): Promise<Alert> {
  return transact(ctx, async (em) => {
    const alert = await em.findOne(Alert, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!alert) throw new DomainError('NOT_FOUND');
    if (!alert.acknowledgedAt) {
      alert.acknowledgedAt = new Date();
      audit(em, ctx, 'alert.acknowledged', { type: 'Alert', id: alert.id }, { kind: alert.kind, reference: alert.reference });
    }
    return alert;
  });
}

/** Inserts the alert unless one exists for the same kind, subject and state; returns its id when inserted. */
async function insertAlert(em: EntityManager, work: WaitingWork, now: Date): Promise<string | null> {
  const rows = await em.execute<{ id: string }[]>(
    `INSERT INTO alert (id, kind, subject_type, subject_id, subject_state, reference, message, message_en, waiting_since, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (kind, subject_id, subject_state) DO NOTHING
     RETURNING id`,
    [randomUUID(), work.kind, work.subjectType, work.subjectId, work.subjectState, work.reference, work.message.es, work.message.en, work.waitingSince, now],
  );
  return rows[0]?.id ?? null;
}

/** Work waiting on staff since before `cutoff` that has no alert yet for its current state. */
async function findWaitingWork(em: EntityManager, cutoff: Date, hours: number): Promise<WaitingWork[]> {
  const notAlerted = (kind: string): Excluding => (subject, state) =>
    `NOT EXISTS (SELECT 1 FROM alert a WHERE a.kind = '${kind}' AND a.subject_id = ${subject} AND a.subject_state = ${state})`;
  const requests = await requestsWaitingOnStaff(em, cutoff, notAlerted(AlertKind.RequestWaitingOnStaff), SWEEP_BATCH);
  const payments = await paymentsWaitingValidation(em, cutoff, notAlerted(AlertKind.PaymentWaitingValidation), SWEEP_BATCH);
  const orders = await ordersWaitingIn(em, 'PAID', cutoff, notAlerted(AlertKind.OrderWaitingOnStaff), SWEEP_BATCH);
  return [
    ...requests.map((r) => ({
      kind: AlertKind.RequestWaitingOnStaff, subjectType: 'PurchaseRequest' as const, subjectId: r.id, subjectState: r.state,
      reference: r.number, waitingSince: r.since,
      message: {
        es: `La solicitud ${r.number} lleva más de ${hours} h ${requestWaitingStates[r.state].es}.`,
        en: `Request ${r.number} has been ${requestWaitingStates[r.state].en} for more than ${hours} h.`,
      },
    })),
    ...payments.map((p) => ({
      kind: AlertKind.PaymentWaitingValidation, subjectType: 'Payment' as const, subjectId: p.id, subjectState: 'SUBMITTED',
      reference: p.number, waitingSince: p.since,
      message: {
        es: `Un pago de la orden ${p.number} lleva más de ${hours} h esperando validación.`,
        en: `A payment for order ${p.number} has been waiting for validation for more than ${hours} h.`,
      },
    })),
    ...orders.map((o) => ({
      kind: AlertKind.OrderWaitingOnStaff, subjectType: 'Order' as const, subjectId: o.id, subjectState: 'PAID',
      reference: o.number, waitingSince: o.since,
      message: {
        es: `La orden ${o.number} está pagada y lleva más de ${hours} h esperando el pago al proveedor.`,
        en: `Order ${o.number} is paid and has been waiting for the supplier payment for more than ${hours} h.`,
      },
    })),
  ];
}
