import { Link, useLocation } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { PaymentMethod, PaymentOrder, PaymentState } from '../../graphql/generated/graphql';
import { formatDateTime, formatElapsed } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ListView, OrderSelect, SearchBox, UrlSelect, useLiveReload, usePagedList, useUrlState } from '../../lib/list';
import { DataTable } from '../../lib/table-wrap';
import { HeldByLabel } from '../../claims/held-by';
import { useNow } from '../china/use-now';
import { formatMinor } from './money';

export const paymentMethods: PaymentMethod[] = ['PAGO_MOVIL', 'BANK_TRANSFER', 'ZELLE', 'BINANCE', 'PAYPAL'];
const paymentStates: PaymentState[] = ['SUBMITTED', 'VALIDATED', 'REJECTED'];

const PaymentsQueue = graphql(`
  query PaymentsQueue($filter: PaymentsFilter, $order: PaymentOrder, $first: Int!, $after: String) {
    payments(filter: $filter, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id reference method currency amountMinor creditedUsdMinor state createdAt heldBy { id displayName } heldSince order { id number customer { fullName code } } } }
    }
  }
`);
const PaymentsQueueUpdated = graphql(`
  subscription PaymentsQueueUpdated { paymentQueueUpdated { cursor payment { id state } } }
`);

/**
 * Customer payments, by default those awaiting validation oldest first, with who is working on each; search
 * (reference, order number, customer), filters (method, currency, state) and sort live in the URL. Any payment
 * reported or decided (by anyone) reloads the rows on screen, so the list stays right without a page reload.
 */
export function QueuePage() {
  const { t, locale } = useI18n();
  const { params, set } = useUrlState();
  const decided = (useLocation().state as { decided?: string } | null)?.decided;
  const now = useNow();
  const search = params.get('q')?.trim() || null;
  const method = (params.get('method') as PaymentMethod | null) || null;
  const currency = params.get('currency') || null;
  const state = (params.get('state') ?? 'SUBMITTED') as PaymentState | 'ALL';
  const order = (params.get('order') ?? 'OLDEST_FIRST') as PaymentOrder;

  const list = usePagedList(PaymentsQueue, { filter: { search, method, currency, state: state === 'ALL' ? null : state }, order }, (d) => d.payments);
  useLiveReload(PaymentsQueueUpdated, list);
  const all = t('payments.filter.all');

  return (
    <section aria-labelledby="payments-title">
      <h1 id="payments-title">{t('payments.queue.title')}</h1>
      <p>{t('payments.queue.intro')}</p>
      {decided ? (
        <p className="notice" role="status">
          {decided}
        </p>
      ) : null}
      <SearchBox label={t('payments.queue.search')} value={search} onSearch={(q) => set({ q })} />
      <div className="filters">
        <UrlSelect label={t('payments.filter.state')} value={state} choices={[...paymentStates.map((s) => [s, t(`payState.${s}`)] as const), ['ALL', all]]} onChange={(v) => set({ state: v })} />
        <UrlSelect label={t('payments.filter.method')} value={method ?? ''} choices={[['', all], ...paymentMethods.map((m) => [m, t(`payMethod.${m}`)] as const)]} onChange={(v) => set({ method: v })} />
        <UrlSelect label={t('payments.filter.currency')} value={currency ?? ''} choices={[['', all], ['VES', t('currency.VES')], ['USD', t('currency.USD')]]} onChange={(v) => set({ currency: v })} />
        <OrderSelect value={order} onChange={(v) => set({ order: v })} />
      </div>
      <ListView
        list={list}
        live
        count={(count) => t('payments.queue.count', { count })}
        empty={search || method || currency ? t('payments.queue.emptyFiltered') : t('payments.queue.empty')}
        csv={{
          name: 'pagos.csv',
          header: [t('payments.col.reported'), t('payments.col.order'), t('payments.col.customer'), t('payments.col.method'), t('payments.col.reference'), t('payments.col.amount'), t('payments.col.currency'), t('payments.col.credits'), t('payments.col.state')],
          row: (node) => [
            node.createdAt, node.order.number, node.order.customer ? `${node.order.customer.fullName} (${node.order.customer.code})` : '', t(`payMethod.${node.method}`),
            node.reference, (node.amountMinor / 100).toFixed(2), node.currency, (node.creditedUsdMinor / 100).toFixed(2), t(`payState.${node.state}`),
          ],
        }}
      >
        {(nodes) => (
          <DataTable label={t('payments.queue.title')} columns={[t('payments.col.order'), t('payments.col.customer'), t('payments.col.method'), t('payments.col.reference'), { text: t('payments.col.amount'), num: true }, t('payments.col.state'), t('payments.col.waiting')]}>
            {nodes.map((node) => (
              <tr key={node.id}>
                <td>
                  <Link to={`payment/${node.id}`} aria-label={t('payments.queue.open', { reference: node.reference, number: node.order.number })}>
                    {node.order.number}
                  </Link>
                </td>
                <td>{node.order.customer ? `${node.order.customer.fullName} · ${node.order.customer.code}` : '—'}</td>
                <td>{t(`payMethod.${node.method}`)}</td>
                <td>{node.reference}</td>
                <td className="num">{formatMinor(locale, node.amountMinor, node.currency)}</td>
                <td>
                  <span className={`badge pay-${node.state}`}>{t(`payState.${node.state}`)}</span> <HeldByLabel holder={node} now={now} />
                </td>
                <td>
                  <strong>{formatElapsed(locale, now - Date.parse(node.createdAt))}</strong> <span className="since">{t('waiting.since', { date: formatDateTime(locale, node.createdAt) })}</span>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}
