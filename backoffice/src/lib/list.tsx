import { NetworkStatus, type OperationVariables, type TypedDocumentNode } from '@apollo/client';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useId, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { downloadCsv, toCsv } from './csv';
import { LoadProblem } from './problem';

/** The API's largest page: a live reload brings back at most this many rows already on screen. */
const MAX_PAGE = 100;
const PAGE_SIZE = 20;

/** A Relay connection as every staff list query selects it. */
export interface Connection<TNode> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: readonly { cursor: string; node: TNode }[];
}

/**
 * A list's state kept in the URL (search, filters, sort), so a list can be shared, bookmarked and survives a
 * reload. `set` changes several keys at once; an empty value removes its key so default lists keep short URLs.
 */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  return { params, set };
}

/** A cursor-paginated list on screen: its rows so far, loading and error state, and the ways to get more. */
export interface PagedList<TNode> {
  connection: Connection<TNode> | undefined;
  error: unknown;
  loadingMore: boolean;
  loadMore(): void;
  /** Reloads from the first row, as many rows as are on screen (plus one, so a new row shows): live updates. */
  reload(): void;
}

/**
 * Runs a cursor-paginated list query: `variables` are the list's filters (the page size and cursor are added
 * here), `pick` finds the connection in the answer. Pages are merged by the cache's relay-style pagination
 * policy (apollo/client.ts), so "load more" appends and a reload replaces. Shown from the cache at once when
 * coming back to a list, and refreshed: it may have changed while no one looked.
 */
export function usePagedList<TData, TVariables extends OperationVariables, TNode>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: Omit<TVariables, 'first' | 'after'>,
  pick: (data: TData) => Connection<TNode> | undefined,
  pageSize = PAGE_SIZE,
): PagedList<TNode> {
  const query = useQuery(document, {
    variables: { ...variables, first: pageSize } as unknown as TVariables,
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const connection = query.data ? pick(query.data as TData) : undefined;
  return {
    connection,
    error: query.error,
    loadingMore: query.networkStatus === NetworkStatus.fetchMore,
    loadMore: () => void query.fetchMore({ variables: { after: connection?.pageInfo.endCursor } as unknown as Partial<TVariables> }),
    reload: () =>
      void query.refetch({ first: Math.min(MAX_PAGE, Math.max(pageSize, (connection?.edges.length ?? 0) + 1)), after: null } as unknown as Partial<TVariables>),
  };
}

/** Reloads `list` whenever the subscription `live` sends an event; `onEvent` sees the event first. */
export function useLiveReload<TData>(
  live: TypedDocumentNode<TData, { [key: string]: never }>,
  list: { reload(): void },
  onEvent?: (data: TData) => void,
) {
  useSubscription(live, {
    onData: ({ data }) => {
      if (data.data && onEvent) onEvent(data.data as TData);
      list.reload();
    },
  });
}

/** How a list's rows become a CSV file: its name, the column titles and one row of cells per node. */
export interface CsvExport<TNode> {
  name: string;
  header: readonly string[];
  row: (node: TNode) => readonly (string | number | null)[] | readonly (readonly (string | number | null)[])[];
  /** True when `row` returns several CSV rows per node (e.g. one per package of an order). */
  many?: boolean;
}

/**
 * The body of a list page: the load problem (with retry), the loading state, the header (total count, a
 * "live" mark when the list follows changes, the CSV export of the rows loaded), the empty message, the rows
 * (`children`), and "load more". CSV exports the rows on screen; staff load more pages first for more rows.
 */
export function ListView<TNode>(props: {
  list: PagedList<TNode>;
  count: (total: number, loaded: number) => string;
  empty: string;
  csv: CsvExport<TNode>;
  live?: boolean;
  /** Rows shown after a filter applied on the client; the rows loaded when absent. */
  shown?: readonly TNode[];
  children: (nodes: readonly TNode[]) => ReactNode;
}) {
  const { t } = useI18n();
  const { list, csv } = props;
  const connection = list.connection;
  if (list.error && !connection) {
    return <LoadProblem lead={t('list.loadError')} error={list.error} retry={list.reload} />;
  }
  if (!connection) return <p role="status">{t('app.loading')}</p>;
  const nodes = props.shown ?? connection.edges.map((e) => e.node);
  const exportCsv = () => {
    const rows = csv.many ? nodes.flatMap((n) => csv.row(n) as (string | number | null)[][]) : nodes.map((n) => csv.row(n) as (string | number | null)[]);
    downloadCsv(csv.name, toCsv(csv.header, rows));
  };
  return (
    <>
      <div className="list-head">
        <p className="count" role="status">
          {props.count(connection.totalCount, nodes.length)}
          {props.live ? (
            <>
              {' · '}
              <span className="live">{t('list.live')}</span>
            </>
          ) : null}
        </p>
        <button type="button" onClick={exportCsv} disabled={nodes.length === 0}>
          {t('list.exportCsv', { count: nodes.length })}
        </button>
      </div>
      {nodes.length === 0 ? <p className="empty">{props.empty}</p> : props.children(nodes)}
      {connection.pageInfo.hasNextPage ? (
        <button type="button" disabled={list.loadingMore} onClick={list.loadMore}>
          {t('list.loadMore')}
        </button>
      ) : null}
    </>
  );
}

/**
 * A list's search box over the URL key `q`: what is typed stays a draft until submitted; "clear" shows while a
 * search applies. `onSearch` gets the trimmed text, or null when empty.
 */
export function SearchBox({ label, value, onSearch, maxLength = 100 }: { label: string; value: string | null; onSearch: (text: string | null) => void; maxLength?: number }) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState(value ?? '');
  return (
    <form className="search" role="search" aria-label={label} onSubmit={(e) => (e.preventDefault(), onSearch(draft.trim() || null))}>
      <label htmlFor={id}>{label}</label>
      <div className="search-row">
        <input id={id} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={maxLength} />
        <button type="submit">{t('list.search')}</button>
        {value ? (
          <button type="button" onClick={() => (setDraft(''), onSearch(null))}>
            {t('list.clearSearch')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/**
 * A labelled select for one URL key: `choices` are value → visible text, the first one is the default (kept
 * out of the URL). Used for filters and sort orders alike.
 */
export function UrlSelect({ label, value, choices, onChange }: { label: string; value: string; choices: readonly (readonly [string, string])[]; onChange: (value: string | null) => void }) {
  const id = useId();
  const first = choices[0]?.[0];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value === first ? null : e.target.value)}>
        {choices.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The sort every dated list offers: oldest first (the default for work queues: first come, first served) or
 * newest first (the default for logs and histories, `newestByDefault`). The default stays out of the URL.
 */
export function OrderSelect({ value, onChange, newestByDefault = false }: { value: string; onChange: (value: string | null) => void; newestByDefault?: boolean }) {
  const { t } = useI18n();
  const oldest = ['OLDEST_FIRST', t('list.order.OLDEST_FIRST')] as const;
  const newest = ['NEWEST_FIRST', t('list.order.NEWEST_FIRST')] as const;
  return <UrlSelect label={t('list.order')} value={value} choices={newestByDefault ? [newest, oldest] : [oldest, newest]} onChange={onChange} />;
}
