import type { FilterQuery } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { type Connection, type PageArgs, paginate } from '../../shared/connection';
import { directionOf, ListOrder } from '../../shared/list-order';
import { idsMatching } from '../../shared/search';
import { Box } from './box.entity';
import type { BoxesFilter } from './logistics.inputs';

/**
 * Staff: boxes whose number, or a package in them, its order's number or that order's customer code or name
 * holds `filter.search` (case-insensitive), newest or oldest first by the box's creation time.
 */
export function listBoxes(ctx: Context, filter: BoxesFilter | null | undefined, page: PageArgs, order: ListOrder = ListOrder.NEWEST_FIRST): Promise<Connection<Box>> {
  const where: FilterQuery<Box> = {};
  const matching = idsMatching(ctx.em, {
    numbers: [
      'SELECT id FROM box WHERE number ILIKE ?',
      'SELECT box_id FROM shipment_package WHERE number ILIKE ? AND box_id IS NOT NULL',
      'SELECT p.box_id FROM shipment_package p JOIN purchase_order o ON o.id = p.order_id WHERE o.number ILIKE ? AND p.box_id IS NOT NULL',
    ],
    texts: [
      'SELECT p.box_id FROM shipment_package p JOIN purchase_order o ON o.id = p.order_id JOIN customer c ON c.id = o.customer_id WHERE c.code ILIKE ? AND p.box_id IS NOT NULL',
      'SELECT p.box_id FROM shipment_package p JOIN purchase_order o ON o.id = p.order_id JOIN customer c ON c.id = o.customer_id WHERE c.full_name ILIKE ? AND p.box_id IS NOT NULL',
    ],
  }, filter?.search);
  if (matching) where.id = matching;
  const direction = directionOf(order);
  return paginate(ctx.em, Box, where, page, { createdAt: direction, id: direction });
}
