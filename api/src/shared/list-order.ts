import { registerEnumType } from 'type-graphql';

/**
 * Newest or oldest first by the time a staff list is kept in; each query's description names that time, and
 * ties are broken by id in the same direction so cursors stay stable.
 */
export enum ListOrder {
  NEWEST_FIRST = 'NEWEST_FIRST',
  OLDEST_FIRST = 'OLDEST_FIRST',
}
registerEnumType(ListOrder, {
  name: 'ListOrder',
  description: 'Newest or oldest first, by the time the list is ordered by (each query names it); ties broken by id.',
});

/** The SQL direction of `order`: descending for newest first. */
export function directionOf(order: ListOrder): 'asc' | 'desc' {
  return order === ListOrder.OLDEST_FIRST ? 'asc' : 'desc';
}
