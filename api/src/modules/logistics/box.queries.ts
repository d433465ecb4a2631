import type { FilterQuery } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { type Connection, type PageArgs, paginate } from '../../shared/connection';
import { directionOf, ListOrder } from '../../shared/list-order';
import { containsPattern } from '../../shared/search';
import { Box } from './box.entity';
import type { BoxesFilter } from './logistics.inputs';
import { Package } from './package.entity';

/**
 * Staff: boxes whose number, or a package in them, its order's number or that order's customer code or name
 * holds `filter.search` (case-insensitive), newest or oldest first by the box's creation time.
 */
export function listBoxes(ctx: Context, filter: BoxesFilter | null | undefined, page: PageArgs, order: ListOrder = ListOrder.NEWEST_FIRST): Promise<Connection<Box>> {
  const where: FilterQuery<Box> = {};
  const pattern = containsPattern(filter?.search);
  if (pattern) {
    // The box does not list its packages: the boxes of the matching packages come from a subquery.
    const viaContents = ctx.em
      .createQueryBuilder(Package, 'p')
      .select('p.box_id')
      .join('p.order', 'o')
      .join('o.customer', 'c')
      .where({ $or: [{ 'p.number': { $ilike: pattern } }, { 'o.number': { $ilike: pattern } }, { 'c.code': { $ilike: pattern } }, { 'c.fullName': { $ilike: pattern } }] })
      .getKnexQuery();
    // MikroORM takes a knex subquery for $in, which its filter types do not list.
    where.$or = [{ number: { $ilike: pattern } }, { id: { $in: viaContents as never } }];
  }
  const direction = directionOf(order);
  return paginate(ctx.em, Box, where, page, { createdAt: direction, id: direction });
}
