import { randomUUID } from 'node:crypto';
import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { insertSubmittedPayment } from './factories/logistics';
import { insertOrder, type FactoryOrder } from './factories/orders';

/**
 * The Master's operations overview: every figure is checked against the same figure computed with SQL on
 * test data built for it (orders moved through several states at known hours, payments validated on both sides of a month boundary of
 * the business time zone, pending payments, quoted requests, surveys), and only the Master may read it.
 */

const Overview = graphql(`
  query ReportsOverview {
    operationsOverview {
      ordersByPhase { state count }
      timeInPhase { state orders averageHours medianHours }
      paymentsPending paymentsPendingUsdMinor
      revenueByMonth { month revenueUsdMinor payments }
      quotesSent quotesAccepted quoteConversionPercent
      npsByMonth { month nps answers }
    }
  }
`);

let t: TestApi;
let master: GqlClient;

const CREATED_AT = Date.parse('2026-09-01T12:00:00Z');
/**
 * An order created at CREATED_AT and moved along `path` — each step the state entered and the hours after
 * creation — with one history row per change, the way changeOrderState writes them; it is left in the last state.
 */
async function orderThrough(customerId: string, path: [string, number][]): Promise<FactoryOrder> {
  const order = await insertOrder(t, customerId);
  const at = (hours: number) => new Date(CREATED_AT + hours * 3_600_000);
  await t.sql(`UPDATE order_event SET at = $2 WHERE order_id = $1`, [order.orderId, at(0)]);
  let from = 'PENDING_PAYMENT';
  for (const [to, hours] of path) {
    await t.sql(
      `INSERT INTO order_event (id, order_id, from_state, to_state, actor_name, note, at) VALUES ($1, $2, $3, $4, 'Sistema', 'Prueba', $5)`,
      [randomUUID(), order.orderId, from, to, at(hours)],
    );
    from = to;
  }
  await t.sql(`UPDATE purchase_order SET state = $2, state_changed_at = $3 WHERE id = $1`, [order.orderId, from, at(path.at(-1)?.[1] ?? 0)]);
  return order;
}

