import pg from 'pg';
import { seededOrderNumber, seedOrders } from '../../api/src/bench/seed-orders';
import type { GqlClient } from '../helpers/client';
import { startTestApi, type TestApi } from '../helpers/test-api';

/**
 * The SQL the API really sends for its order reads, staff lists and searches, planned by PostgreSQL over
 * 50,000 orders (and their requests, options, payments, packages, boxes, tracking events): every statement
 * must reach the big tables through an index, never a sequential scan. The statements are captured from the
 * pg driver while each GraphQL operation runs, then EXPLAINed with their own parameters.
 */

const ORDERS = 50_000;
/** Tables with one row or more per order: a sequential scan of any of them grows with the business. */
const BIG_TABLES = new Set(['purchase_order', 'purchase_request', 'quote_option', 'payment', 'tracking_event', 'shipment_package', 'box', 'order_event']);

interface Statement {
  text: string;
  values: unknown[];
}

let capturing: Statement[] | null = null;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function captured(this: unknown, ...args: unknown[]) {
  const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown];
  const text = typeof first === 'string' ? first : first?.text;
  const values = typeof first === 'string' ? (Array.isArray(second) ? second : []) : (first?.values ?? []);
  if (capturing && typeof text === 'string') capturing.push({ text, values });
  return query.apply(this, args);
};

let t: TestApi;
let staff: GqlClient;
let customer: GqlClient;
let anOrder: { id: string; customerId: string; number: string };

beforeAll(async () => {
  t = await startTestApi();
  const seed = new pg.Client({ connectionString: t.databaseUrl });
  await seed.connect();
  try {
    await seedOrders(seed, { orders: ORDERS, trackingPerOrder: 2, customers: ORDERS / 10 });
    await seed.query('VACUUM ANALYZE');
  } finally {
    await seed.end();
  }
  staff = await t.asStaff('MASTER');
  customer = await t.newCustomer();
  [anOrder] = await t.sql<{ id: string; customerId: string; number: string }>('SELECT id, customer_id AS "customerId", number FROM purchase_order WHERE number = $1', [seededOrderNumber(ORDERS / 2)]) as [typeof anOrder];
}, 120_000);

afterAll(() => t?.stop());

