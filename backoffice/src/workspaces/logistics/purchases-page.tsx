import { NetworkStatus } from '@apollo/client';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { OrderListOrder } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { downloadCsv, toCsv } from '../../lib/csv';
import { refusalOf } from '../../lib/refusal';
import { TableWrap } from '../../lib/table-wrap';
import { formatMinor } from '../payments/money';
import { LoadMore } from './load-more';
import { LoadProblem, OrderSelect, SearchForm } from '../../lib/list-controls';

const PAGE_SIZE = 20;

const ToBuy = graphql(`
  query LogisticsOrdersToBuy($number: String, $order: OrderListOrder, $first: Int!, $after: String) {
    orders(filter: { state: PAID, supplierPaymentRegistered: true, number: $number }, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id number stateChangedAt request { description quantity } supplierPayment { id currency amountMinor reference registeredAt } } }
    }
  }
`);
const OrdersChanged = graphql(`
  subscription LogisticsToBuyChanged { orderUpdated { cursor order { id state } } }
`);
const Confirm = graphql(`
  mutation LogisticsConfirmSupplierPayment($orderId: ID!) { confirmSupplierPayment(orderId: $orderId) { id confirmedAt } }
`);

/**
 * Purchase orders to buy (China agent): PAID orders whose payment to the supplier the validator registered;
 * confirming that it arrived makes the order PURCHASED (`confirmSupplierPayment`). Changes reload live.
 */
export function PurchasesPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const ids = useId();
  const number = params.get('q')?.trim() || null;
  const order = (params.get('order') ?? 'OLDEST_FIRST') as OrderListOrder;
  const [draft, setDraft] = useState(number ?? '');
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ id: string; message: string } | null>(null);
  const [confirm, confirming] = useMutation(Confirm);

  const list = useQuery(ToBuy, { variables: { number, order, first: PAGE_SIZE }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const connection = list.data?.orders;
  useSubscription(OrdersChanged, { onData: () => void list.refetch({ first: Math.min(100, Math.max(PAGE_SIZE, (connection?.edges.length ?? 0) + 1)), after: null }) });
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const exportCsv = () => {
    if (!connection) return;
    const header = [t('logistics.col.order'), t('logistics.col.product'), t('logistics.purchases.paidSince'), t('logistics.purchases.supplierPayment'), t('logistics.purchases.reference')];
    downloadCsv('ordenes-por-comprar.csv', toCsv(header, connection.edges.map(({ node }) => [
      node.number, `${node.request.quantity} × ${node.request.description}`, node.stateChangedAt,
      node.supplierPayment ? `${node.supplierPayment.currency} ${(node.supplierPayment.amountMinor / 100).toFixed(2)}` : '', node.supplierPayment?.reference ?? '',
    ])));
  };
  const confirmFor = async (orderId: string, orderNumber: string) => {
    setDone(null);
    setProblem(null);
    try {
      await confirm({ variables: { orderId } });
      setDone(t('logistics.purchases.done', { number: orderNumber }));
      void list.refetch();
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code !== 'UNAUTHENTICATED') setProblem({ id: orderId, message: refusal.message });
    }
  };

  return (
    <section aria-labelledby="purchases-title">
      <h1 id="purchases-title">{t('logistics.purchases.title')}</h1>
      <p>{t('logistics.purchases.intro')}</p>
      {done ? <p className="notice" role="status">{done}</p> : null}
      <SearchForm id={`${ids}-q`} label={t('logistics.search.order')} draft={draft} setDraft={setDraft} maxLength={40} onSearch={(text) => set('q', text)} />
      <div className="filters">
        <OrderSelect id={`${ids}-order`} value={order} onChange={(value) => set('order', value)} />
      </div>
      {list.error && !connection ? (
        <LoadProblem error={list.error} retry={() => void list.refetch()} />
      ) : !connection ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <div className="list-head">
            <p className="count" role="status">
              {t('logistics.orders.count', { count: connection.totalCount })} · <span className="live">{t('china.queue.live')}</span>
            </p>
            <button type="button" onClick={exportCsv} disabled={connection.edges.length === 0}>
              {t('list.exportCsv', { count: connection.edges.length })}
            </button>
          </div>
          {connection.edges.length === 0 ? (
            <p className="empty">{number ? t('logistics.emptyFiltered') : t('logistics.purchases.empty')}</p>
          ) : (
            <TableWrap label={t('logistics.purchases.title')}>
              <table className="list">
                <caption className="visually-hidden">{t('logistics.purchases.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('logistics.col.order')}</th>
                    <th scope="col">{t('logistics.col.product')}</th>
                    <th scope="col">{t('logistics.purchases.paidSince')}</th>
                    <th scope="col">{t('logistics.purchases.supplierPayment')}</th>
                    <th scope="col">{t('logistics.col.action')}</th>
                  </tr>
                </thead>
                <tbody>
                  {connection.edges.map(({ node }) => (
                    <tr key={node.id}>
                      <th scope="row">{node.number}</th>
                      <td>{`${node.request.quantity} × ${node.request.description}`}</td>
                      <td>{formatDateTime(locale, node.stateChangedAt)}</td>
                      <td>{node.supplierPayment ? `${formatMinor(locale, node.supplierPayment.amountMinor, node.supplierPayment.currency)} · ${node.supplierPayment.reference}` : '—'}</td>
                      <td>
                        <button type="button" className="primary" disabled={confirming.loading} onClick={() => void confirmFor(node.id, node.number)} aria-label={t('logistics.purchases.confirmFor', { number: node.number })}>
                          {t('logistics.purchases.confirm')}
                        </button>
                        {problem?.id === node.id ? <p className="field-error" role="alert">{problem.message}</p> : null}
                      </td>
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
                updateQuery: (prev, { fetchMoreResult }) => ({ orders: { ...fetchMoreResult.orders, edges: [...(prev.orders?.edges ?? []), ...fetchMoreResult.orders.edges] } }),
              })
            }
          />
        </>
      )}
    </section>
  );
}
