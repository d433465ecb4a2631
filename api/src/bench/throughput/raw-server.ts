import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import pg from 'pg';
import { permissionsOf, Permission } from '../../modules/identity/permission';
import type { Role } from '../../modules/identity/role';
import { parseTrackingNumber, publicEta, publicPhaseOf, secondFactorMatches } from '../../modules/public-tracking/public-tracking.rules';
import type { OrderState } from '../../modules/orders/order.states';
import { countRows } from '../../shared/list-count';
import { countStatements, serveStats, type ChildReady } from './protocol';

/**
 * The hand-written baseline of `npm run bench`: `node:http` and `pg` with named (prepared) statements, no
 * framework, answering the benchmark's five operations (dispatched on `operationName`) with the bytes Morna
 * answers: `{"data":{…}}`, fields in the document's order. It authenticates as Morna does (the HS256 access
 * token, then one query for the open session, its active user and customer). Not a product: no validation, no
 * throttles, no errors beyond 400/401/404, tracking by order number only and without photos.
 */

// bigint columns (minor units, counts) as numbers, as MikroORM maps them.
pg.types.setTypeParser(20, Number);

const ISSUER = 'morna';

interface Caller {
  customerId: string | null;
  readsAnyOrder: boolean;
  readsCustomers: boolean;
}

type Row = Record<string, any>;