/** The statements the API sent while `run` ran (transaction control and the principal's lookups left out). */
async function statementsOf(run: () => Promise<unknown>): Promise<Statement[]> {
  capturing = [];
  try {
    await run();
  } finally {
    await t.settle();
  }
  const statements = capturing;
  capturing = null;
  return statements.filter((s) => /^\s*(select|with)\b/i.test(s.text) && [...BIG_TABLES].some((table) => s.text.includes(`"${table}"`)));
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] && BIG_TABLES.has(node['Relation Name']) ? [node['Relation Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

/**
 * `totalCount` of a list without a filter counts at most 10,001 rows of its table (list-count.ts), in any order:
 * a sequential scan that stops there, not a missing index.
 */
const boundedWholeTableCount = (text: string) =>
  /^SELECT count\(\*\)::int AS n FROM \((select "\w+"\."id" from "\w+" as "\w+"|SELECT 1 FROM "\w+" o WHERE TRUE) LIMIT 10001\) AS bounded$/.test(text.trim());

/** Each statement whose plan scans a big table sequentially, with the tables scanned. */
async function sequentialScans(statements: Statement[]): Promise<{ sql: string; tables: string[] }[]> {
  const found: { sql: string; tables: string[] }[] = [];
  for (const s of statements) {
    if (boundedWholeTableCount(s.text)) continue;
    const [row] = await t.sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${s.text}`, s.values);
    const tables = seqScans(row!['QUERY PLAN'][0].Plan);
    if (tables.length > 0) found.push({ sql: s.text, tables });
  }
  return found;
}

const ORDER_FULL = `query ($id: ID!) { order(id: $id) { id number state payments { id } packages { id box { number } } trackingEvents { id phase } events { id } customer { code } } }`;
const ORDERS_PAGE = `query ($filter: OrdersFilter, $order: OrderListOrder) { orders(first: 20, filter: $filter, order: $order) { totalCount totalCountExact edges { node { id number customer { code } payments { id } trackingEvents { id } } } } }`;
const PAYMENTS_PAGE = `query ($filter: PaymentsFilter, $order: PaymentOrder) { payments(first: 20, filter: $filter, order: $order) { totalCount totalCountExact edges { node { id reference order { number } } } } }`;
const REQUESTS_PAGE = `query ($filter: PurchaseRequestsFilter, $order: PurchaseRequestOrder!) { purchaseRequests(first: 20, filter: $filter, order: $order) { totalCount totalCountExact edges { node { id number } } } }`;
const MY_ORDERS_PAGE = `query ($filter: MyOrdersFilter) { myOrders(first: 20, filter: $filter) { totalCount totalCountExact edges { node { id number payments { id } } } } }`;
const MY_REQUESTS_PAGE = `{ myPurchaseRequests(first: 20) { totalCount totalCountExact edges { node { id number } } } }`;
const STALLED_PAGE = `query ($search: String, $order: WaitingListOrder) { stalledOrders(days: 1, first: 20, search: $search, order: $order) { totalCount totalCountExact edges { node { id number } } } }`;
const QUIET_PAGE = `query ($search: String, $order: WaitingListOrder) { quietBoxes(days: 1, first: 20, search: $search, order: $order) { totalCount totalCountExact edges { node { box { id number } lastEventAt quietSince orderNumbers } } } }`;
const BOXES_PAGE = `query ($filter: BoxesFilter, $order: ListOrder) { boxes(first: 20, filter: $filter, order: $order) { totalCount totalCountExact edges { node { id number } } } }`;

// Every seeded payment is a submitted ZELLE one in USD: filters that matched them all would rightly read the whole table, so the filters asked are rare values.
const cases: [string, () => Promise<unknown>][] = [
  ['order(id) with its payments, packages, boxes, tracking events, history and customer', () => staff.ok(ORDER_FULL, { id: anOrder.id })],
  ['staff orders, newest first', () => staff.ok(ORDERS_PAGE, {})],
  ['staff orders, oldest first', () => staff.ok(ORDERS_PAGE, { order: 'OLDEST_FIRST' })],
  ['staff orders in one state', () => staff.ok(ORDERS_PAGE, { filter: { state: 'PAID' } })],
  ['staff orders in one state, oldest first', () => staff.ok(ORDERS_PAGE, { filter: { state: 'PAID' }, order: 'OLDEST_FIRST' })],
  ['staff orders of one customer', () => staff.ok(ORDERS_PAGE, { filter: { customerId: anOrder.customerId } })],
  ['staff orders with the supplier payment registered', () => staff.ok(ORDERS_PAGE, { filter: { supplierPaymentRegistered: true } })],
  ['staff orders paid and without the supplier payment', () => staff.ok(ORDERS_PAGE, { filter: { state: 'PAID', supplierPaymentRegistered: false } })],
  ['staff orders searched by number', () => staff.ok(ORDERS_PAGE, { filter: { number: anOrder.number.slice(-6) } })],
  ['staff orders searched by a whole number', () => staff.ok(ORDERS_PAGE, { filter: { number: anOrder.number.toLowerCase() } })],
  ['payments, newest first', () => staff.ok(PAYMENTS_PAGE, {})],
  ['payments, oldest first', () => staff.ok(PAYMENTS_PAGE, { order: 'OLDEST_FIRST' })],
  ['payments in a rare state (rejected)', () => staff.ok(PAYMENTS_PAGE, { filter: { state: 'REJECTED' } })],
  ['payments of one order', () => staff.ok(PAYMENTS_PAGE, { filter: { orderId: anOrder.id } })],
  ['payments by a rare method and currency', () => staff.ok(PAYMENTS_PAGE, { filter: { method: 'PAYPAL', currency: 'USD' } })],
  ['payments searched by order number', () => staff.ok(PAYMENTS_PAGE, { filter: { search: anOrder.number } })],
  ['quote requests, newest first', () => staff.ok(REQUESTS_PAGE, { order: 'NEWEST_FIRST' })],
  ['quote requests, oldest first', () => staff.ok(REQUESTS_PAGE, { order: 'OLDEST_FIRST' })],
  ['quote requests in one state', () => staff.ok(REQUESTS_PAGE, { filter: { state: 'SUBMITTED' }, order: 'NEWEST_FIRST' })],
  ['quote requests in a queue', () => staff.ok(REQUESTS_PAGE, { filter: { queue: 'CHINA' }, order: 'NEWEST_FIRST' })],
  ['quote requests of one customer', () => staff.ok(REQUESTS_PAGE, { filter: { customerId: anOrder.customerId }, order: 'NEWEST_FIRST' })],
  ['quote requests searched by number', () => staff.ok(REQUESTS_PAGE, { filter: { search: anOrder.number.replace('PO', 'SC') }, order: 'NEWEST_FIRST' })],
  ['a customer\'s own orders', () => customer.ok(MY_ORDERS_PAGE, {})],
  ['a customer\'s own orders in one state', () => customer.ok(MY_ORDERS_PAGE, { filter: { state: 'PAID' } })],
  ['a customer\'s own quote requests', () => customer.ok(MY_REQUESTS_PAGE, {})],
  ['stalled orders, longest waiting first', () => staff.ok(STALLED_PAGE, {})],
  ['stalled orders, most recent first', () => staff.ok(STALLED_PAGE, { order: 'MOST_RECENT_FIRST' })],
  ['stalled orders searched by number', () => staff.ok(STALLED_PAGE, { search: anOrder.number.slice(-6) })],
  ['stalled orders searched by a whole number', () => staff.ok(STALLED_PAGE, { search: anOrder.number })],
  ['quiet boxes, quietest first', () => staff.ok(QUIET_PAGE, {})],
  ['quiet boxes, most recent first', () => staff.ok(QUIET_PAGE, { order: 'MOST_RECENT_FIRST' })],
  ['quiet boxes searched by a whole box number', () => staff.ok(QUIET_PAGE, { search: anOrder.number.replace('PO', 'BX') })],
  ['quiet boxes searched by a whole order number', () => staff.ok(QUIET_PAGE, { search: anOrder.number })],
  ['quiet boxes searched by part of a number', () => staff.ok(QUIET_PAGE, { search: anOrder.number.slice(-6) })],
  ['boxes, newest first', () => staff.ok(BOXES_PAGE, {})],
  ['boxes, oldest first', () => staff.ok(BOXES_PAGE, { order: 'OLDEST_FIRST' })],
  ['boxes searched by number', () => staff.ok(BOXES_PAGE, { filter: { search: anOrder.number.replace('PO', 'BX') } })],
  ['boxes searched by the whole number of an order in them', () => staff.ok(BOXES_PAGE, { filter: { search: anOrder.number } })],
  ['boxes searched by part of a number', () => staff.ok(BOXES_PAGE, { filter: { search: anOrder.number.slice(-6) } })],
];

describe('over 50,000 orders, the SQL of each read reaches the big tables through an index', () => {
  it.each(cases)('%s', async (_name, run) => {
    const statements = await statementsOf(run);
    expect(statements.length).toBeGreaterThan(0);
    expect(await sequentialScans(statements)).toEqual([]);
  });
});

interface AnalyzedNode extends PlanNode {
  'Index Name'?: string;
  'Actual Loops': number;
  Plans?: AnalyzedNode[];
}

/** The trigram indexes of readable numbers that a run of `node` really scanned. */
function numberTrigramScans(node: AnalyzedNode): string[] {
  const own = node['Index Name']?.endsWith('_number_trgm_index') && node['Actual Loops'] > 0 ? [node['Index Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(numberTrigramScans)];
}

describe('over 50,000 orders, a whole number is found through the unique number index, its trigram index left unread', () => {
  const searches: [string, () => Promise<unknown>][] = [
    ['staff orders', () => staff.ok(ORDERS_PAGE, { filter: { number: ` ${anOrder.number.toLowerCase()} ` } })],
    ['payments', () => staff.ok(PAYMENTS_PAGE, { filter: { search: anOrder.number } })],
    ['quote requests', () => staff.ok(REQUESTS_PAGE, { filter: { search: anOrder.number.replace('PO', 'SC') }, order: 'NEWEST_FIRST' })],
    ['stalled orders', () => staff.ok(STALLED_PAGE, { search: anOrder.number })],
    ['boxes, by box number', () => staff.ok(BOXES_PAGE, { filter: { search: anOrder.number.replace('PO', 'BX') } })],
    ['boxes, by order number', () => staff.ok(BOXES_PAGE, { filter: { search: anOrder.number } })],
    ['quiet boxes', () => staff.ok(QUIET_PAGE, { search: anOrder.number.replace('PO', 'BX') })],
  ];

  it.each(searches)('%s', async (_name, run) => {
    const scanned: string[] = [];
    for (const s of await statementsOf(run)) {
      const [row] = await t.sql<{ 'QUERY PLAN': [{ Plan: AnalyzedNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${s.text}`, s.values);
      scanned.push(...numberTrigramScans(row!['QUERY PLAN'][0].Plan));
    }
    expect(scanned).toEqual([]);
  });

  it('finds every box holding an order whose number holds a number-shaped part of one, through the trigram index as before', async () => {
    const part = anOrder.number.slice(0, -1);
    const { boxes } = await staff.ok<{ boxes: { totalCount: number } }, unknown>(BOXES_PAGE, { filter: { search: part } });
    const [{ n }] = (await t.sql<{ n: number }>(
      'SELECT count(DISTINCT p.box_id)::int AS n FROM shipment_package p JOIN purchase_order o ON o.id = p.order_id WHERE o.number ILIKE $1',
      [`%${part}%`],
    )) as [{ n: number }];
    expect(n).toBe(10);
    expect(boxes.totalCount).toBe(n);
  });
});

