import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { ChatState, ListOrder } from '../../graphql/generated/graphql';
import { formatDateTime, formatElapsed } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ListView, OrderSelect, SearchBox, UrlSelect, useLiveReload, usePagedList, useUrlState } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';
import { useSession } from '../../session/session';
import { useNow } from '../china/use-now';

const SupportInbox = graphql(`
  query SupportInbox($filter: ChatInboxFilter, $order: ListOrder, $first: Int!, $after: String) {
    chatInbox(filter: $filter, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id state createdAt lastMessageAt awaitingReplySince unansweredReason agentName heldByMe unreadCount subjectType customer { id code fullName } } }
    }
  }
`);
const SupportUnreadTotal = graphql(`
  query SupportUnreadTotal { chatUnreadTotal }
`);
const SupportInboxLive = graphql(`
  subscription SupportInboxLive { chatUpdated { cursor kind conversation { id state } } }
`);

const states: readonly ChatState[] = ['WAITING_AGENT', 'ACTIVE', 'CLOSED'];

/**
 * The agents' inbox: every customer's chat (open ones by default), with its unread messages and how long the
 * customer has waited for a reply; search by customer name or code, filter by state and "mine", oldest or
 * newest first, cursor pages, CSV of the rows loaded. Live: any chat change reloads the rows on screen.
 */
export function InboxPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const { params, set } = useUrlState();
  const now = useNow(15_000);
  const search = params.get('q')?.trim() || null;
  const stateParam = params.get('state');
  const state = stateParam === 'ALL' ? null : ((stateParam as ChatState | null) ?? null);
  const mine = params.get('mine') === '1';
  const order = (params.get('order') ?? 'OLDEST_FIRST') as ListOrder;
  const filter = { search, mine, states: state ? [state] : stateParam === 'ALL' ? null : (['WAITING_AGENT', 'ACTIVE'] as ChatState[]) };

  const list = usePagedList(SupportInbox, { filter, order }, (d) => d.chatInbox);
  const unread = useQuery(SupportUnreadTotal);
  useLiveReload(SupportInboxLive, list, () => void unread.refetch());
  const waited = (since: string | null | undefined) => (since ? formatElapsed(locale, now - Date.parse(since)) : '—');

  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('support.inbox.title')}</h1>
      <p>{t('support.inbox.intro')}</p>
      <p role="status">{unread.data ? t('support.inbox.unreadTotal', { count: unread.data.chatUnreadTotal }) : ''}</p>
      {can('support-chat:canned-replies') ? (
        <p>
          <Link to="canned-replies">{t('support.canned.title')}</Link>
        </p>
      ) : null}
      <div className="list-tools">
        <SearchBox label={t('support.inbox.search')} value={search} onSearch={(q) => set({ q })} />
        <OrderSelect value={order} onChange={(v) => set({ order: v })} />
      </div>
      <div className="filters">
        <UrlSelect
          label={t('support.inbox.filter.state')}
          value={stateParam ?? ''}
          choices={[['', t('support.inbox.filter.open')], ...states.map((s) => [s, t(`chatState.${s}`)] as const), ['ALL', t('payments.filter.all')]]}
          onChange={(v) => set({ state: v })}
        />
        <UrlSelect
          label={t('support.inbox.filter.mine')}
          value={mine ? '1' : ''}
          choices={[['', t('support.inbox.filter.everyone')], ['1', t('support.inbox.filter.onlyMine')]]}
          onChange={(v) => set({ mine: v })}
        />
      </div>
      <ListView
        list={list}
        live
        count={(count) => t('support.inbox.count', { count })}
        empty={t('support.inbox.empty')}
        csv={{
          name: 'chats-soporte.csv',
          header: [t('support.col.customer'), t('support.col.code'), t('support.col.state'), t('support.col.agent'), t('support.col.unread'), t('support.col.opened'), t('support.col.waitingMinutes')],
          row: (node) => [
            node.customer?.fullName ?? '', node.customer?.code ?? '', t(`chatState.${node.state}`), node.agentName ?? '', node.unreadCount, node.createdAt,
            node.awaitingReplySince ? Math.floor((now - Date.parse(node.awaitingReplySince)) / 60_000) : '',
          ],
        }}
      >
        {(nodes) => (
          <DataTable
            label={t('support.inbox.title')}
            columns={[t('support.col.customer'), t('support.col.state'), t('support.col.agent'), { text: t('support.col.unread'), num: true }, t('support.col.waiting'), t('support.col.opened')]}
          >
            {nodes.map((node) => (
              <tr key={node.id}>
                <td>
                  <Link to={`chats/${node.id}`}>{t('support.inbox.open', { name: node.customer?.fullName ?? '', code: node.customer?.code ?? '' })}</Link>
                </td>
                <td>
                  <span className={`badge state-${node.state}`}>{t(`chatState.${node.state}`)}</span>
                  {node.unansweredReason ? <span className="badge">{t(`support.unanswered.${node.unansweredReason}`)}</span> : null}
                </td>
                <td>{node.heldByMe ? t('support.inbox.me') : (node.agentName ?? '—')}</td>
                <td className="num">{node.unreadCount > 0 ? <strong>{node.unreadCount}</strong> : 0}</td>
                <td>{waited(node.awaitingReplySince)}</td>
                <td>{formatDateTime(locale, node.createdAt)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}
