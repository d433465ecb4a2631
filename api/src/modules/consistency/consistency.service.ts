import type { Context } from '../../context';
import { type Connection, paginate } from '../../shared/connection';
import { isValidCursor } from '../../shared/cursor';
import { DomainError } from '../../shared/errors';
import { Box } from '../logistics/box.entity';
import { Order } from '../orders/order.entity';
import { IN_BOX_ORDER_STATES, quietCutoff, STALLABLE_ORDER_STATES } from './consistency.rules';
import type { QuietArgs, QuietBox } from './consistency.types';

/**
 * Paid orders not moving: PAID or PURCHASED with no state change for `days` days, longest-waiting first
 * (index purchase_order(state, state_changed_at)).
 */
export function listStalledOrders(ctx: Context, args: QuietArgs): Promise<Connection<Order>> {
  const cutoff = quietCutoff(new Date(), args.days);
  return paginate(ctx.em, Order, { state: { $in: [...STALLABLE_ORDER_STATES] }, stateChangedAt: { $lt: cutoff } }, args, { stateChangedAt: 'asc', id: 'asc' });
}

// One row per box holding an order still in transit, with the last tracking event of those orders. Starts from the
// orders by state (index on state), then packages by order and events by (order_id, occurred_at).
const QUIET_BOXES = `
  WITH quiet AS (
    SELECT b.id, max(e.occurred_at) AS last_event_at,
           -- Milliseconds, as the cursor carries them (rows written by SQL may hold microseconds).
           date_trunc('milliseconds', greatest(b.created_at, coalesce(max(e.occurred_at), b.created_at))) AS quiet_since,
           array_agg(DISTINCT o.number ORDER BY o.number) AS order_numbers
      FROM purchase_order o
      JOIN shipment_package p ON p.order_id = o.id
      JOIN box b ON b.id = p.box_id
      LEFT JOIN tracking_event e ON e.order_id = o.id
     WHERE o.state IN (${IN_BOX_ORDER_STATES.map(() => '?').join(', ')})
     GROUP BY b.id
  )`;

/**
 * Boxes whose travelling orders have had no tracking event for `days` days (none at all: since the box was
 * made), quietest first, keyset-paginated on (quietSince, box id). A malformed `after` is BAD_USER_INPUT.
 */
export async function listQuietBoxes(ctx: Context, args: QuietArgs): Promise<Connection<QuietBox>> {
  if (args.after != null && !isValidCursor(args.after, ['date', 'uuid'])) throw new DomainError('BAD_USER_INPUT', { field: 'after', reason: 'MALFORMED_CURSOR' });
  const cutoff = quietCutoff(new Date(), args.days);
  const [afterAt, afterId] = args.after ? (JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8')) as [string, string]) : [null, null];
  const conn = ctx.em.getConnection();
  const [rows, [count]] = await Promise.all([
    conn.execute<{ id: string; last_event_at: Date | null; quiet_since: Date; order_numbers: string[] }[]>(
      `${QUIET_BOXES} SELECT * FROM quiet WHERE quiet_since < ? ${afterAt ? 'AND (quiet_since, id) > (?, ?)' : ''} ORDER BY quiet_since, id LIMIT ?`,
      [...IN_BOX_ORDER_STATES, cutoff, ...(afterAt ? [new Date(afterAt), afterId] : []), args.first + 1],
    ),
    conn.execute<{ total: number }[]>(`${QUIET_BOXES} SELECT count(*)::int AS total FROM quiet WHERE quiet_since < ?`, [...IN_BOX_ORDER_STATES, cutoff]),
  ]);
  const page = rows.slice(0, args.first);
  const boxes = new Map((await ctx.em.find(Box, { id: { $in: page.map((r) => r.id) } })).map((b) => [b.id, b]));
  const cursorOf = (r: (typeof rows)[number]) => Buffer.from(JSON.stringify([new Date(r.quiet_since).toISOString(), r.id])).toString('base64url');
  const edges = page.map((r) => ({
    cursor: cursorOf(r),
    node: { box: boxes.get(r.id)!, lastEventAt: r.last_event_at ? new Date(r.last_event_at) : null, quietSince: new Date(r.quiet_since), orderNumbers: r.order_numbers },
  }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > args.first, hasPreviousPage: afterAt !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: count!.total,
  };
}
