import { useQuery } from '@apollo/client/react';
import { useId } from 'react';
import { graphql } from '../../graphql/generated';
import type { ListOrder, NpsCategory, VenezuelaSurveySummaryQuery, VenezuelaSurveysQuery } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { intlLocale, useI18n, type Locale } from '../../i18n/i18n';
import { DayRangeForm, dayRangeInstants } from '../../lib/day-range';
import { ListView, OrderSelect, SearchBox, usePagedList, useUrlState } from '../../lib/list';
import { LoadProblem } from '../../lib/problem';
import { DataTable } from '../../lib/table-wrap';

const Summary = graphql(`
  query VenezuelaSurveySummary($from: DateTimeISO, $to: DateTimeISO) {
    surveySummary(from: $from, to: $to) {
      invited submitted promoters passives detractors netPromoterScore
      averages { general responseTime quality price attention recommend }
    }
  }
`);
const Surveys = graphql(`
  query VenezuelaSurveys($search: String, $order: ListOrder, $from: DateTimeISO, $to: DateTimeISO, $first: Int!, $after: String) {
    surveys(submitted: true, search: $search, order: $order, from: $from, to: $to, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id submittedAt generalScore responseTimeScore qualityScore priceScore attentionScore recommendScore npsCategory comments
          order { id number }
          ticket { id number }
          customer { id fullName code }
        }
      }
    }
  }
`);

type SummaryData = VenezuelaSurveySummaryQuery['surveySummary'];
type SurveyRow = NonNullable<VenezuelaSurveysQuery['surveys']>['edges'][number]['node'];

/** The dimensions scored 1–10, in the survey's order; `recommend` (0–10) is the NPS question. */
const dimensions = ['general', 'responseTime', 'quality', 'price', 'attention', 'recommend'] as const;
type Dimension = (typeof dimensions)[number];
const scoreOf: Record<Dimension, (s: SurveyRow) => number | null | undefined> = {
  general: (s) => s.generalScore,
  responseTime: (s) => s.responseTimeScore,
  quality: (s) => s.qualityScore,
  price: (s) => s.priceScore,
  attention: (s) => s.attentionScore,
  recommend: (s) => s.recommendScore,
};

/**
 * Survey results (Venezuela agents, supervisors and the Master — survey:read:any): the Net Promoter Score
 * (promoters 9–10, passives 7–8, detractors 0–6; NPS = % promoters − % detractors, as the API computes it)
 * and the average per dimension over the surveys answered in the chosen period (Venezuelan days; all time by
 * default), and those surveys, newest invitation first unless sorted otherwise, searchable by order number or
 * customer, with cursor "load more" and a CSV of the rows loaded. Not live: the API publishes no event when a
 * customer answers, so "Actualizar" reloads the figures and the list.
 */