async function main(): Promise<void> {
  countStatements();
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const secret = new TextEncoder().encode(process.env.JWT_SECRET!);
  const q = async (name: string, text: string, values: unknown[]): Promise<Row[]> => (await pool.query({ name, text, values })).rows;

  const caller = async (request: IncomingMessage): Promise<Caller | null> => {
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) return null;
    let claims;
    try {
      claims = (await jwtVerify(header.slice(7), secret, { issuer: ISSUER, algorithms: ['HS256'] })).payload;
    } catch {
      return null;
    }
    if (claims.typ !== 'access') return null;
    const [row] = await q('auth', `SELECT u.roles, c.id AS customer_id FROM auth_session s JOIN app_user u ON u.id = s.user_id LEFT JOIN customer c ON c.user_id = u.id
      WHERE s.id = $1 AND u.id = $2 AND u.active AND s.revoked_at IS NULL`, [claims.sid, claims.sub]);
    if (!row) return null;
    const permissions = permissionsOf(row.roles as Role[]);
    return { customerId: row.customer_id, readsAnyOrder: permissions.has(Permission.ReadAnyOrder), readsCustomers: permissions.has(Permission.ReadCustomers) };
  };

  // countRows' two statements (a bounded count, then EXPLAIN for the estimate), each its own prepared statement.
  const counting = (name: string) => (text: string, values: readonly unknown[]) => q(text.startsWith('EXPLAIN') ? `${name}-estimate` : name, text, [...values]);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const cursorOf = (row: Row) => Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');
  const groupBy = (rows: Row[], key: string) => {
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const list = groups.get(row[key]);
      if (list) list.push(row);
      else groups.set(row[key], [row]);
    }
    return groups;
  };

  const orderFull = async (who: Caller, id: string) => {
    const [o] = await q('order', 'SELECT id, number, state, shipping_method, total_usd_minor, settled_usd_minor, payment_deadline, created_at, customer_id FROM purchase_order WHERE id = $1', [id]);
    if (!o || (!who.readsAnyOrder && o.customer_id !== who.customerId)) return null;
    const payments = await q('order-payments', 'SELECT id, method, currency, amount_minor, reference, state, created_at FROM payment WHERE order_id = $1 ORDER BY created_at DESC, id DESC', [id]);
    const packages = await q('order-packages', 'SELECT p.id, p.number, b.number AS box_number, p.box_id FROM shipment_package p LEFT JOIN box b ON b.id = p.box_id WHERE p.order_id = $1 ORDER BY p.created_at, p.id', [id]);
    const events = await q('order-tracking', 'SELECT id, phase, place, note, occurred_at, actor_name FROM tracking_event WHERE order_id = $1 ORDER BY occurred_at, recorded_at, id', [id]);
    return {
      order: {
        id: o.id, number: o.number, state: o.state, shippingMethod: o.shipping_method, totalUsdMinor: o.total_usd_minor, settledUsdMinor: o.settled_usd_minor,
        paymentDeadline: iso(o.payment_deadline), createdAt: iso(o.created_at),
        payments: payments.map((p) => ({ id: p.id, method: p.method, currency: p.currency, amountMinor: p.amount_minor, reference: p.reference, state: p.state, createdAt: iso(p.created_at) })),
        packages: packages.map((p) => ({ id: p.id, number: p.number, box: p.box_id ? { number: p.box_number } : null })),
        trackingEvents: events.map((e) => ({ id: e.id, phase: e.phase, place: e.place, note: e.note, occurredAt: iso(e.occurred_at), actorName: e.actor_name })),
      },
    };
  };

  const orderMinimal = async (who: Caller, id: string) => {
    const [o] = await q('order-minimal', 'SELECT number, state, customer_id FROM purchase_order WHERE id = $1', [id]);
    if (!o || (!who.readsAnyOrder && o.customer_id !== who.customerId)) return null;
    return { order: { number: o.number, state: o.state } };
  };

  const staffOrders = async (who: Caller, first: number) => {
    if (!who.readsAnyOrder || !who.readsCustomers) return null;
    const count = await countRows(counting('orders-count'), 'SELECT 1 FROM purchase_order', []);
    const page = await q('orders-page', 'SELECT id, number, state, created_at, total_usd_minor, customer_id FROM purchase_order ORDER BY created_at DESC, id DESC LIMIT $1', [first + 1]);
    const rows = page.slice(0, first);
    const ids = rows.map((r) => r.id);
    const customers = new Map((await q('orders-customers', 'SELECT id, code, full_name FROM customer WHERE id = ANY($1::uuid[])', [[...new Set(rows.map((r) => r.customer_id))]])).map((c) => [c.id, c]));
    const payments = groupBy(await q('orders-payments', 'SELECT order_id, id, state, amount_minor FROM payment WHERE order_id = ANY($1::uuid[]) ORDER BY created_at DESC, id DESC', [ids]), 'order_id');
    const events = groupBy(await q('orders-tracking', 'SELECT order_id, id, phase, occurred_at FROM tracking_event WHERE order_id = ANY($1::uuid[]) ORDER BY occurred_at, recorded_at, id', [ids]), 'order_id');
    return {
      orders: {
        totalCount: count.count,
        totalCountExact: count.exact,
        pageInfo: { hasNextPage: page.length > first, endCursor: rows.length ? cursorOf(rows[rows.length - 1]!) : null },
        edges: rows.map((o) => {
          const c = customers.get(o.customer_id);
          return {
            cursor: cursorOf(o),
            node: {
              id: o.id, number: o.number, state: o.state, createdAt: iso(o.created_at), totalUsdMinor: o.total_usd_minor,
              customer: c ? { id: c.id, code: c.code, fullName: c.full_name } : null,
              payments: (payments.get(o.id) ?? []).map((p) => ({ id: p.id, state: p.state, amountMinor: p.amount_minor })),
              trackingEvents: (events.get(o.id) ?? []).map((e) => ({ id: e.id, phase: e.phase, occurredAt: iso(e.occurred_at) })),
            },
          };
        }),
      },
    };
  };

  const myOrders = async (who: Caller, first: number) => {
    if (!who.customerId) return null;
    const count = await countRows(counting('my-count'), 'SELECT 1 FROM purchase_order WHERE customer_id = $1', [who.customerId]);
    const page = await q('my-page', 'SELECT id, number, state, created_at, total_usd_minor FROM purchase_order WHERE customer_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2', [who.customerId, first + 1]);
    const rows = page.slice(0, first);
    const payments = groupBy(await q('orders-payments', 'SELECT order_id, id, state, amount_minor FROM payment WHERE order_id = ANY($1::uuid[]) ORDER BY created_at DESC, id DESC', [rows.map((r) => r.id)]), 'order_id');
    return {
      myOrders: {
        totalCount: count.count,
        totalCountExact: count.exact,
        pageInfo: { hasNextPage: page.length > first, endCursor: rows.length ? cursorOf(rows[rows.length - 1]!) : null },
        edges: rows.map((o) => ({
          cursor: cursorOf(o),
          node: {
            id: o.id, number: o.number, state: o.state, createdAt: iso(o.created_at), totalUsdMinor: o.total_usd_minor,
            payments: (payments.get(o.id) ?? []).map((p) => ({ id: p.id, state: p.state, amountMinor: p.amount_minor })),
          },
        })),
      },
    };
  };

  const publicTracking = async (numberText: string, factor: string) => {
    const target = parseTrackingNumber(numberText);
    if (target?.kind !== 'ORDER') return null;
    const [o] = await q('tracking-order', `SELECT o.id, o.number, o.state, c.code, c.phone, qo.estimated_delivery_at FROM purchase_order o
      JOIN customer c ON c.id = o.customer_id JOIN quote_option qo ON qo.id = o.accepted_option_id WHERE o.number = $1`, [target.number]);
    if (!o || !secondFactorMatches({ code: o.code, phone: o.phone }, factor)) return null;
    const events = await q('tracking-events', `SELECT t.phase, t.place, t.occurred_at, EXISTS (SELECT 1 FROM tracking_event_photos p WHERE p.tracking_event_id = t.id) AS has_photos
      FROM tracking_event t WHERE t.order_id = $1 ORDER BY t.occurred_at, t.recorded_at, t.id`, [o.id]);
    if (events.some((e) => e.has_photos)) throw new Error('the baseline does not sign photo links: seed tracking events without photos');
    const packages = await q('tracking-packages', 'SELECT p.number, b.number AS box_number FROM shipment_package p LEFT JOIN box b ON b.id = p.box_id WHERE p.order_id = $1 ORDER BY p.created_at, p.id', [o.id]);
    return {
      publicTracking: [{
        orderNumber: o.number,
        phase: publicPhaseOf(o.state as OrderState),
        estimatedDeliveryAt: iso(publicEta(o.state as OrderState, o.estimated_delivery_at)),
        events: events.map((e) => ({ phase: publicPhaseOf(e.phase as OrderState), place: e.place, occurredAt: iso(e.occurred_at), photos: [] })),
        packages: packages.map((p) => ({ number: p.number, boxNumber: p.box_number })),
      }],
    };
  };

  const answer = async (body: { operationName?: string; variables?: Record<string, any> }, request: IncomingMessage): Promise<[number, unknown]> => {
    const v = body.variables ?? {};
    if (body.operationName === 'BenchPublicTracking') return [200, await publicTracking(v.number, v.secondFactor)];
    const who = await caller(request);
    if (!who) return [401, null];
    switch (body.operationName) {
      case 'BenchOrderFull':
        return [200, await orderFull(who, v.id)];
      case 'BenchOrderMinimal':
        return [200, await orderMinimal(who, v.id)];
      case 'BenchStaffOrders':
        return [200, await staffOrders(who, v.first)];
      case 'BenchMyOrders':
        return [200, await myOrders(who, v.first)];
      default:
        return [400, null];
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let status: number;
    let data: unknown;
    try {
      [status, data] = await answer(JSON.parse(Buffer.concat(chunks).toString('utf8')), request);
    } catch (err) {
      console.error(err);
      [status, data] = [500, null];
    }
    if (status === 200 && data === null) status = 404;
    // Apollo Server ends its JSON with a newline.
    const text = `${status === 200 ? JSON.stringify({ data }) : JSON.stringify({ errors: [{ message: `HTTP ${status}` }] })}\n`;
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  };

  const server = createServer((request, response) => void handle(request, response));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  serveStats(async () => {
    server.closeAllConnections();
    server.close();
    await pool.end();
  });
  const url = `http://127.0.0.1:${port}`;
  const ready: ChildReady = { type: 'ready', url, graphqlUrl: `${url}/graphql`, wsUrl: '' };
  process.send!(ready);
}

main().catch((err: unknown) => {
  console.error('raw baseline server failed:', err);
  process.exit(1);
});
