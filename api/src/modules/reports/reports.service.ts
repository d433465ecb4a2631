import type { EntityManager } from '@mikro-orm/postgresql';
import { currentParameters } from '../settings/settings.service';
import type { OperationsOverview } from './reports.types';

/**
 * The operations overview (DESIGN "Reports and KPIs"), every figure aggregated by PostgreSQL over all records:
 * orders per state; payments pending validation (count and USD credit); revenue per month (USD credited by
 * payments validated that month); quote conversion (requests sent a quote → those of them with an order); NPS per month
 * (% answers 9–10 − % answers 0–6, rounded half away from zero like survey.rules). Months are calendar months
 * of the business time zone of the parameters in force.
 */
export async function operationsOverview(em: EntityManager): Promise<OperationsOverview> {
  const tz = (await currentParameters(em)).timeZone;
  const [phases, pending, revenue, conversion, nps] = await Promise.all([
    em.execute<{ state: string; count: string }[]>(`SELECT state::text AS state, count(*) AS count FROM purchase_order GROUP BY state ORDER BY state`),
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
    paymentsPending: Number(pending[0]!.count),
    paymentsPendingUsdMinor: Number(pending[0]!.usd),
    revenueByMonth: revenue.map((r) => ({ month: r.month, revenueUsdMinor: Number(r.usd), payments: Number(r.payments) })),
    quotesSent: Number(quotes.sent),
    quotesAccepted: Number(quotes.accepted),
    quoteConversionPercent: quotes.percent === null ? null : Number(quotes.percent),
    npsByMonth: nps.map((r) => ({ month: r.month, nps: Number(r.nps), answers: Number(r.answers) })),
  };
}
