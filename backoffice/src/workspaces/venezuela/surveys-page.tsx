import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useId } from 'react';
import { graphql } from '../../graphql/generated';
import type { NpsCategory, VenezuelaSurveySummaryQuery, VenezuelaSurveysQuery } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { intlLocale, useI18n, type Locale } from '../../i18n/i18n';
import { downloadCsv, toCsv } from '../../lib/csv';
import { LoadProblem } from '../../lib/list-controls';
import { TableWrap } from '../../lib/table-wrap';
import { LoadMore } from '../logistics/load-more';

const PAGE_SIZE = 20;

const Summary = graphql(`
  query VenezuelaSurveySummary {
    surveySummary {
      invited submitted promoters passives detractors netPromoterScore
      averages { general responseTime quality price attention recommend }
    }
  }
`);
const Surveys = graphql(`
  query VenezuelaSurveys($first: Int!, $after: String) {
    surveys(submitted: true, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id submittedAt generalScore responseTimeScore qualityScore priceScore attentionScore recommendScore npsCategory comments
          order { id number }
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
 * Survey results (Venezuela agents, supervisors and the Master — survey:read:any): the Net Promoter Score over
 * every answered survey (promoters 9–10, passives 7–8, detractors 0–6; NPS = % promoters − % detractors, as
 * the API computes it), the average per dimension, and the answered surveys, newest invitation first, with
 * cursor "load more" and a CSV of the rows loaded. Not live: the API publishes no event when a customer
 * answers, so "Actualizar" reloads the figures and the list.
 */
export function SurveysPage() {
  const { t, locale } = useI18n();
  const ids = useId();
  const summary = useQuery(Summary, { fetchPolicy: 'cache-and-network' });
  const list = useQuery(Surveys, { variables: { first: PAGE_SIZE }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const connection = list.data?.surveys;
  const s = summary.data?.surveySummary;

  const refresh = () => {
    void summary.refetch();
    void list.refetch({ first: Math.min(100, Math.max(PAGE_SIZE, connection?.edges.length ?? 0)), after: null });
  };
  const exportCsv = () => {
    if (!connection) return;
    const header = [
      t('surveys.col.order'), t('surveys.col.customer'), t('surveys.col.customerCode'),
      ...dimensions.map((d) => t(`surveys.dim.${d}`)), t('surveys.col.category'), t('surveys.col.comment'), t('surveys.col.answered'),
    ];
    downloadCsv('encuestas.csv', toCsv(header, connection.edges.map(({ node }) => [
      node.order.number, node.customer?.fullName ?? null, node.customer?.code ?? null,
      ...dimensions.map((d) => scoreOf[d](node) ?? null),
      node.npsCategory ? t(`surveys.category.${node.npsCategory}`) : null, node.comments ?? null, node.submittedAt ?? null,
    ])));
  };

  return (
    <section aria-labelledby="surveys-title">
      <h1 id="surveys-title">{t('surveys.title')}</h1>
      <p>
        {t('surveys.intro')}{' '}
        <button type="button" onClick={refresh}>{t('surveys.refresh')}</button>
      </p>

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
        {list.error && !connection ? (
          <LoadProblem error={list.error} retry={() => void list.refetch()} />
        ) : !connection ? (
          <p role="status">{t('app.loading')}</p>
        ) : (
          <>
            <div className="list-head">
              <p className="count" role="status">
                {t('surveys.count', { count: connection.totalCount, loaded: connection.edges.length })}
              </p>
              <button type="button" onClick={exportCsv} disabled={connection.edges.length === 0}>
                {t('list.exportCsv', { count: connection.edges.length })}
              </button>
            </div>
            {connection.edges.length === 0 ? (
              <p className="empty">{t('surveys.empty')}</p>
            ) : (
              <TableWrap label={t('surveys.answersTitle')}>
                <table className="list surveys">
                  <caption className="visually-hidden">{t('surveys.answersTitle')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('surveys.col.order')}</th>
                      <th scope="col">{t('surveys.col.customer')}</th>
                      {dimensions.map((d) => (
                        <th key={d} scope="col" className="num">{t(`surveys.dim.${d}`)}</th>
                      ))}
                      <th scope="col">{t('surveys.col.comment')}</th>
                      <th scope="col">{t('surveys.col.answered')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {connection.edges.map(({ node }) => (
                      <tr key={node.id}>
                        <th scope="row">{node.order.number}</th>
                        <td>{node.customer ? `${node.customer.fullName} · ${node.customer.code}` : '—'}</td>
                        {dimensions.map((d) => (
                          <td key={d} className="num">
                            {scoreOf[d](node) ?? '—'}
                            {d === 'recommend' && node.npsCategory ? (
                              <> <CategoryBadge category={node.npsCategory} /></>
                            ) : null}
                          </td>
                        ))}
                        <td className="comment">{node.comments || '—'}</td>
                        <td>{node.submittedAt ? formatDateTime(locale, node.submittedAt) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            )}
            <LoadMore
              hasNextPage={connection.pageInfo.hasNextPage}
              loading={list.networkStatus === NetworkStatus.fetchMore}
              onMore={() =>
                void list.fetchMore({
                  variables: { after: connection.pageInfo.endCursor },
                  updateQuery: (prev, { fetchMoreResult }) => ({ surveys: { ...fetchMoreResult.surveys, edges: [...(prev.surveys?.edges ?? []), ...fetchMoreResult.surveys.edges] } }),
                })
              }
            />
          </>
        )}
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