beforeAll(async () => {
  t = await startTestApi();
  master = await t.asStaff('MASTER');
  const customer = await t.newCustomer();
  // Hours in PENDING_PAYMENT: 10, 4, 2, 6, 1, 3, 5 and 72 (cancelled) → mean 12.9, median 4.5. DEPARTED_CHINA:
  // 186, 240, 216, 168 → mean 202.5, median 201. IN_CUSTOMS: 48, 24, 24 (the fourth order is still there) → 32, 24.
  const paths: [string, number][][] = [
    [['PAID', 10]],
    [['PARTIALLY_PAID', 4], ['PAID', 30]],
    [['PAID', 2], ['PURCHASED', 26]],
    [['PAID', 6], ['PURCHASED', 18], ['AT_CHINA_WAREHOUSE', 90], ['DEPARTED_CHINA', 114], ['IN_CUSTOMS', 300]],
    [['PAID', 1], ['PURCHASED', 49], ['AT_CHINA_WAREHOUSE', 97], ['DEPARTED_CHINA', 145], ['IN_CUSTOMS', 385], ['AT_LOCAL_WAREHOUSE', 433], ['OUT_FOR_DELIVERY', 457], ['DELIVERED', 463]],
    [['PAID', 3], ['PURCHASED', 27], ['AT_CHINA_WAREHOUSE', 51], ['DEPARTED_CHINA', 99], ['IN_CUSTOMS', 315], ['AT_LOCAL_WAREHOUSE', 339], ['READY_FOR_PICKUP', 351], ['DELIVERED', 423.5]],
    [['PARTIALLY_PAID', 5], ['PAID', 8], ['PURCHASED', 20], ['AT_CHINA_WAREHOUSE', 68], ['DEPARTED_CHINA', 92], ['IN_CUSTOMS', 260], ['AT_LOCAL_WAREHOUSE', 284], ['OUT_FOR_DELIVERY', 285], ['DELIVERED', 295]],
    [['CANCELLED', 72]],
  ];
  const orders = [];
  for (const path of paths) orders.push(await orderThrough(customer.customerId, path));
  // Validated payments: 2026-10-01 01:30 UTC is still 30 September in Caracas (UTC−4).
  const validated: [number, string][] = [[12_000, '2026-09-10T15:00:00Z'], [8_050, '2026-10-01T01:30:00Z'], [20_000, '2026-10-01T05:00:00Z'], [5_000, '2026-11-02T12:00:00Z']];
  for (const [i, [usd, decidedAt]] of validated.entries()) {
    await t.sql(
      `INSERT INTO payment (id, order_id, customer_id, method, currency, amount_minor, credited_usd_minor, reference, state, decided_at, created_at)
       VALUES ($1, $2, $3, 'ZELLE', 'USD', $4, $4, $5, 'VALIDATED', $6, $6)`,
      [randomUUID(), orders[i]!.orderId, customer.customerId, usd, `ZL-V${i}`, decidedAt],
    );
  }
  await insertSubmittedPayment(t, orders[0]!, customer.customerId, 1);
  await insertSubmittedPayment(t, orders[1]!, customer.customerId, 30);
  // Five of the eight requests with an order were sent a quote, plus three quoted requests never accepted.
  for (const order of orders.slice(0, 5)) await t.sql(`UPDATE purchase_request SET quoted_at = now() WHERE id = $1`, [order.requestId]);
  for (let i = 0; i < 3; i += 1) {
    await t.sql(
      `INSERT INTO purchase_request (id, number, customer_id, description, quantity, purchase_type, shipping_methods, national_delivery, state,
         state_changed_at, modifications_used, round, quoted_at, created_at)
       VALUES ($1, $2, $3, 'Reloj', 1, 'RETAIL', '{AIR}', 'COURIER', 'QUOTED', now(), 0, 1, now(), now())`,
      [randomUUID(), `SC-TEST-${i}-${randomUUID().slice(0, 6)}`, customer.customerId],
    );
  }
  // NPS: September (Caracas) 10, 9, 6 → (2 − 1) / 3 = 33; October 7, 3 → (0 − 1) / 2 = −50.
  const answers: [number, string][] = [[10, '2026-09-05T12:00:00Z'], [9, '2026-09-20T12:00:00Z'], [6, '2026-10-01T02:00:00Z'], [7, '2026-10-15T12:00:00Z'], [3, '2026-10-20T12:00:00Z']];
  for (const [i, [score, at]] of answers.entries()) {
    await t.sql(
      `INSERT INTO survey (id, order_id, customer_id, invited_at, submitted_at, recommend_score) VALUES ($1, $2, $3, $4, $4, $5)`,
      [randomUUID(), orders[i + 2]!.orderId, customer.customerId, at, score],
    );
  }
});
afterAll(async () => {
  await t.stop();
});

