import type { EntityManager } from '@mikro-orm/postgresql';
import { IN_BOX_ORDER_STATES } from '../consistency/consistency.rules';

/** The travelling states as a SQL list of literals (the enum's own names), for statements whose `?` are taken. */
export const TRAVELLING_STATES_SQL = IN_BOX_ORDER_STATES.map((state) => `'${state}'`).join(', ');

/**
 * The statement that sets `last_event_at` and `quiet_since` (Box) of the boxes whose ids `boxIds` selects, from
 * their packages' orders still travelling and those orders' tracking events (index on (order_id, occurred_at)).
 */
export function refreshBoxTransitSql(boxIds: string): string {
  return `UPDATE box b
       SET last_event_at = t.last_event_at,
           quiet_since = CASE WHEN t.travelling THEN date_trunc('milliseconds', greatest(b.created_at, t.last_event_at)) END
      FROM (SELECT x.id, count(o.id) > 0 AS travelling, max(e.occurred_at) AS last_event_at
              FROM (${boxIds}) AS x(id)
              LEFT JOIN LATERAL (SELECT DISTINCT order_id FROM shipment_package WHERE box_id = x.id) p ON TRUE
              LEFT JOIN purchase_order o ON o.id = p.order_id AND o.state IN (${TRAVELLING_STATES_SQL})
              LEFT JOIN LATERAL (SELECT max(occurred_at) AS occurred_at FROM tracking_event WHERE order_id = o.id) e ON TRUE
             GROUP BY x.id) t
     WHERE b.id = t.id`;
}

/**
 * Brings the quiet-box summary of `boxIds` up to date, within the caller's transaction (after its changes are
 * flushed). The boxes are locked first, by id, and the summary is computed by the next statement: it then sees
 * every transaction that changed these boxes' orders before (they held the same locks), and those after wait
 * for this one and refresh again.
 */
export async function refreshBoxTransit(em: EntityManager, boxIds: readonly string[]): Promise<void> {
  const ids = [...new Set(boxIds)].sort();
  if (ids.length === 0) return;
  await lockBoxes(em, ids);
  await em.execute(refreshBoxTransitSql('SELECT unnest(ARRAY[?]::uuid[])'), [ids]);
}

// An array bound to `?` is spread into a list by knex, hence `IN (?)` and `ARRAY[?]`.

/** Locks the boxes (FOR UPDATE, in id order: the lock order everywhere is boxes, then packages, then orders). */
export async function lockBoxes(em: EntityManager, boxIds: readonly string[]): Promise<void> {
  const ids = [...new Set(boxIds)].sort();
  if (ids.length > 0) await em.execute('SELECT id FROM box WHERE id IN (?) ORDER BY id FOR UPDATE', [ids]);
}

/** A query of the ids of the boxes holding an order still travelling: those whose summary is not null (a backfill's scope). */
export const TRAVELLING_BOXES_SQL = `SELECT DISTINCT p.box_id FROM shipment_package p JOIN purchase_order o ON o.id = p.order_id
  WHERE p.box_id IS NOT NULL AND o.state IN (${TRAVELLING_STATES_SQL})`;

/** The ids of the boxes holding packages of `orderIds` (sorted). */
export async function boxesOfOrders(em: EntityManager, orderIds: readonly string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const rows = await em.execute<{ box_id: string }[]>('SELECT DISTINCT box_id FROM shipment_package WHERE order_id IN (?) AND box_id IS NOT NULL ORDER BY box_id', [[...orderIds]]);
  return rows.map((r) => r.box_id);
}
