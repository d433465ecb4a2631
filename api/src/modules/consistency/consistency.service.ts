import type { FilterQuery } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { type Connection, mapNodes, paginate } from '../../shared/connection';
import { idsMatching } from '../../shared/search';
import { Box } from '../logistics/box.entity';
import { TRAVELLING_STATES_SQL } from '../logistics/box-transit';
import { Order } from '../orders/order.entity';
import { quietCutoff, STALLABLE_ORDER_STATES } from './consistency.rules';
import { type QuietArgs, type QuietBox, WaitingListOrder } from './consistency.types';

/**
 * Paid orders not moving: PAID or PURCHASED with no state change for `days` days, found by order number or
 * customer code or name (searchSql), longest-waiting first unless `order` says otherwise
 * (the partial index purchase_order_stalled_index, in its order).
 */
export function listStalledOrders(ctx: Context, args: QuietArgs): Promise<Connection<Order>> {
  const cutoff = quietCutoff(new Date(), args.days);
  const where: FilterQuery<Order> = { state: { $in: [...STALLABLE_ORDER_STATES] }, stateChangedAt: { $lt: cutoff } };
  const matching = idsMatching(ctx.em, {
    numbers: ['SELECT id FROM purchase_order WHERE number ILIKE ?'],
    texts: [
      'SELECT o.id FROM purchase_order o JOIN customer c ON c.id = o.customer_id WHERE c.code ILIKE ?',
      'SELECT o.id FROM purchase_order o JOIN customer c ON c.id = o.customer_id WHERE c.full_name ILIKE ?',
    ],
  }, args.search);
  if (matching) where.id = matching;
  const direction = args.order === WaitingListOrder.MOST_RECENT_FIRST ? 'desc' : 'asc';
  return paginate(ctx.em, Order, where, args, { stateChangedAt: direction, id: direction });
}

/**
 * Boxes whose travelling orders have had no tracking event for `days` days (none at all: since the box was
 * made), found by box number or a travelling order's number or customer code or name, quietest first unless
 * `order` says otherwise, keyset-paginated on (quietSince, box id) — the summary kept on the box
 * (`refreshBoxTransit`) and its partial index box_quiet_since_index. A malformed `after` is BAD_USER_INPUT.
 */
export async function listQuietBoxes(ctx: Context, args: QuietArgs): Promise<Connection<QuietBox>> {
  const where: FilterQuery<Box> = { quietSince: { $lt: quietCutoff(new Date(), args.days) } };
  const travelling = `p.box_id IS NOT NULL AND o.state IN (${TRAVELLING_STATES_SQL})`;
  const matching = idsMatching(ctx.em, {
    numbers: [
      'SELECT id FROM box WHERE number ILIKE ?',
      `SELECT p.box_id FROM shipment_package p JOIN purchase_order o ON o.id = p.order_id WHERE o.number ILIKE ? AND ${travelling}`,
    ],
    texts: [
      `SELECT p.box_id FROM shipment_package p JOIN purchase_order o ON o.id = p.order_id JOIN customer c ON c.id = o.customer_id WHERE c.code ILIKE ? AND ${travelling}`,
      `SELECT p.box_id FROM shipment_package p JOIN purchase_order o ON o.id = p.order_id JOIN customer c ON c.id = o.customer_id WHERE c.full_name ILIKE ? AND ${travelling}`,
    ],
  }, args.search);
  if (matching) where.id = matching;
  const direction = args.order === WaitingListOrder.MOST_RECENT_FIRST ? 'desc' : 'asc';
  const page = await paginate(ctx.em, Box, where, args, { quietSince: direction, id: direction });
  const numbers = await travellingOrderNumbers(ctx, page.edges.map((e) => e.node.id));
  return mapNodes(page, (box) => ({ box, lastEventAt: box.lastEventAt, quietSince: box.quietSince!, orderNumbers: numbers.get(box.id) ?? [] }));
}

/** The numbers of the travelling orders in each of `boxIds`, sorted. */
async function travellingOrderNumbers(ctx: Context, boxIds: string[]): Promise<Map<string, string[]>> {
  if (boxIds.length === 0) return new Map();
  const rows = await ctx.em.execute<{ box_id: string; numbers: string[] }[]>(
    `SELECT p.box_id, array_agg(DISTINCT o.number ORDER BY o.number) AS numbers
       FROM shipment_package p JOIN purchase_order o ON o.id = p.order_id
      WHERE p.box_id IN (?) AND o.state IN (${TRAVELLING_STATES_SQL})
      GROUP BY p.box_id`,
    [boxIds],
  );
  return new Map(rows.map((r) => [r.box_id, r.numbers]));
}
