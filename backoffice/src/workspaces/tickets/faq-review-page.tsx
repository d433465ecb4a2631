import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../graphql/generated';
import type { FaqState } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { BackLink } from '../../lib/detail';
import { ListView, SearchBox, UrlSelect, usePagedList, useUrlState } from '../../lib/list';
import { Problem } from '../../lib/problem';
import { refusalOf } from '../../lib/refusal';
import { DataTable } from '../../lib/table-wrap';
import { useSession } from '../../session/session';

const FaqEntries = graphql(`
  query StaffFaqEntries($state: FaqState, $search: String, $first: Int!, $after: String) {
    faqEntries(state: $state, search: $search, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id question answer category state createdAt publishedAt } }
    }
  }
`);
const ReviewFaq = graphql(`mutation StaffReviewFaq($input: ReviewFaqEntryInput!) { reviewFaqEntry(input: $input) { id state publishedAt } }`);

/** FAQ entries proposed from solved tickets: supervisors and the Master (faq:publish) publish or reject them; the rest read. */
export function FaqReviewPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const { params, set } = useUrlState();
  const stateParam = params.get('state') ?? 'PROPOSED';
  const state = stateParam === 'ALL' ? null : (stateParam as FaqState);
  const search = params.get('q')?.trim() || null;
  const list = usePagedList(FaqEntries, { state, search }, (d) => d.faqEntries);
  const [review, reviewing] = useMutation(ReviewFaq);
  const [problem, setProblem] = useState<string | null>(null);
  const decide = async (id: string, decision: FaqState) => {
    setProblem(null);
    try {
      await review({ variables: { input: { id, decision } } });
      list.reload();
    } catch (error) {
      setProblem(refusalOf(error, t, locale).message);
    }
  };
  const publish = session.can('faq:publish');
  return (
    <section aria-labelledby="faq-review-title">
      <BackLink label={t('tickets.back')} />
      <h1 id="faq-review-title">{t('tickets.faq.title')}</h1>
      <SearchBox label={t('tickets.faq.search')} value={search} onSearch={(q) => set({ q })} />
      <div className="filters">
        <UrlSelect
          label={t('tickets.filter.state')}
          value={stateParam}
          choices={[['PROPOSED', t('faqState.PROPOSED')], ['PUBLISHED', t('faqState.PUBLISHED')], ['REJECTED', t('faqState.REJECTED')], ['ALL', t('tickets.filter.all')]]}
          onChange={(v) => set({ state: v === 'PROPOSED' ? null : v })}
        />
      </div>
      <Problem text={problem} />
      <ListView
        list={list}
        count={(count) => t('tickets.faq.count', { count })}
        empty={t('tickets.faq.empty')}
        csv={{
          name: 'faq.csv',
          header: [t('tickets.faq.question'), t('tickets.faq.answer'), t('tickets.col.category'), t('tickets.col.state'), t('tickets.col.created')],
          row: (n) => [n.question, n.answer, t(`ticketCategory.${n.category}`), t(`faqState.${n.state}`), n.createdAt],
        }}
      >
        {(nodes) => (
          <DataTable label={t('tickets.faq.title')} columns={[t('tickets.faq.question'), t('tickets.faq.answer'), t('tickets.col.category'), t('tickets.col.state'), t('tickets.col.created'), publish ? t('tickets.faq.actions') : null]}>
            {nodes.map((n) => (
              <tr key={n.id}>
                <th scope="row">{n.question}</th>
                <td>{n.answer}</td>
                <td>{t(`ticketCategory.${n.category}`)}</td>
                <td>{t(`faqState.${n.state}`)}</td>
                <td>{formatDateTime(locale, n.createdAt)}</td>
                {publish ? (
                  <td>
                    {n.state !== 'PUBLISHED' ? (
                      <button type="button" disabled={reviewing.loading} onClick={() => void decide(n.id, 'PUBLISHED')}>
                        {t('tickets.faq.publish')}
                      </button>
                    ) : null}{' '}
                    {n.state !== 'REJECTED' ? (
                      <button type="button" disabled={reviewing.loading} onClick={() => void decide(n.id, 'REJECTED')}>
                        {t('tickets.faq.reject')}
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}
