import type { FilterQuery } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { type Connection, paginate } from '../../shared/connection';
import { isValidCursor } from '../../shared/cursor';
import { DomainError } from '../../shared/errors';
import { containsPattern, idsMatching } from '../../shared/search';
import { Box } from '../logistics/box.entity';
import { Order } from '../orders/order.entity';
import { IN_BOX_ORDER_STATES, quietCutoff, STALLABLE_ORDER_STATES } from './consistency.rules';
import { type QuietArgs, type QuietBox, WaitingListOrder } from './consistency.types';

/**
 * Paid orders not moving: PAID or PURCHASED with no state change for `days` days, found by order number or
 * customer code or name (a union of trigram lookups), longest-waiting first unless `order` says otherwise
 * (the partial index purchase_order_stalled_index, in its order).
 */
export function listStalledOrders(ctx: Context, args: QuietArgs): Promise<Connection<Order>> {
  const cutoff = quietCutoff(new Date(), args.days);
  const where: FilterQuery<Order> = { state: { $in: [...STALLABLE_ORDER_STATES] }, stateChangedAt: { $lt: cutoff } };
  const pattern = containsPattern(args.search);
  if (pattern) {
    where.id = {
      $in: idsMatching(ctx.em, [
        'SELECT id FROM purchase_order WHERE number ILIKE ?',
        'SELECT o.id FROM purchase_order o JOIN customer c ON c.id = o.customer_id WHERE c.code ILIKE ?',
        'SELECT o.id FROM purchase_order o JOIN customer c ON c.id = o.customer_id WHERE c.full_name ILIKE ?',
      ], pattern),
    };
  }
  const direction = args.order === WaitingListOrder.MOST_RECENT_FIRST ? 'desc' : 'asc';
  return paginate(ctx.em, Order, where, args, { stateChangedAt: direction, id: direction });
}

// One row per box holding an order still in transit, with the last tracking event of those orders and what the
// search looks in. Starts from the orders by state (index on state), then packages by order and events by
// (order_id, occurred_at).
const QUIET_BOXES = `
  WITH quiet AS (
    SELECT b.id, b.number, max(e.occurred_at) AS last_event_at,
           -- Milliseconds, as the cursor carries them (rows written by SQL may hold microseconds).
           date_trunc('milliseconds', greatest(b.created_at, coalesce(max(e.occurred_at), b.created_at))) AS quiet_since,
           array_agg(DISTINCT o.number ORDER BY o.number) AS order_numbers,
           array_agg(DISTINCT c.code) || array_agg(DISTINCT c.full_name) AS customer_keys
      FROM purchase_order o
      JOIN customer c ON c.id = o.customer_id
      JOIN shipment_package p ON p.order_id = o.id
      JOIN box b ON b.id = p.box_id
      LEFT JOIN tracking_event e ON e.order_id = o.id
     WHERE o.state IN (${IN_BOX_ORDER_STATES.map(() => '?').join(', ')})
     GROUP BY b.id
  )`;

/**
 * Boxes whose travelling orders have had no tracking event for `days` days (none at all: since the box was
 * made), found by box number or a travelling order's number or customer code or name, quietest first unless
 * `order` says otherwise, keyset-paginated on (quietSince, box id). A malformed `after` is BAD_USER_INPUT.
 */
export async function listQuietBoxes(ctx: Context, args: QuietArgs): Promise<Connection<QuietBox>> {
  if (args.after != null && !isValidCursor(args.after, ['date', 'uuid'])) throw new DomainError('BAD_USER_INPUT', { field: 'after', reason: 'MALFORMED_CURSOR' });
  const cutoff = quietCutoff(new Date(), args.days);
  const [afterAt, afterId] = args.after ? (JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8')) as [string, string]) : [null, null];
  const pattern = containsPattern(args.search);
  const matching = pattern ? 'AND (number ILIKE ? OR EXISTS (SELECT 1 FROM unnest(order_numbers || customer_keys) AS k WHERE k ILIKE ?))' : '';
  const matchParams = pattern ? [pattern, pattern] : [];
  const [direction, beyond] = args.order === WaitingListOrder.MOST_RECENT_FIRST ? ['DESC', '<'] : ['ASC', '>'];
  const conn = ctx.em.getConnection();
  const [rows, [count]] = await Promise.all([
    conn.execute<{ id: string; last_event_at: Date | null; quiet_since: Date; order_numbers: string[] }[]>(
      `${QUIET_BOXES} SELECT * FROM quiet WHERE quiet_since < ? ${matching} ${afterAt ? `AND (quiet_since, id) ${beyond} (?, ?)` : ''}
        ORDER BY quiet_since ${direction}, id ${direction} LIMIT ?`,
      [...IN_BOX_ORDER_STATES, cutoff, ...matchParams, ...(afterAt ? [new Date(afterAt), afterId] : []), args.first + 1],
    ),
    conn.execute<{ total: number }[]>(`${QUIET_BOXES} SELECT count(*)::int AS total FROM quiet WHERE quiet_since < ? ${matching}`, [...IN_BOX_ORDER_STATES, cutoff, ...matchParams]),
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
    // The quiet boxes are counted exactly: the list is one aggregate over the boxes in transit, read whole anyway.
    totalCountExact: true,
  };
}