describe('over 50,000 orders, a list\'s totalCount is exact up to 10,000 and the planner\'s estimate beyond, and says which', () => {
  const COUNT = `query ($filter: OrdersFilter) { orders(first: 1, filter: $filter) { totalCount totalCountExact } }`;

  it('answers an estimate for all the orders, marked inexact, within a tenth of the true count', async () => {
    const { orders } = await staff.ok<{ orders: { totalCount: number; totalCountExact: boolean } }, unknown>(COUNT, {});
    const [{ n }] = (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM purchase_order')) as [{ n: number }];
    expect(orders.totalCountExact).toBe(false);
    expect(orders.totalCount).toBeGreaterThan(10_000);
    expect(Math.abs(orders.totalCount - n)).toBeLessThan(n / 10);
  });

  it('answers the exact count of one customer\'s orders, marked exact', async () => {
    const { orders } = await staff.ok<{ orders: { totalCount: number; totalCountExact: boolean } }, unknown>(COUNT, { filter: { customerId: anOrder.customerId } });
    const [{ n }] = (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM purchase_order WHERE customer_id = $1', [anOrder.customerId])) as [{ n: number }];
    expect(orders).toEqual({ totalCount: n, totalCountExact: true });
    expect(n).toBeGreaterThan(1);
  });
});

const ORDER_LISTS = `
  payments { id method currency amountMinor creditedUsdMinor reference state rejectionReason decidedAt createdAt }
  packages { id number weightKg lengthCm widthCm heightCm repacked note createdAt box { id number weightKg createdAt } }
  trackingEvents { id phase occurredAt place note actorName recordedAt }`;
const ORDER_PAGE = `query ($id: ID!) { order(id: $id) { id ${ORDER_LISTS} } }`;

/** The plan nodes of `node` and below. */
function nodesOf(node: AnalyzedNode): AnalyzedNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

describe('over 50,000 orders, the order page is one statement', () => {
  it('reads the order with its payments, packages, boxes and tracking events in one statement', async () => {
    const statements = await statementsOf(() => staff.ok(ORDER_PAGE, { id: anOrder.id }));
    expect(statements).toHaveLength(1);
  });

  it('reads the lists asked through fragments in the same one statement', async () => {
    const fragments = `query ($id: ID!) { order(id: $id) { ...Lists } } fragment Lists on Order { id ... on Order { ${ORDER_LISTS} } }`;
    const statements = await statementsOf(() => staff.ok(fragments, { id: anOrder.id }));
    expect(statements).toHaveLength(1);
  });

  it('reads an order\'s tracking events from its timeline index alone, already in their order', async () => {
    const [statement] = await statementsOf(() => staff.ok(ORDER_PAGE, { id: anOrder.id }));
    const [row] = await t.sql<{ 'QUERY PLAN': [{ Plan: AnalyzedNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement!.text}`, statement!.values);
    // The subplan aggregating the tracking events, and what it reads.
    const tracking = nodesOf(row!['QUERY PLAN'][0].Plan).find((n) => n['Node Type'] === 'Aggregate' && nodesOf(n).some((c) => c['Relation Name'] === 'tracking_event'))!;
    const below = nodesOf(tracking).slice(1);
    expect(below.map((n) => [n['Node Type'], n['Index Name']])).toEqual([['Index Only Scan', 'tracking_event_order_timeline_index']]);
  });

  it('gives an order\'s lists alone exactly as a page of orders gives them', async () => {
    const alone = await staff.ok<{ order: unknown }, unknown>(ORDER_PAGE, { id: anOrder.id });
    const { orders } = await staff.ok<{ orders: { edges: { node: unknown }[] } }, unknown>(
      `query ($number: String!) { orders(first: 1, filter: { number: $number }) { edges { node { id ${ORDER_LISTS} } } } }`,
      { number: anOrder.number },
    );
    expect(orders.edges.map((e) => e.node)).toEqual([alone.order]);
    expect(alone.order).toMatchObject({ payments: [{}, {}], packages: [{ box: { number: expect.any(String) } }, {}], trackingEvents: [{}, {}] });
  });
});
