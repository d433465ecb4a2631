import type DataLoader from 'dataloader';
import { can, customerIdOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { groupRows, queryRows, rowMapper, statement, type Row } from '../../db/raw-reads';
import { CountedPage, type Connection, type PageArgs } from '../../shared/connection';
import { isValidCursor } from '../../shared/cursor';
import { DomainError } from '../../shared/errors';
import { countRows } from '../../shared/list-count';
import { searchSql } from '../../shared/search';
import { Customer } from '../identity/customer.entity';
import { Permission } from '../identity/permission';
import { Box } from '../logistics/box.entity';
import { Package } from '../logistics/package.entity';
import { TrackingEvent } from '../logistics/tracking-event.entity';
import { Payment } from '../payments/payment.entity';
import { Upload } from '../uploads/upload.entity';
import { OrderEvent } from './order-event.entity';
import { Order } from './order.entity';
import { OrderListOrder, type MyOrdersFilter, type OrdersFilter } from './order.inputs';

// The order pages' reads, on raw rows and prepared statements (db/raw-reads): the ORM's SQL building,
// hydration and identity map cost twenty times the CPU of the database work here (issue 8's benchmark).

const orderColumns = (em: Context['em']) => rowMapper(em, Order).columns('o');

/** The order's lists that `readVisibleOrder` reads in the order's own statement when the query selects them. */
type NestedOrderList = 'payments' | 'packages' | 'trackingEvents';

/** The lists under an order that a query selects, each with the properties its selection reads (selectedProperties; null: all). */
export type NestedSelection = ReadonlyMap<NestedOrderList, ReadonlySet<string> | null>;

/**
 * The order `id` as the caller may see it: any order with order:read:any, otherwise only the caller's own.
 * Anything else is NOT_FOUND, so a customer cannot learn that another customer's order exists. The lists in
 * `nested` (those the query selects under the order) come in the same statement, one JSON array each of the
 * columns asked for, and are primed into this request's loaders: one round trip and one planned statement
 * for the order page instead of the order and then one statement per list.
 */
export async function readVisibleOrder(ctx: Context, id: string, nested: NestedSelection = new Map()): Promise<Order> {
  const mapper = rowMapper(ctx.em, Order);
  const lists = NESTED_LISTS.filter((list) => nested.has(list.field));
  const select = [orderColumns(ctx.em), ...lists.map((list) => `(${list.json(ctx, nested.get(list.field) ?? null)}) AS "${list.field}"`)].join(', ');
  const [row] = can(ctx, Permission.ReadAnyOrder)
    ? await queryRows(ctx.em, statement(`SELECT ${select} FROM "purchase_order" o WHERE o.id = $1`), [id])
    : await queryRows(ctx.em, statement(`SELECT ${select} FROM "purchase_order" o WHERE o.id = $1 AND o.customer_id = $2`), [id, customerIdOf(ctx)]);
  if (!row) throw new DomainError('NOT_FOUND');
  const order = mapper.map(row);
  for (const list of lists) list.prime(ctx, nested.get(list.field) ?? null, order.id, row[list.field] as Row[]);
  return order;
}

/** One `AND`-ed condition of an order list, with its values (each `?` in `sql` is the next value). */
interface Condition {
  sql: string;
  values: unknown[];
  /** A text search: its statement is planned for each pattern, not prepared once. */
  search?: boolean;
}

/**
 * A keyset page of the orders meeting `conditions`, by (createdAt, id) in `direction`, with `paginate`'s
 * cursors and page info: `WHERE … AND (created_at, id) < (after) ORDER BY … LIMIT first + 1`, never OFFSET.
 * `totalCount` is counted only when read (countRows: exact up to EXACT_COUNT_LIMIT, estimated beyond). A malformed `after` is BAD_USER_INPUT {field: 'after'}.
 */
async function readOrderPage(ctx: Context, conditions: Condition[], page: PageArgs, direction: 'ASC' | 'DESC'): Promise<Connection<Order>> {
  let after: [string, string] | null = null;
  if (page.after != null) {
    if (!isValidCursor(page.after, ['date', 'uuid'])) throw new DomainError('BAD_USER_INPUT', { field: 'after', reason: 'MALFORMED_CURSOR' });
    after = JSON.parse(Buffer.from(page.after, 'base64url').toString('utf8')) as [string, string];
  }
  const values: unknown[] = [];
  const bind = (c: Condition) => {
    let next = 0;
    return c.sql.replace(/\?/g, () => {
      values.push(c.values[next++]);
      return `$${values.length}`;
    });
  };
  const clauses = conditions.map(bind);
  const countWhere = clauses.join(' AND ') || 'TRUE';
  const countValues = [...values];
  if (after) {
    values.push(after[0], after[1]);
    clauses.push(`(o.created_at, o.id) ${direction === 'DESC' ? '<' : '>'} ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  values.push(page.first + 1);
  const sql = `SELECT ${rowMapper(ctx.em, Order).columns('o')} FROM "purchase_order" o WHERE ${clauses.join(' AND ') || 'TRUE'} ORDER BY o.created_at ${direction}, o.id ${direction} LIMIT $${values.length}`;
  const prepared = !conditions.some((c) => c.search);
  const rows = await queryRows(ctx.em, statement(sql, { prepared }), values);
  const mapper = rowMapper(ctx.em, Order);
  const nodes = rows.slice(0, page.first).map((row) => mapper.map(row));
  const cursorOf = (order: Order) => Buffer.from(JSON.stringify([order.createdAt, order.id])).toString('base64url');
  return new CountedPage(
    nodes.map((node) => ({ cursor: cursorOf(node), node })),
    {
      hasNextPage: rows.length > page.first,
      hasPreviousPage: after !== null,
      startCursor: nodes.length ? cursorOf(nodes[0]!) : null,
      endCursor: nodes.length ? cursorOf(nodes[nodes.length - 1]!) : null,
    },
    () => countRows((text, values) => queryRows(ctx.em, statement(text, { prepared }), values), `SELECT 1 FROM "purchase_order" o WHERE ${countWhere}`, countValues),
  );
}

/** A page of the caller's own orders (customers), newest first. */
export function readMyOrders(ctx: Context, filter: MyOrdersFilter | null | undefined, page: PageArgs): Promise<Connection<Order>> {
  const conditions: Condition[] = [{ sql: 'o.customer_id = ?', values: [customerIdOf(ctx)] }];
  if (filter?.state) conditions.push({ sql: 'o.state = ?', values: [filter.state] });
  return readOrderPage(ctx, conditions, page, 'DESC');
}

/** A page of all orders (staff with order:read:any), newest first unless `order` says otherwise; every filter given must match. */
export function readOrders(ctx: Context, filter: OrdersFilter | null | undefined, page: PageArgs, order: OrderListOrder = OrderListOrder.NEWEST_FIRST): Promise<Connection<Order>> {
  const conditions: Condition[] = [];
  if (filter?.state) conditions.push({ sql: 'o.state = ?', values: [filter.state] });
  if (filter?.customerId) conditions.push({ sql: 'o.customer_id = ?', values: [filter.customerId] });
  // ILIKE '%…%' on the number's trigram index, or a whole number on its unique index.
  const byNumber = searchSql({ numbers: ['SELECT id FROM purchase_order WHERE number ILIKE ?'] }, filter?.number);
  if (byNumber) conditions.push({ sql: `o.id IN (${byNumber.sql})`, values: byNumber.bindings, search: true });
  if (filter?.supplierPaymentRegistered != null) {
    // The supplier payment owns the link (supplier_payment.order_id, unique): a subquery on its index.
    conditions.push({ sql: `o.id ${filter.supplierPaymentRegistered ? 'IN' : 'NOT IN'} (SELECT sp.order_id FROM "supplier_payment" sp)`, values: [] });
  }
  return readOrderPage(ctx, conditions, page, order === OrderListOrder.OLDEST_FIRST ? 'ASC' : 'DESC');
}

/** A batch loader of this request: rows of `sql` (ids as $1, a uuid[]) grouped per id by the `parent` column. */
function byOrderIds<T>(ctx: Context, key: string, sql: () => string, map: (row: Row) => T, parent = 'order_id'): DataLoader<string, T[]> {
  return ctx.loaders.custom(key, async (ids) => groupRows(ids, await queryRows(ctx.em, statement(sql()), [ids]), parent, map));
}

/**
 * One list of an order, read two ways with the same rows in the same order: batched by order ids (`loader`,
 * for lists of orders) or nested in the order's own statement as a JSON array of `o` (`json`, for one order).
 * `properties` (selectedProperties) narrows the columns read to those the query asks for; null reads all.
 */
interface OrderList<T> {
  field: NestedOrderList;
  loader(ctx: Context, properties: ReadonlySet<string> | null): DataLoader<string, T[]>;
  json(ctx: Context, properties: ReadonlySet<string> | null): string;
  prime(ctx: Context, properties: ReadonlySet<string> | null, orderId: string, rows: Row[]): void;
}

interface ListParts<T> {
  /** Tells the narrowings of this list apart (RowMapper.key): each has its own loader. */
  key: string;
  select: string;
  jsonFields: string;
  from: string;
  alias: string;
  orderBy: string;
  map: (row: Row) => T;
}

/**
 * A list of the rows of `from` (aliased `alias`, with an `order_id` column) in `orderBy` order, each given to
 * `map` as its columns (`select`, `jsonFields`: the same columns, as a SELECT list and as JSON pairs).
 */
function orderList<T>(field: NestedOrderList, key: string, parts: (ctx: Context, properties: ReadonlySet<string> | null) => ListParts<T>): OrderList<T> {
  const loader = (ctx: Context, properties: ReadonlySet<string> | null) => {
    const { key: narrowing, select, from, alias, orderBy, map } = parts(ctx, properties);
    // The order id under its own name: a narrowed `select` may leave the order reference out.
    return byOrderIds(ctx, key + narrowing, () => `SELECT ${alias}.order_id AS "@order", ${select} FROM ${from} WHERE ${alias}.order_id = ANY($1::uuid[]) ORDER BY ${orderBy}`, map, '@order');
  };
  return {
    field,
    loader,
    json: (ctx, properties) => {
      const { jsonFields, from, alias, orderBy } = parts(ctx, properties);
      return `SELECT coalesce(json_agg(json_build_object(${jsonFields}) ORDER BY ${orderBy}), '[]') FROM ${from} WHERE ${alias}.order_id = o.id`;
    },
    prime: (ctx, properties, orderId, rows) => void loader(ctx, properties).prime(orderId, rows.map(parts(ctx, properties).map)),
  };
}

const payments = orderList('payments', 'order.payments', (ctx, properties) => {
  const mapper = rowMapper(ctx.em, Payment).only(properties);
  return { key: mapper.key, select: mapper.columns('p'), jsonFields: mapper.jsonFields('p'), from: '"payment" p', alias: 'p', orderBy: 'p.created_at DESC, p.id DESC', map: (row) => mapper.map(row) };
});

const trackingEvents = orderList('trackingEvents', 'order.trackingEvents', (ctx, properties) => {
  const mapper = rowMapper(ctx.em, TrackingEvent).only(properties);
  return { key: mapper.key, select: mapper.columns('t'), jsonFields: mapper.jsonFields('t'), from: '"tracking_event" t', alias: 't', orderBy: 't.occurred_at, t.recorded_at, t.id', map: (row) => mapper.map(row) };
});

// A package's box comes with it and is primed into the request's Box loader, which `Package.box` reads; all
// its columns, as the box is read whole.
const packages = orderList('packages', 'order.packages', (ctx) => {
  const packageMapper = rowMapper(ctx.em, Package);
  const boxes = rowMapper(ctx.em, Box);
  const boxLoader = ctx.loaders.byId(Box);
  return {
    key: '',
    select: `${packageMapper.columns('p')}, ${boxes.columns('b', 'box.')}`,
    jsonFields: `${packageMapper.jsonFields('p')}, ${boxes.jsonFields('b', 'box.')}`,
    from: '"shipment_package" p LEFT JOIN "box" b ON b.id = p.box_id',
    alias: 'p',
    orderBy: 'p.created_at, p.id',
    map: (row) => {
      if (row['box.id'] != null) boxLoader.prime(row['box.id'] as string, boxes.map(row, 'box.'));
      return packageMapper.map(row);
    },
  };
});

const NESTED_LISTS: readonly OrderList<unknown>[] = [payments, packages, trackingEvents];

/** The names of the lists `readVisibleOrder` can read with the order. */
export const NESTED_ORDER_LISTS: readonly NestedOrderList[] = NESTED_LISTS.map((list) => list.field);

/** Loader: payments per order id, newest first; with `properties` (selectedProperties) only those are read, the rest left undefined. */
export function paymentsOfOrders(ctx: Context, properties: ReadonlySet<string> | null = null): DataLoader<string, Payment[]> {
  return payments.loader(ctx, properties);
}

/** Loader: state history per order id, oldest first. */
export function historyOfOrders(ctx: Context): DataLoader<string, OrderEvent[]> {
  const mapper = rowMapper(ctx.em, OrderEvent);
  return byOrderIds(ctx, 'order.events', () => `SELECT ${mapper.columns('e')} FROM "order_event" e WHERE e.order_id = ANY($1::uuid[]) ORDER BY e.at, e.id`, (row) => mapper.map(row));
}

/**
 * Loader: tracking events per order id, in the order they happened (occurredAt, then recordedAt); with
 * `properties` (selectedProperties) only those are read, the rest left undefined.
 */
export function trackingOfOrders(ctx: Context, properties: ReadonlySet<string> | null = null): DataLoader<string, TrackingEvent[]> {
  return trackingEvents.loader(ctx, properties);
}

/** Loader: packages per order id, oldest first; their boxes are primed into the request's Box loader. */
export function packagesOfOrders(ctx: Context): DataLoader<string, Package[]> {
  return packages.loader(ctx, null);
}

/** Loader: photos per tracking event id, oldest first. */
export function photosOfTrackingEvents(ctx: Context): DataLoader<string, Upload[]> {
  const mapper = rowMapper(ctx.em, Upload);
  return byOrderIds(
    ctx,
    'trackingEvent.photos',
    () => `SELECT tp.tracking_event_id, ${mapper.columns('u')} FROM "tracking_event_photos" tp JOIN "upload" u ON u.id = tp.upload_id WHERE tp.tracking_event_id = ANY($1::uuid[]) ORDER BY u.created_at, u.id`,
    (row) => mapper.map(row),
    'tracking_event_id',
  );
}

/** Loader: customers by id (null for an unknown id). */
export function customersById(ctx: Context): DataLoader<string, Customer | null> {
  const mapper = rowMapper(ctx.em, Customer);
  return ctx.loaders.custom('customer.byId', async (ids) => {
    const rows = await queryRows(ctx.em, statement(`SELECT ${mapper.columns('c')} FROM "customer" c WHERE c.id = ANY($1::uuid[])`), [ids]);
    const byId = new Map(rows.map((row) => [row.id as string, mapper.map(row)]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