describe('the operations overview', () => {
  it('answers the same figures as SQL over the test data, months taken in the business time zone', async () => {
    const { operationsOverview: o } = await master.ok(Overview);

    const phases = await t.sql<{ state: string; count: number }>(`SELECT state::text AS state, count(*)::int AS count FROM purchase_order GROUP BY state ORDER BY state`);
    expect(o.ordersByPhase).toEqual(phases);
    expect(o.ordersByPhase.find((p) => p.state === 'DELIVERED')?.count).toBe(3);

    // Each stay paired with the order's next history row, independently of the service's pairing by leaving row.
    const durations = await t.sql<{ state: string; orders: number; averageHours: number; medianHours: number }>(
      `SELECT state, count(*)::int AS orders, round(avg(hours), 1)::float AS "averageHours",
              round((percentile_cont(0.5) WITHIN GROUP (ORDER BY hours))::numeric, 1)::float AS "medianHours"
         FROM (SELECT to_state::text AS state, extract(epoch FROM lead(at) OVER (PARTITION BY order_id ORDER BY at) - at) / 3600 AS hours FROM order_event) stay
        WHERE hours IS NOT NULL GROUP BY state ORDER BY state`,
    );
    expect(o.timeInPhase).toEqual(durations);
    const stay = (state: string) => o.timeInPhase.find((d) => d.state === state);
    expect(stay('PENDING_PAYMENT')).toEqual({ state: 'PENDING_PAYMENT', orders: 8, averageHours: 12.9, medianHours: 4.5 });
    expect(stay('DEPARTED_CHINA')).toEqual({ state: 'DEPARTED_CHINA', orders: 4, averageHours: 202.5, medianHours: 201 });
    expect(stay('IN_CUSTOMS')).toEqual({ state: 'IN_CUSTOMS', orders: 3, averageHours: 32, medianHours: 24 });
    expect(stay('READY_FOR_PICKUP')).toEqual({ state: 'READY_FOR_PICKUP', orders: 1, averageHours: 72.5, medianHours: 72.5 });
    expect(stay('DELIVERED')).toBeUndefined();
    expect(stay('CANCELLED')).toBeUndefined();

    const [pending] = await t.sql<{ count: number; usd: number }>(`SELECT count(*)::int AS count, coalesce(sum(credited_usd_minor), 0)::float AS usd FROM payment WHERE state = 'SUBMITTED'`);
    expect({ count: o.paymentsPending, usd: o.paymentsPendingUsdMinor }).toEqual(pending);
    expect(o.paymentsPending).toBe(2);

    const revenue = await t.sql<{ month: string; revenueUsdMinor: number; payments: number }>(
      `SELECT to_char(decided_at AT TIME ZONE 'America/Caracas', 'YYYY-MM') AS month, sum(credited_usd_minor)::float AS "revenueUsdMinor", count(*)::int AS payments
         FROM payment WHERE state = 'VALIDATED' GROUP BY 1 ORDER BY 1`,
    );
    expect(o.revenueByMonth).toEqual(revenue);
    expect(o.revenueByMonth).toEqual([
      { month: '2026-09', revenueUsdMinor: 20_050, payments: 2 },
      { month: '2026-10', revenueUsdMinor: 20_000, payments: 1 },
      { month: '2026-11', revenueUsdMinor: 5_000, payments: 1 },
    ]);

    const [quotes] = await t.sql<{ sent: number; accepted: number; percent: number }>(
      `SELECT sent, accepted, round(100.0 * accepted / sent, 1)::float AS percent
         FROM (SELECT count(*)::int AS sent, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM purchase_order o WHERE o.request_id = r.id))::int AS accepted
                 FROM purchase_request r WHERE r.quoted_at IS NOT NULL) q`,
    );
    expect({ sent: o.quotesSent, accepted: o.quotesAccepted, percent: o.quoteConversionPercent }).toEqual(quotes);
    expect(o.quoteConversionPercent).toBe(62.5);

    const nps = await t.sql<{ month: string; nps: number; answers: number }>(
      `SELECT to_char(submitted_at AT TIME ZONE 'America/Caracas', 'YYYY-MM') AS month,
              round(100.0 * (count(*) FILTER (WHERE recommend_score >= 9) - count(*) FILTER (WHERE recommend_score <= 6)) / count(*))::int AS nps,
              count(*)::int AS answers
         FROM survey WHERE submitted_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(o.npsByMonth).toEqual(nps);
    expect(o.npsByMonth).toEqual([
      { month: '2026-09', nps: 33, answers: 3 },
      { month: '2026-10', nps: -50, answers: 2 },
    ]);
  });

  it('is refused to every role but the Master', async () => {
    for (const role of ['CHINA_AGENT', 'VENEZUELA_AGENT', 'PAYMENT_VALIDATOR', 'SUPERVISOR'] as const) {
      expect(await (await t.asStaff(role)).errorCode(Overview)).toBe('FORBIDDEN');
    }
    const customer = await t.newCustomer();
    expect(await customer.errorCode(Overview)).toBe('FORBIDDEN');
  });
});
