import { useQuery } from '@apollo/client/react';
import type { ReactElement } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { graphql } from '../../graphql/generated';
import { isMessageKey, intlLocale, useI18n } from '../../i18n/i18n';
import { LoadProblem } from '../../lib/problem';
import { TableWrap } from '../../lib/table-wrap';
import { formatMinor } from '../payments/money';

const Overview = graphql(`
  query MasterOverview {
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

/** The order of the phases on the chart: an order's way from payment to delivery. */
const phaseOrder = [
  'PENDING_PAYMENT', 'PARTIALLY_PAID', 'PAID', 'PURCHASED', 'AT_CHINA_WAREHOUSE', 'DEPARTED_CHINA', 'IN_CUSTOMS', 'AT_LOCAL_WAREHOUSE', 'OUT_FOR_DELIVERY',
  'READY_FOR_PICKUP', 'DELIVERED', 'CANCELLED',
];
const BRAND = '#0b5c58';
/** The second series of a chart (the median beside the mean): a light tint of the brand colour. */
const BRAND_LIGHT = '#6fa9a4';

/**
 * The Master's operations overview (DESIGN "Reports and KPIs"): payments waiting for validation, quote
 * conversion, and charts of orders per phase, hours spent per phase, revenue per month and the NPS trend — every figure from the
 * API's `operationsOverview`, aggregated by the database. Each chart has the same figures as a table beside
 * it (charts are pictures; the tables are what screen readers and the CSV-minded read).
 */
export function OverviewPage() {
  const { t, locale } = useI18n();
  const query = useQuery(Overview, { fetchPolicy: 'cache-and-network' });
  const o = query.data?.operationsOverview;
  const monthName = (month: string) => new Intl.DateTimeFormat(intlLocale[locale], { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
  const phaseName = (state: string) => {
    const key = `orderState.${state}`;
    return isMessageKey(key) ? t(key) : state;
  };

  if (query.error && !o) {
    return (
      <section aria-labelledby="overview-title">
        <h1 id="overview-title">{t('master.overview.title')}</h1>
        <LoadProblem lead={t('master.overview.error')} error={query.error} retry={() => void query.refetch()} />
      </section>
    );
  }
  if (!o) return <p role="status">{t('app.loading')}</p>;

  const byPhase = (a: { state: string }, b: { state: string }) => phaseOrder.indexOf(a.state) - phaseOrder.indexOf(b.state);
  const phases = [...o.ordersByPhase].sort(byPhase).map((p) => ({ ...p, name: phaseName(p.state) }));
  const durations = [...o.timeInPhase].sort(byPhase).map((d) => ({ ...d, name: phaseName(d.state) }));
  const hours = (value: number) => new Intl.NumberFormat(intlLocale[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  const revenue = o.revenueByMonth.map((r) => ({ ...r, name: monthName(r.month), dollars: r.revenueUsdMinor / 100 }));
  const nps = o.npsByMonth.map((n) => ({ ...n, name: monthName(n.month) }));

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">{t('master.overview.title')}</h1>
      <p>{t('master.overview.intro')}</p>
      <dl className="kpis">
        <div>
          <dt>{t('master.overview.paymentsPending')}</dt>
          <dd>
            <strong>{o.paymentsPending}</strong> · {formatMinor(locale, o.paymentsPendingUsdMinor, 'USD')}
          </dd>
        </div>
        <div>
          <dt>{t('master.overview.conversion')}</dt>
          <dd>
            <strong>{o.quoteConversionPercent == null ? '—' : `${new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 1 }).format(o.quoteConversionPercent)} %`}</strong>{' '}
            {t('master.overview.conversionDetail', { accepted: o.quotesAccepted, sent: o.quotesSent })}
          </dd>
        </div>
      </dl>

      <Chart title={t('master.overview.phases')} empty={phases.length === 0}>
        <BarChart data={phases} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" interval={0} angle={-30} textAnchor="end" height={80} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="count" name={t('master.overview.orders')} fill={BRAND} />
        </BarChart>
      </Chart>
      <FiguresTable caption={t('master.overview.phases')} head={[t('master.overview.phase'), t('master.overview.orders')]} rows={phases.map((p) => [p.name, String(p.count)])} />

      <Chart title={t('master.overview.timeInPhase')} empty={durations.length === 0} height={Math.max(160, 48 * durations.length + 60)}>
        <BarChart data={durations} layout="vertical" accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" />
          <YAxis type="category" dataKey="name" width={170} interval={0} />
          <Tooltip />
          {/* Legend text in the text colour: the light bar colour alone would be too faint to read. */}
          <Legend formatter={(value: string) => <span style={{ color: 'var(--color-text)' }}>{value}</span>} />
          <Bar dataKey="averageHours" name={t('master.overview.averageHours')} fill={BRAND} />
          <Bar dataKey="medianHours" name={t('master.overview.medianHours')} fill={BRAND_LIGHT} />
        </BarChart>
      </Chart>
      <p className="hint">{t('master.overview.timeInPhaseHint')}</p>
      <FiguresTable
        caption={t('master.overview.timeInPhase')}
        head={[t('master.overview.phase'), t('master.overview.averageHours'), t('master.overview.medianHours'), t('master.overview.ordersLeft')]}
        rows={durations.map((d) => [d.name, hours(d.averageHours), hours(d.medianHours), String(d.orders)])}
      />

      <Chart title={t('master.overview.revenue')} empty={revenue.length === 0}>
        <BarChart data={revenue} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis />
          <Tooltip />
          <Bar dataKey="dollars" name={t('master.overview.revenueUsd')} fill={BRAND} />
        </BarChart>
      </Chart>
      <FiguresTable
        caption={t('master.overview.revenue')}
        head={[t('master.overview.month'), t('master.overview.revenueUsd'), t('master.overview.payments')]}
        rows={revenue.map((r) => [r.name, formatMinor(locale, r.revenueUsdMinor, 'USD'), String(r.payments)])}
      />

      <Chart title={t('master.overview.nps')} empty={nps.length === 0}>
        <LineChart data={nps} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" />
          <YAxis domain={[-100, 100]} />
          <ReferenceLine y={0} stroke="#4f5864" />
          <Tooltip />
          <Line dataKey="nps" name="NPS" stroke={BRAND} strokeWidth={2} />
        </LineChart>
      </Chart>
      <FiguresTable caption={t('master.overview.nps')} head={[t('master.overview.month'), 'NPS', t('master.overview.answers')]} rows={nps.map((n) => [n.name, String(n.nps), String(n.answers)])} />
    </section>
  );
}

/** A chart under its heading; the picture is hidden from screen readers, which read the table after it. */
function Chart({ title, empty, height = 260, children }: { title: string; empty: boolean; height?: number; children: ReactElement }) {
  const { t } = useI18n();
  return (
    <>
      <h2>{title}</h2>
      {empty ? (
        <p className="empty">{t('master.overview.noData')}</p>
      ) : (
        <div className="chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height={height}>
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </>
  );
}

function FiguresTable({ caption, head, rows }: { caption: string; head: string[]; rows: string[][] }) {
  if (rows.length === 0) return null;
  return (
    <TableWrap label={caption}>
      <table className="list">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={i > 0 ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r[0]}>
              <th scope="row">{r[0]}</th>
              {r.slice(1).map((cell, i) => (
                <td key={i} className="num">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
