import { useQuery } from '@apollo/client/react';
import { graphql } from '../../graphql/generated';
import { formatDateTime } from '../../i18n/format';
import type { ListOrder } from '../../graphql/generated/graphql';
import { isMessageKey, useI18n, type T } from '../../i18n/i18n';
import { DayRangeForm, dayRangeInstants } from '../../lib/day-range';
import { ListView, OrderSelect, SearchBox, UrlSelect, usePagedList, useUrlState } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';

const AuditLog = graphql(`
  query MasterAuditLog($action: String, $actorId: ID, $search: String, $order: ListOrder, $from: DateTimeISO, $to: DateTimeISO, $first: Int!, $after: String) {
    auditLog(action: $action, actorId: $actorId, search: $search, order: $order, from: $from, to: $to, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id at actorName action targetType targetId detail ip } }
    }
  }
`);
const AuditActors = graphql(`
  query MasterAuditActors { users(kind: STAFF, first: 100) { edges { node { id displayName } } } }
`);

/** The actions the filter offers: groups (a prefix ending in a dot) and single actions. */
const actionChoices = [
  'auth.', 'auth.sign_in', 'auth.sign_in_failed', 'settings.updated', 'user.', 'user.created', 'user.roles_changed', 'user.disabled', 'user.enabled',
  'payment.', 'quote.', 'alert.acknowledged', 'api_key.', 'api_key.created', 'api_key.rotated', 'api_key.revoked', 'api_key.used',
] as const;

/**
 * The access/audit log, newest first: staff sign-ins (and failed attempts) and sensitive actions. Filters in
 * the URL: who acted, which action (one, or a group such as every sign-in event), and a date range in
 * Venezuelan days (from the first day's start to the last day's end). Cursor pages; the CSV holds the rows
 * loaded so far.
 */
export function AuditPage() {
  const { t, locale } = useI18n();
  const { params, set } = useUrlState();
  const actorId = params.get('actor') || null;
  const action = params.get('action') || null;
  const fromDay = params.get('from') || null;
  const toDay = params.get('to') || null;
  const search = params.get('q')?.trim() || null;
  const order: ListOrder = params.get('order') === 'OLDEST_FIRST' ? 'OLDEST_FIRST' : 'NEWEST_FIRST';
  const log = usePagedList(AuditLog, { actorId, action, search, order, ...dayRangeInstants(fromDay, toDay) }, (d) => d.auditLog, 25);
  const actors = useQuery(AuditActors);

  const filtered = Boolean(actorId || action || fromDay || toDay || search);

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('master.audit.title')}</h1>
      <p>{t('master.audit.intro')}</p>
      <SearchBox label={t('master.audit.search')} value={search} onSearch={(q) => set({ q })} />
      <div className="filters">
        <UrlSelect
          label={t('master.audit.filter.actor')}
          value={actorId ?? ''}
          choices={[['', t('master.audit.filter.anyone')], ...(actors.data?.users.edges ?? []).map(({ node }) => [node.id, node.displayName] as const)]}
          onChange={(v) => set({ actor: v })}
        />
        <UrlSelect label={t('master.audit.filter.action')} value={action ?? ''} choices={[['', t('master.audit.filter.anyAction')], ...actionChoices.map((a) => [a, actionText(t, a)] as const)]} onChange={(v) => set({ action: v })} />
        <OrderSelect newestByDefault value={order} onChange={(v) => set({ order: v })} />
      </div>
      <DayRangeForm from={fromDay} to={toDay} onApply={(from, to) => set({ from, to })} />
      <ListView
        list={log}
        count={(count) => t('master.audit.count', { count })}
        empty={filtered ? t('master.audit.emptyFiltered') : t('master.audit.empty')}
        csv={{
          name: 'auditoria.csv',
          header: [t('master.audit.col.at'), t('master.audit.col.actor'), t('master.audit.col.action'), t('master.audit.col.target'), t('master.audit.col.detail'), t('master.audit.col.ip')],
          row: (node) => [node.at, node.actorName ?? '', node.action, node.targetType ? `${node.targetType} ${node.targetId ?? ''}`.trim() : '', JSON.stringify(node.detail), node.ip ?? ''],
        }}
      >
        {(nodes) => (
          <DataTable label={t('master.audit.title')} columns={[t('master.audit.col.at'), t('master.audit.col.actor'), t('master.audit.col.action'), t('master.audit.col.target'), t('master.audit.col.detail'), t('master.audit.col.ip')]}>
            {nodes.map((node) => (
              <tr key={node.id}>
                <td>{formatDateTime(locale, node.at)}</td>
                <td>{node.actorName ?? '—'}</td>
                <td>{actionText(t, node.action)}</td>
                <td>{node.targetType ? `${node.targetType} ${node.targetId ?? ''}` : '—'}</td>
                <td className="detail">{detailText(node.detail)}</td>
                <td>{node.ip ?? '—'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}

/** An action in plain words ("Inicio de sesión"); one the catalogue does not know shows its name. */
function actionText(t: T, action: string): string {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? t(key) : action;
}

/** The entry's detail as short "key: value" pairs (nested values as JSON). */
function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}
