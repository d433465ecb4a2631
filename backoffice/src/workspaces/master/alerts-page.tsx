import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../graphql/generated';
import type { ListOrder, MasterAlertsQuery } from '../../graphql/generated/graphql';
import { formatDateTime, formatElapsed } from '../../i18n/format';
import { apiLanguage, isMessageKey, useI18n } from '../../i18n/i18n';
import { ListView, OrderSelect, SearchBox, UrlSelect, useLiveReload, usePagedList, useUrlState } from '../../lib/list';
import { refusalOf } from '../../lib/refusal';
import { DataTable } from '../../lib/table-wrap';
import { useNow } from '../china/use-now';
import { Problem } from '../../lib/problem';

const MasterAlerts = graphql(`
  query MasterAlerts($open: Boolean, $search: String, $order: ListOrder, $first: Int!, $after: String, $language: Language!) {
    alerts(open: $open, search: $search, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id kind subjectType reference message(language: $language) waitingSince createdAt acknowledgedAt } }
    }
  }
`);
const AlertRaised = graphql(`
  subscription MasterAlertRaised { alertRaised { cursor alert { id reference kind } } }
`);
const AcknowledgeAlert = graphql(`
  mutation MasterAcknowledgeAlert($id: ID!) { acknowledgeAlert(id: $id) { id acknowledgedAt } }
`);

type AlertRow = MasterAlertsQuery['alerts']['edges'][number]['node'];

/**
 * Alerts about work waiting on the team longer than the Master's alert time (requests to source or price,
 * payments to validate, paid orders waiting for the supplier payment), newest first. A new alert appears
 * live (the alertRaised subscription reloads the rows on screen and announces it); acknowledging one marks
 * it handled. Filter by open/handled in the URL; cursor pages; CSV of the rows loaded.
 */
export function AlertsPage() {
  const { t, locale } = useI18n();
  const { params, set } = useUrlState();
  const now = useNow();
  const show = params.get('show') ?? 'open';
  const open = show === 'open' ? true : show === 'handled' ? false : null;
  const search = params.get('q')?.trim() || null;
  const order: ListOrder = params.get('order') === 'OLDEST_FIRST' ? 'OLDEST_FIRST' : 'NEWEST_FIRST';
  const [latest, setLatest] = useState<string | null>(null);

  const list = usePagedList(MasterAlerts, { open, search, order, language: apiLanguage[locale] }, (d) => d.alerts);
  useLiveReload(AlertRaised, list, (data) => setLatest(data.alertRaised.alert.reference));
  const kindText = (kind: string) => {
    const key = `master.alerts.kind.${kind}`;
    return isMessageKey(key) ? t(key) : kind;
  };

  return (
    <section aria-labelledby="alerts-title">
      <h1 id="alerts-title">{t('master.alerts.title')}</h1>
      <p>{t('master.alerts.intro')}</p>
      <p className="notice" role="status" aria-live="polite">
        {latest ? t('master.alerts.new', { reference: latest }) : t('master.alerts.listening')}
      </p>
      <SearchBox label={t('master.alerts.search')} value={search} onSearch={(q) => set({ q })} />
      <div className="filters">
        <UrlSelect
          label={t('master.alerts.filter.show')}
          value={show}
          choices={[
            ['open', t('master.alerts.filter.open')],
            ['handled', t('master.alerts.filter.handled')],
            ['all', t('master.alerts.filter.all')],
          ]}
          onChange={(v) => set({ show: v })}
        />
        <OrderSelect newestByDefault value={order} onChange={(v) => set({ order: v })} />
      </div>
      <ListView
        list={list}
        live
        count={(count) => t('master.alerts.count', { count })}
        empty={search ? t('list.emptyFiltered') : open ? t('master.alerts.emptyOpen') : t('master.alerts.empty')}
        csv={{
          name: 'alertas.csv',
          header: [t('master.alerts.col.raised'), t('master.alerts.col.kind'), t('master.alerts.col.reference'), t('master.alerts.col.message'), t('master.alerts.col.waitingSince'), t('master.alerts.col.handled')],
          row: (node) => [node.createdAt, kindText(node.kind), node.reference, node.message, node.waitingSince, node.acknowledgedAt ?? ''],
        }}
      >
        {(nodes) => (
          <DataTable label={t('master.alerts.title')} columns={[t('master.alerts.col.reference'), t('master.alerts.col.kind'), t('master.alerts.col.message'), t('master.alerts.col.waiting'), t('master.alerts.col.handled')]}>
            {nodes.map((node) => (
              <AlertItem key={node.id} alert={node} now={now} kind={kindText(node.kind)} />
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}

function AlertItem({ alert, now, kind }: { alert: AlertRow; now: number; kind: string }) {
  const { t, locale } = useI18n();
  const [acknowledge, acknowledging] = useMutation(AcknowledgeAlert);
  const [problem, setProblem] = useState<string | null>(null);
  const handle = async () => {
    setProblem(null);
    try {
      await acknowledge({ variables: { id: alert.id } });
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code !== 'UNAUTHENTICATED') setProblem(refusal.message);
    }
  };
  return (
    <tr>
      <th scope="row">{alert.reference}</th>
      <td>{kind}</td>
      <td>{alert.message}</td>
      <td>
        <strong>{formatElapsed(locale, now - Date.parse(alert.waitingSince))}</strong>{' '}
        <span className="since">{t('waiting.since', { date: formatDateTime(locale, alert.waitingSince) })}</span>
      </td>
      <td>
        {alert.acknowledgedAt ? (
          formatDateTime(locale, alert.acknowledgedAt)
        ) : (
          <button type="button" onClick={() => void handle()} disabled={acknowledging.loading} aria-label={t('master.alerts.acknowledgeOf', { reference: alert.reference })}>
            {t('master.alerts.acknowledge')}
          </button>
        )}
        <Problem text={problem} />
      </td>
    </tr>
  );
}
