import { NetworkStatus } from '@apollo/client';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { MasterAlertsQuery } from '../../graphql/generated/graphql';
import { formatDateTime, formatElapsed } from '../../i18n/format';
import { apiLanguage, isMessageKey, useI18n } from '../../i18n/i18n';
import { downloadCsv, toCsv } from '../../lib/csv';
import { refusalOf } from '../../lib/refusal';
import { useNow } from '../china/use-now';
import { TableWrap } from '../../lib/table-wrap';

const PAGE_SIZE = 20;
/** The API's largest page: a live refresh reloads at most this many already-loaded rows. */
const MAX_PAGE = 100;

const MasterAlerts = graphql(`
  query MasterAlerts($open: Boolean, $first: Int!, $after: String, $language: Language!) {
    alerts(open: $open, first: $first, after: $after) {
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
  const [params, setParams] = useSearchParams();
  const ids = useId();
  const now = useNow();
  const show = params.get('show') ?? 'open';
  const open = show === 'open' ? true : show === 'handled' ? false : null;
  const [latest, setLatest] = useState<string | null>(null);

  const alerts = useQuery(MasterAlerts, { variables: { open, first: PAGE_SIZE, language: apiLanguage[locale] }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const connection = alerts.data?.alerts;
  const loaded = connection?.edges.length ?? 0;
  useSubscription(AlertRaised, {
    onData: ({ data }) => {
      const alert = data.data?.alertRaised.alert;
      if (alert) setLatest(alert.reference);
      void alerts.refetch({ first: Math.min(MAX_PAGE, Math.max(PAGE_SIZE, loaded + 1)), after: null });
    },
  });

  const loadMore = () =>
    void alerts.fetchMore({
      variables: { after: connection?.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => ({
        alerts: { ...fetchMoreResult.alerts, edges: [...(previous.alerts?.edges ?? []), ...fetchMoreResult.alerts.edges] },
      }),
    });
  const exportCsv = () => {
    if (!connection) return;
    const header = [t('master.alerts.col.raised'), t('master.alerts.col.kind'), t('master.alerts.col.reference'), t('master.alerts.col.message'), t('master.alerts.col.waitingSince'), t('master.alerts.col.handled')];
    const rows = connection.edges.map(({ node }) => [node.createdAt, kindText(node.kind), node.reference, node.message, node.waitingSince, node.acknowledgedAt ?? '']);
    downloadCsv('alertas.csv', toCsv(header, rows));
  };
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
      <div className="filters">
        <div className="field">
          <label htmlFor={`${ids}-show`}>{t('master.alerts.filter.show')}</label>
          <select id={`${ids}-show`} value={show} onChange={(e) => setParams(e.target.value === 'open' ? new URLSearchParams() : new URLSearchParams({ show: e.target.value }))}>
            <option value="open">{t('master.alerts.filter.open')}</option>
            <option value="handled">{t('master.alerts.filter.handled')}</option>
            <option value="all">{t('master.alerts.filter.all')}</option>
          </select>
        </div>
      </div>
      {alerts.error && !connection ? (
        <div className="problem" role="alert">
          <p>
            {t('master.alerts.error')} {refusalOf(alerts.error, t, locale).message}
          </p>
          <button type="button" onClick={() => void alerts.refetch()}>
            {t('china.queue.retry')}
          </button>
        </div>
      ) : !connection ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <div className="list-head">
            <p className="count">
              {t('master.alerts.count', { count: connection.totalCount })} · <span className="live">{t('china.queue.live')}</span>
            </p>
            <button type="button" onClick={exportCsv} disabled={connection.edges.length === 0}>
              {t('list.exportCsv', { count: connection.edges.length })}
            </button>
          </div>
          {connection.edges.length === 0 ? (
            <p className="empty">{open ? t('master.alerts.emptyOpen') : t('master.alerts.empty')}</p>
          ) : (
            <TableWrap label={t('master.alerts.title')}>
              <table className="list">
                <caption className="visually-hidden">{t('master.alerts.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('master.alerts.col.reference')}</th>
                    <th scope="col">{t('master.alerts.col.kind')}</th>
                    <th scope="col">{t('master.alerts.col.message')}</th>
                    <th scope="col">{t('master.alerts.col.waiting')}</th>
                    <th scope="col">{t('master.alerts.col.handled')}</th>
                  </tr>
                </thead>
                <tbody>
                  {connection.edges.map(({ node }) => (
                    <AlertItem key={node.id} alert={node} now={now} kind={kindText(node.kind)} />
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {connection.pageInfo.hasNextPage ? (
            <button type="button" disabled={alerts.networkStatus === NetworkStatus.fetchMore} onClick={loadMore}>
              {t('china.queue.loadMore')}
            </button>
          ) : null}
        </>
      )}
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
        {problem ? (
          <p className="problem" role="alert">
            {problem}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