export function SurveysPage() {
  const { t, locale } = useI18n();
  const ids = useId();
  const { params, set } = useUrlState();
  const search = params.get('q')?.trim() || null;
  const order: ListOrder = params.get('order') === 'OLDEST_FIRST' ? 'OLDEST_FIRST' : 'NEWEST_FIRST';
  const fromDay = params.get('from') || null;
  const toDay = params.get('to') || null;
  const period = dayRangeInstants(fromDay, toDay);
  const summary = useQuery(Summary, { variables: period, fetchPolicy: 'cache-and-network' });
  const list = usePagedList(Surveys, { search, order, ...period }, (d) => d.surveys);
  const s = summary.data?.surveySummary;

  return (
    <section aria-labelledby="surveys-title">
      <h1 id="surveys-title">{t('surveys.title')}</h1>
      <p>
        {t('surveys.intro')}{' '}
        <button type="button" onClick={() => (void summary.refetch(), list.reload())}>
          {t('surveys.refresh')}
        </button>
      </p>
      <DayRangeForm from={fromDay} to={toDay} onApply={(from, to) => set({ from, to })} />

      <section aria-labelledby={`${ids}-nps`}>
        <h2 id={`${ids}-nps`}>{t('surveys.npsTitle')}</h2>
        {summary.error && !s ? (
          <LoadProblem error={summary.error} retry={() => void summary.refetch()} />
        ) : !s ? (
          <p role="status">{t('app.loading')}</p>
        ) : s.submitted === 0 ? (
          <p className="empty">{t('surveys.noAnswers', { invited: s.invited })}</p>
        ) : (
          <NpsFigures summary={s} locale={locale} />
        )}
      </section>

      <section aria-labelledby={`${ids}-answers`}>
        <h2 id={`${ids}-answers`}>{t('surveys.answersTitle')}</h2>
        <div className="list-tools">
          <SearchBox label={t('surveys.search')} value={search} onSearch={(q) => set({ q })} />
          <OrderSelect newestByDefault value={order} onChange={(v) => set({ order: v })} />
        </div>
        <ListView
          list={list}
          count={(count, loaded) => t('surveys.count', { count, loaded })}
          empty={t('surveys.empty')}
          csv={{
            name: 'encuestas.csv',
            header: [
              t('surveys.col.order'), t('surveys.col.customer'), t('surveys.col.customerCode'),
              ...dimensions.map((d) => t(`surveys.dim.${d}`)), t('surveys.col.category'), t('surveys.col.comment'), t('surveys.col.answered'),
            ],
            row: (node) => [
              node.order?.number ?? node.ticket?.number ?? null, node.customer?.fullName ?? null, node.customer?.code ?? null,
              ...dimensions.map((d) => scoreOf[d](node) ?? null),
              node.npsCategory ? t(`surveys.category.${node.npsCategory}`) : null, node.comments ?? null, node.submittedAt ?? null,
            ],
          }}
        >
          {(nodes) => (
            <DataTable
              label={t('surveys.answersTitle')}
              columns={[t('surveys.col.order'), t('surveys.col.customer'), ...dimensions.map((d) => ({ text: t(`surveys.dim.${d}`), num: true as const })), t('surveys.col.comment'), t('surveys.col.answered')]}
            >
              {nodes.map((node) => (
                <tr key={node.id}>
                  <th scope="row">{node.order?.number ?? node.ticket?.number}</th>
                  <td>{node.customer ? `${node.customer.fullName} · ${node.customer.code}` : '—'}</td>
                  {dimensions.map((d) => (
                    <td key={d} className="num">
                      {scoreOf[d](node) ?? '—'}
                      {d === 'recommend' && node.npsCategory ? (
                        <>
                          {' '}
                          <CategoryBadge category={node.npsCategory} />
                        </>
                      ) : null}
                    </td>
                  ))}
                  <td className="comment">{node.comments || '—'}</td>
                  <td>{node.submittedAt ? formatDateTime(locale, node.submittedAt) : '—'}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </ListView>
      </section>
    </section>
  );
}

/** The NPS headline: the score, each category's count and share, the formula with the figures, and the averages. */
function NpsFigures({ summary: s, locale }: { summary: SummaryData; locale: Locale }) {
  const { t } = useI18n();
  const percent = (count: number) => new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 1 }).format((count * 100) / s.submitted);
  const average = (value: number | null | undefined) => (value == null ? '—' : new Intl.NumberFormat(intlLocale[locale], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value));
  const nps = s.netPromoterScore ?? 0;
  const signed = new Intl.NumberFormat(intlLocale[locale], { signDisplay: 'exceptZero' }).format(nps);
  const categories: [NpsCategory, number][] = [['PROMOTER', s.promoters], ['PASSIVE', s.passives], ['DETRACTOR', s.detractors]];
  return (
    <>
      <dl className="kpis nps">
        <div className="nps-score">
          <dt>{t('surveys.nps')}</dt>
          <dd><strong>{signed}</strong></dd>
        </div>
        {categories.map(([category, count]) => (
          <div key={category} className={`nps-${category}`}>
            <dt>{t(`surveys.categoryRange.${category}`)}</dt>
            <dd>{t('surveys.share', { count, percent: percent(count) })}</dd>
          </div>
        ))}
        <div>
          <dt>{t('surveys.answered')}</dt>
          <dd>{t('surveys.answeredValue', { submitted: s.submitted, invited: s.invited })}</dd>
        </div>
      </dl>
      <p className="hint nps-formula">
        {t('surveys.formula', { promoters: percent(s.promoters), detractors: percent(s.detractors), nps: signed })}
      </p>
      <h3>{t('surveys.averagesTitle')}</h3>
      <dl className="kpis averages">
        {dimensions.map((d) => (
          <div key={d}>
            <dt>{t(`surveys.dim.${d}`)}</dt>
            <dd>{t(d === 'recommend' ? 'surveys.outOfTen0' : 'surveys.outOfTen', { value: average(s.averages[d]) })}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** Promoter / passive / detractor, as a small badge beside the recommendation score. */
function CategoryBadge({ category }: { category: NpsCategory }) {
  const { t } = useI18n();
  return <span className={`badge nps-${category}`}>{t(`surveys.category.${category}`)}</span>;
}
