import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The queries for work waiting on staff, shared by the Master's alert sweep and the support tickets' cross-domain
 * rules (issue 10): each caller says which subjects it already handled with `excluding`, an SQL condition built
 * from the subject id and waiting-state SQL expressions (e.g. NOT EXISTS an alert, or a ticket, for it).
 */
export type Excluding = (subjectIdSql: string, stateSql: string) => string;

/** Quote-request states in which the request waits on staff (China sourcing or Venezuela pricing). */
export const REQUEST_STAFF_STATES = ['SUBMITTED', 'SOURCING', 'PRICING', 'MODIFICATION_REQUESTED'] as const;

export interface WaitingSubject {
  id: string;
  /** Request or order number. */
  number: string;
  state: string;
  customerId: string;
  since: Date;
}

type Row = { id: string; number: string; state: string; customer_id: string; since: Date | string };
const subject = (r: Row): WaitingSubject => ({ id: r.id, number: r.number, state: r.state, customerId: r.customer_id, since: new Date(r.since) });

/** Quote requests waiting on staff since before `cutoff` (since their last state change), oldest first. */
export async function requestsWaitingOnStaff(em: EntityManager, cutoff: Date, excluding: Excluding, limit: number): Promise<WaitingSubject[]> {
  const rows = await em.execute<Row[]>(
    `SELECT r.id, r.number, r.state::text AS state, r.customer_id, r.state_changed_at AS since
       FROM purchase_request r
      WHERE r.state IN (${REQUEST_STAFF_STATES.map((s) => `'${s}'`).join(', ')}) AND r.state_changed_at < ?
        AND ${excluding('r.id', 'r.state::text')}
      ORDER BY r.state_changed_at LIMIT ${limit}`,
    [cutoff],
  );
  return rows.map(subject);
}

/** Customer payments reported before `cutoff` and still waiting for validation, oldest first; `number` is the order's. */
export async function paymentsWaitingValidation(em: EntityManager, cutoff: Date, excluding: Excluding, limit: number): Promise<WaitingSubject[]> {
  const rows = await em.execute<Row[]>(
    `SELECT p.id, o.number, 'SUBMITTED' AS state, o.customer_id, p.created_at AS since
       FROM payment p JOIN purchase_order o ON o.id = p.order_id
      WHERE p.state = 'SUBMITTED' AND p.created_at < ?
        AND ${excluding('p.id', `'SUBMITTED'`)}
      ORDER BY p.created_at LIMIT ${limit}`,
    [cutoff],
  );
  return rows.map(subject);
}

/** Orders in `state` since before `cutoff` (e.g. PAID waiting for the supplier payment, IN_CUSTOMS), oldest first. */
export async function ordersWaitingIn(em: EntityManager, state: 'PAID' | 'IN_CUSTOMS', cutoff: Date, excluding: Excluding, limit: number): Promise<WaitingSubject[]> {
  const rows = await em.execute<Row[]>(
    `SELECT o.id, o.number, o.state::text AS state, o.customer_id, o.state_changed_at AS since
       FROM purchase_order o
      WHERE o.state = '${state}' AND o.state_changed_at < ?
        AND ${excluding('o.id', `'${state}'`)}
      ORDER BY o.state_changed_at LIMIT ${limit}`,
    [cutoff],
  );
  return rows.map(subject);
}
