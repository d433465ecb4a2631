import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../graphql/generated';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ListView, useLiveReload, usePagedList } from '../../lib/list';
import { refusalOf } from '../../lib/refusal';
import { DataTable } from '../../lib/table-wrap';
import { formatMinor } from '../payments/money';
import { useOrderFilters } from './order-filters';

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
  const { number, order, controls } = useOrderFilters();
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ id: string; message: string } | null>(null);
  const [confirm, confirming] = useMutation(Confirm);

  const list = usePagedList(ToBuy, { number, order }, (d) => d.orders);
  useLiveReload(OrdersChanged, list);
  const confirmFor = async (orderId: string, orderNumber: string) => {
    setDone(null);
    setProblem(null);
    try {
      await confirm({ variables: { orderId } });
      setDone(t('logistics.purchases.done', { number: orderNumber }));
      list.reload();
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
      {controls}
      <ListView
        list={list}
        live
        count={(count) => t('logistics.orders.count', { count })}
        empty={number ? t('list.emptyFiltered') : t('logistics.purchases.empty')}
        csv={{
          name: 'ordenes-por-comprar.csv',
          header: [t('logistics.col.order'), t('logistics.col.product'), t('logistics.purchases.paidSince'), t('logistics.purchases.supplierPayment'), t('logistics.purchases.reference')],
          row: (node) => [
            node.number, `${node.request.quantity} × ${node.request.description}`, node.stateChangedAt,
            node.supplierPayment ? `${node.supplierPayment.currency} ${(node.supplierPayment.amountMinor / 100).toFixed(2)}` : '', node.supplierPayment?.reference ?? '',
          ],
        }}
      >
        {(nodes) => (
          <DataTable label={t('logistics.purchases.title')} columns={[t('logistics.col.order'), t('logistics.col.product'), t('logistics.purchases.paidSince'), t('logistics.purchases.supplierPayment'), t('logistics.col.action')]}>
            {nodes.map((node) => (
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
          </DataTable>
        )}
      </ListView>
    </section>
  );
}
