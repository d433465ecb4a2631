import type { EntityManager } from '@mikro-orm/postgresql';
import { currentParameters } from '../settings/settings.service';
import type { OperationsOverview, TimeInPhase } from './reports.types';

/**
 * The operations overview (DESIGN "Reports and KPIs"), every figure aggregated by PostgreSQL over all records:
 * orders per state; hours spent per state (see `timeInPhase`); payments pending validation (count and USD
 * credit); revenue per month (USD credited by payments validated that month); quote conversion (requests sent
 * a quote → those of them with an order); NPS per month (% answers 9–10 − % answers 0–6, rounded half away from
 * zero like survey.rules). Months are calendar months of the business time zone of the parameters in force.
 */
export async function operationsOverview(em: EntityManager): Promise<OperationsOverview> {
  const tz = (await currentParameters(em)).timeZone;
  const [phases, durations, pending, revenue, conversion, nps] = await Promise.all([
    em.execute<{ state: string; count: string }[]>(`SELECT state::text AS state, count(*) AS count FROM purchase_order GROUP BY state ORDER BY state`),
    timeInPhase(em),
    em.execute<{ count: string; usd: string }[]>(`SELECT count(*) AS count, coalesce(sum(credited_usd_minor), 0) AS usd FROM payment WHERE state = 'SUBMITTED'`),
    em.execute<{ month: string; usd: string; payments: string }[]>(
      `SELECT * FROM (
         SELECT to_char(decided_at AT TIME ZONE ?, 'YYYY-MM') AS month, sum(credited_usd_minor) AS usd, count(*) AS payments
           FROM payment WHERE state = 'VALIDATED' AND decided_at IS NOT NULL GROUP BY 1 ORDER BY 1 DESC LIMIT 12
       ) m ORDER BY month`,
      [tz],
    ),
    em.execute<{ sent: string; accepted: string; percent: string | null }[]>(
      `SELECT sent, accepted, round(100.0 * accepted / nullif(sent, 0), 1) AS percent
         FROM (SELECT (SELECT count(*) FROM purchase_request WHERE quoted_at IS NOT NULL) AS sent,
                      (SELECT count(*) FROM purchase_request r
                        WHERE r.quoted_at IS NOT NULL AND EXISTS (SELECT 1 FROM purchase_order o WHERE o.request_id = r.id)) AS accepted) c`,
    ),
    em.execute<{ month: string; nps: string; answers: string }[]>(
      `SELECT * FROM (
         SELECT to_char(submitted_at AT TIME ZONE ?, 'YYYY-MM') AS month,
                round(100.0 * (count(*) FILTER (WHERE recommend_score >= 9) - count(*) FILTER (WHERE recommend_score <= 6)) / count(*)) AS nps,
                count(*) AS answers
           FROM survey WHERE submitted_at IS NOT NULL AND recommend_score IS NOT NULL GROUP BY 1 ORDER BY 1 DESC LIMIT 12
       ) m ORDER BY month`,
      [tz],
    ),
  ]);
  const quotes = conversion[0]!;
  return {
    ordersByPhase: phases.map((r) => ({ state: r.state, count: Number(r.count) })),
    timeInPhase: durations,
    paymentsPending: Number(pending[0]!.count),
    paymentsPendingUsdMinor: Number(pending[0]!.usd),
    revenueByMonth: revenue.map((r) => ({ month: r.month, revenueUsdMinor: Number(r.usd), payments: Number(r.payments) })),
    quotesSent: Number(quotes.sent),
    quotesAccepted: Number(quotes.accepted),
    quoteConversionPercent: quotes.percent === null ? null : Number(quotes.percent),
    npsByMonth: nps.map((r) => ({ month: r.month, nps: Number(r.nps), answers: Number(r.answers) })),
  };
}

/**
 * Hours orders spent in each state, from the order history (order_event, UTC timestamps): every history row
 * that leaves a state ends one stay, which began at the order's latest row entering that state. Only finished
 * stays count (an order still in a state is not measured there), every order and time, like the other
 * figures; mean and median rounded half away from zero to one decimal.
 */
async function timeInPhase(em: EntityManager): Promise<TimeInPhase[]> {
  // The entry is looked up rather than taken as the previous row: rows written in one transaction share `at`.
  const rows = await em.execute<{ state: string; orders: string; average: string; median: string }[]>(
    `SELECT stay.state, count(*) AS orders, round(avg(stay.hours), 1) AS average,
            round(percentile_cont(0.5) WITHIN GROUP (ORDER BY stay.hours)::numeric, 1) AS median
       FROM (SELECT left_row.from_state::text AS state, extract(epoch FROM left_row.at - entry.at) / 3600 AS hours
               FROM order_event left_row
               JOIN LATERAL (SELECT max(e.at) AS at FROM order_event e
                              WHERE e.order_id = left_row.order_id AND e.to_state = left_row.from_state AND e.at <= left_row.at) entry ON entry.at IS NOT NULL
              WHERE left_row.from_state IS NOT NULL) stay
      GROUP BY stay.state ORDER BY stay.state`,
  );
  return rows.map((r) => ({ state: r.state, orders: Number(r.orders), averageHours: Number(r.average), medianHours: Number(r.median) }));
}
