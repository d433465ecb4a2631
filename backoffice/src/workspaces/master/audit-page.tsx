import { useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../../graphql/generated';
import { formatDateTime } from '../../i18n/format';
import { isMessageKey, timeZone, useI18n, type T } from '../../i18n/i18n';
import { ListView, UrlSelect, usePagedList, useUrlState } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';

const AuditLog = graphql(`
  query MasterAuditLog($action: String, $actorId: ID, $from: DateTimeISO, $to: DateTimeISO, $first: Int!, $after: String) {
    auditLog(action: $action, actorId: $actorId, from: $from, to: $to, first: $first, after: $after) {
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
  'payment.', 'quote.', 'alert.acknowledged',
] as const;

/**
 * The access/audit log, newest first: staff sign-ins (and failed attempts) and sensitive actions. Filters in
 * the URL: who acted, which action (one, or a group such as every sign-in event), and a date range in
 * Venezuelan days (from the first day's start to the last day's end). Cursor pages; the CSV holds the rows
 * loaded so far.
 */
export function AuditPage() {
  const { t, locale } = useI18n();
  const { params, set, clear } = useUrlState();
  const ids = useId();
  const actorId = params.get('actor') || null;
  const action = params.get('action') || null;
  const fromDay = params.get('from') || '';
  const toDay = params.get('to') || '';
  const [range, setRange] = useState({ from: fromDay, to: toDay });
  const [rangeError, setRangeError] = useState<string | null>(null);

  const log = usePagedList(AuditLog, { actorId, action, from: fromDay ? dayStart(fromDay) : null, to: toDay ? dayStart(nextDay(toDay)) : null }, (d) => d.auditLog, 25);
  const actors = useQuery(AuditActors);

  const applyRange = (event: FormEvent) => {
    event.preventDefault();
    if (range.from && range.to && range.from > range.to) return setRangeError(t('master.audit.rangeInvalid'));
    setRangeError(null);
    set({ from: range.from || null, to: range.to || null });
  };
  const filtered = Boolean(actorId || action || fromDay || toDay);

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('master.audit.title')}</h1>
      <p>{t('master.audit.intro')}</p>
      <div className="filters">
        <UrlSelect
          label={t('master.audit.filter.actor')}
          value={actorId ?? ''}
          choices={[['', t('master.audit.filter.anyone')], ...(actors.data?.users.edges ?? []).map(({ node }) => [node.id, node.displayName] as const)]}
          onChange={(v) => set({ actor: v })}
        />
        <UrlSelect label={t('master.audit.filter.action')} value={action ?? ''} choices={[['', t('master.audit.filter.anyAction')], ...actionChoices.map((a) => [a, actionText(t, a)] as const)]} onChange={(v) => set({ action: v })} />
      </div>
      <form className="filters" onSubmit={applyRange} aria-label={t('master.audit.range')} noValidate>
        <div className="field">
          <label htmlFor={`${ids}-from`}>{t('master.audit.filter.from')}</label>
          <input id={`${ids}-from`} type="date" value={range.from} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} aria-describedby={rangeError ? `${ids}-range-error` : undefined} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>{t('master.audit.filter.to')}</label>
          <input id={`${ids}-to`} type="date" value={range.to} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} aria-invalid={rangeError ? true : undefined} aria-describedby={rangeError ? `${ids}-range-error` : undefined} />
        </div>
        <div className="actions">
          <button type="submit">{t('master.audit.applyRange')}</button>
          {filtered ? (
            <button type="button" onClick={() => (setRange({ from: '', to: '' }), setRangeError(null), clear())}>
              {t('master.audit.clear')}
            </button>
          ) : null}
        </div>
        {rangeError ? (
          <p id={`${ids}-range-error`} className="field-error">
            {rangeError}
          </p>
        ) : null}
      </form>

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

/** The start of a calendar day ("2026-11-21") in the business's time zone, as an ISO instant. */
function dayStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // The zone's offset at that moment: the same wall time read in the zone, minus UTC.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(utcMidnight));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const zoned = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(utcMidnight - (zoned - utcMidnight)).toISOString();
}

/** The calendar day after `day` ("2026-11-21" → "2026-11-22"). */
function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
