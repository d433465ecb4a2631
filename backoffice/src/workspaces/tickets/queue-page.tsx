import { Link } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { ListOrder, TicketCategory, TicketPriority, TicketState } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ListView, OrderSelect, SearchBox, UrlSelect, useLiveReload, usePagedList, useUrlState } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';
import { useSession } from '../../session/session';
import { ticketCategories, ticketPriorities, ticketStates } from './ticket-enums';

const TicketQueue = graphql(`
  query TicketQueue(
    $state: TicketState, $active: Boolean, $priority: TicketPriority, $category: TicketCategory, $assigneeId: ID, $unassigned: Boolean,
    $slaBreached: Boolean, $search: String, $order: ListOrder, $first: Int!, $after: String
  ) {
    tickets(
      state: $state, active: $active, priority: $priority, category: $category, assigneeId: $assigneeId, unassigned: $unassigned,
      slaBreached: $slaBreached, search: $search, order: $order, first: $first, after: $after
    ) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id number subject state priority category source createdAt lastActivityAt
          customer { code fullName }
          assignee { id displayName }
          sla { breached }
        }
      }
    }
  }
`);

const TicketsChanged = graphql(`
  subscription TicketQueueLive { ticketUpdated { cursor ticket { id state } } }
`);

/**
 * The ticket queue: filters by state (or all active), priority, category, assignee (mine, unassigned) and SLA breach;
 * search by number, subject or customer; newest or oldest first; cursor pages; CSV of the rows loaded. Any ticket
 * change (a new ticket, a reply, a state, an assignment) reloads the rows on screen live.
 */
export function TicketQueuePage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const { params, set } = useUrlState();
  const stateParam = params.get('state') ?? 'ACTIVE';
  const state = stateParam === 'ACTIVE' || stateParam === 'ALL' ? null : (stateParam as TicketState);
  const priority = (params.get('priority') as TicketPriority | null) || null;
  const category = (params.get('category') as TicketCategory | null) || null;
  const who = params.get('who') ?? '';
  const sla = params.get('sla') ?? '';
  const search = params.get('q')?.trim() || null;
  const order = (params.get('order') ?? 'NEWEST_FIRST') as ListOrder;
  const list = usePagedList(
    TicketQueue,
    {
      state, active: stateParam === 'ACTIVE' ? true : null, priority, category, search, order,
      assigneeId: who === 'mine' ? (session.staff?.id ?? null) : null, unassigned: who === 'none' ? true : null,
      slaBreached: sla === 'yes' ? true : sla === 'no' ? false : null,
    },
    (d) => d.tickets,
  );
  useLiveReload(TicketsChanged, list);
  const all = t('tickets.filter.all');
  return (
    <section aria-labelledby="tickets-title">
      <h1 id="tickets-title">{t('tickets.title')}</h1>
      <p>
        <Link to="new">{t('tickets.new')}</Link> · <Link to="faq">{t('tickets.faq.title')}</Link>
      </p>
      <SearchBox label={t('tickets.search')} value={search} onSearch={(q) => set({ q })} />
      <div className="filters">
        <UrlSelect
          label={t('tickets.filter.state')}
          value={stateParam}
          choices={[['ACTIVE', t('tickets.filter.active')], ['ALL', all], ...ticketStates.map((s) => [s, t(`ticketState.${s}`)] as const)]}
          onChange={(v) => set({ state: v === 'ACTIVE' ? null : v })}
        />
        <UrlSelect label={t('tickets.filter.priority')} value={priority ?? ''} choices={[['', all], ...ticketPriorities.map((p) => [p, t(`ticketPriority.${p}`)] as const)]} onChange={(v) => set({ priority: v })} />
        <UrlSelect label={t('tickets.filter.category')} value={category ?? ''} choices={[['', all], ...ticketCategories.map((c) => [c, t(`ticketCategory.${c}`)] as const)]} onChange={(v) => set({ category: v })} />
        <UrlSelect label={t('tickets.filter.assignee')} value={who} choices={[['', all], ['mine', t('tickets.filter.mine')], ['none', t('tickets.filter.unassigned')]]} onChange={(v) => set({ who: v })} />
        <UrlSelect label={t('tickets.filter.sla')} value={sla} choices={[['', all], ['yes', t('tickets.filter.breached')], ['no', t('tickets.filter.onTime')]]} onChange={(v) => set({ sla: v })} />
        <OrderSelect value={order} onChange={(v) => set({ order: v })} newestByDefault />
      </div>
      <ListView
        list={list}
        live
        count={(count) => t('tickets.count', { count })}
        empty={t('tickets.empty')}
        csv={{
          name: 'tickets.csv',
          header: [t('tickets.col.number'), t('tickets.col.subject'), t('tickets.col.customer'), t('tickets.col.state'), t('tickets.col.priority'), t('tickets.col.category'), t('tickets.col.assignee'), t('tickets.col.sla'), t('tickets.col.created')],
          row: (n) => [
            n.number, n.subject, n.customer ? `${n.customer.fullName} (${n.customer.code})` : '', t(`ticketState.${n.state}`), t(`ticketPriority.${n.priority}`),
            t(`ticketCategory.${n.category}`), n.assignee?.displayName ?? '', (n.sla?.breached ?? []).join(' '), n.createdAt,
          ],
        }}
      >
        {(nodes) => (
          <DataTable
            label={t('tickets.title')}
            columns={[t('tickets.col.number'), t('tickets.col.subject'), t('tickets.col.customer'), t('tickets.col.state'), t('tickets.col.priority'), t('tickets.col.assignee'), t('tickets.col.sla'), t('tickets.col.created')]}
          >
            {nodes.map((n) => (
              <tr key={n.id}>
                <th scope="row">
                  <Link to={n.id}>{n.number}</Link>
                </th>
                <td>{n.subject}</td>
                <td>{n.customer ? `${n.customer.fullName} · ${n.customer.code}` : '—'}</td>
                <td>{t(`ticketState.${n.state}`)}</td>
                <td>{t(`ticketPriority.${n.priority}`)}</td>
                <td>{n.assignee?.displayName ?? t('tickets.unassigned')}</td>
                <td>{n.sla?.breached.length ? <strong>{t('tickets.filter.breached')}</strong> : t('tickets.filter.onTime')}</td>
                <td>{formatDateTime(locale, n.createdAt)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}
