import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import { formatDateTime, formatElapsed } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { refusalOf } from '../../lib/refusal';
import { useNow } from '../china/use-now';
import { downloadCsv, toCsv } from '../../lib/csv';
import { TableWrap } from './table-wrap';

const PAGE_SIZE = 20;
/** A paid order normally reaches the next step within a few days (supplier payment, then the warehouse). */
const DEFAULT_DAYS = 3;

const Stalled = graphql(`
  query ValidatorStalledOrders($days: Int!, $first: Int!, $after: String) {
    stalledOrders(days: $days, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id number state stateChangedAt customer { fullName code } supplierPayment { id registeredAt confirmedAt } } }
    }
  }
`);
const Quiet = graphql(`
  query ValidatorQuietBoxes($days: Int!, $first: Int!, $after: String) {
    quietBoxes(days: $days, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { box { id number createdAt } lastEventAt quietSince orderNumbers } }
    }
  }
`);

/** The consistency view: paid orders not moving and boxes without tracking events for N days (N in the URL, 1–365). */
export function ConsistencyPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const ids = useId();
  const now = useNow();
  const asked = Number(params.get('days'));
  const days = Number.isInteger(asked) && asked >= 1 && asked <= 365 ? asked : DEFAULT_DAYS;
  const [draft, setDraft] = useState(String(days));
  const [draftError, setDraftError] = useState<string | null>(null);
  const stalled = useQuery(Stalled, { variables: { days, first: PAGE_SIZE }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const quiet = useQuery(Quiet, { variables: { days, first: PAGE_SIZE }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const n = Number(draft.trim());
    if (!/^\d{1,3}$/.test(draft.trim()) || n < 1 || n > 365) {
      setDraftError(t('payments.consistency.daysInvalid'));
      return;
    }
    setDraftError(null);
    setParams(n === DEFAULT_DAYS ? {} : { days: String(n) });
  };
  const orders = stalled.data?.stalledOrders;
  const boxes = quiet.data?.quietBoxes;

  return (
    <section aria-labelledby="consistency-title">
      <h1 id="consistency-title">{t('payments.consistency.title')}</h1>
      <p>{t('payments.consistency.intro')}</p>
      <form className="search" onSubmit={submit} noValidate>
        <label htmlFor={`${ids}-days`}>{t('payments.consistency.days')}</label>
        <div className="search-row">
          <input
            id={`${ids}-days`}
            inputMode="numeric"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            aria-invalid={draftError ? true : undefined}
            aria-describedby={draftError ? `${ids}-days-error` : undefined}
          />
          <button type="submit">{t('payments.consistency.apply')}</button>
        </div>
        {draftError ? (
          <p id={`${ids}-days-error`} className="field-error">
            {draftError}
          </p>
        ) : null}
      </form>

      <h2>{t('payments.consistency.ordersTitle', { days })}</h2>
      {stalled.error && !orders ? (
        <p className="problem" role="alert">
          {refusalOf(stalled.error, t, locale).message}
        </p>
      ) : !orders ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <div className="list-head">
            <p className="count">{t('payments.consistency.ordersCount', { count: orders.totalCount })}</p>
            <button
              type="button"
              disabled={orders.edges.length === 0}
              onClick={() =>
                downloadCsv('ordenes-detenidas.csv', toCsv([t('payments.col.order'), t('payments.col.state'), t('payments.consistency.since'), t('payments.col.customer')],
                  orders.edges.map(({ node }) => [node.number, t(`orderState.${node.state}`), node.stateChangedAt, node.customer ? `${node.customer.fullName} (${node.customer.code})` : ''])))
              }
            >
              {t('list.exportCsv', { count: orders.edges.length })}
            </button>
          </div>
          {orders.edges.length === 0 ? (
            <p className="empty">{t('payments.consistency.ordersEmpty', { days })}</p>
          ) : (
            <TableWrap label={t('payments.consistency.ordersTitle', { days })}>
              <table className="list">
                <caption className="visually-hidden">{t('payments.consistency.ordersTitle', { days })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('payments.col.order')}</th>
                    <th scope="col">{t('payments.col.state')}</th>
                    <th scope="col">{t('payments.consistency.stillFor')}</th>
                    <th scope="col">{t('payments.col.customer')}</th>
                    <th scope="col">{t('payments.consistency.next')}</th>
                  </tr>
                </thead>
                <tbody>
                  {orders.edges.map(({ node }) => (
                    <tr key={node.id}>
                      <th scope="row">{node.number}</th>
                      <td>{t(`orderState.${node.state}`)}</td>
                      <td>
                        <strong>{formatElapsed(locale, now - Date.parse(node.stateChangedAt))}</strong> <span className="since">{t('waiting.since', { date: formatDateTime(locale, node.stateChangedAt) })}</span>
                      </td>
                      <td>{node.customer ? `${node.customer.fullName} · ${node.customer.code}` : '—'}</td>
                      <td>
                        {node.state === 'PAID'
                          ? node.supplierPayment
                            ? t('payments.consistency.nextConfirm')
                            : t('payments.consistency.nextRegister')
                          : t('payments.consistency.nextWarehouse')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {orders.pageInfo.hasNextPage ? (
            <button
              type="button"
              disabled={stalled.networkStatus === NetworkStatus.fetchMore}
              onClick={() =>
                void stalled.fetchMore({
                  variables: { after: orders.pageInfo.endCursor },
                  updateQuery: (prev, { fetchMoreResult }) => ({ stalledOrders: { ...fetchMoreResult.stalledOrders, edges: [...(prev.stalledOrders?.edges ?? []), ...fetchMoreResult.stalledOrders.edges] } }),
                })
              }
            >
              {t('china.queue.loadMore')}
            </button>
          ) : null}
        </>
      )}

      <h2>{t('payments.consistency.boxesTitle', { days })}</h2>
      {quiet.error && !boxes ? (
        <p className="problem" role="alert">
          {refusalOf(quiet.error, t, locale).message}
        </p>
      ) : !boxes ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <div className="list-head">
            <p className="count">{t('payments.consistency.boxesCount', { count: boxes.totalCount })}</p>
            <button
              type="button"
              disabled={boxes.edges.length === 0}
              onClick={() =>
                downloadCsv('cajas-sin-eventos.csv', toCsv([t('payments.consistency.box'), t('payments.consistency.lastEvent'), t('payments.consistency.since'), t('payments.consistency.orders')],
                  boxes.edges.map(({ node }) => [node.box.number, node.lastEventAt ?? '', node.quietSince, node.orderNumbers.join(' ')])))
              }
            >
              {t('list.exportCsv', { count: boxes.edges.length })}
            </button>
          </div>
          {boxes.edges.length === 0 ? (
            <p className="empty">{t('payments.consistency.boxesEmpty', { days })}</p>
          ) : (
            <TableWrap label={t('payments.consistency.boxesTitle', { days })}>
              <table className="list">
                <caption className="visually-hidden">{t('payments.consistency.boxesTitle', { days })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('payments.consistency.box')}</th>
                    <th scope="col">{t('payments.consistency.lastEvent')}</th>
                    <th scope="col">{t('payments.consistency.stillFor')}</th>
                    <th scope="col">{t('payments.consistency.orders')}</th>
                  </tr>
                </thead>
                <tbody>
                  {boxes.edges.map(({ node }) => (
                    <tr key={node.box.id}>
                      <th scope="row">{node.box.number}</th>
                      <td>{node.lastEventAt ? formatDateTime(locale, node.lastEventAt) : t('payments.consistency.noEvents')}</td>
                      <td>{formatElapsed(locale, now - Date.parse(node.quietSince))}</td>
                      <td>{node.orderNumbers.join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {boxes.pageInfo.hasNextPage ? (
            <button
              type="button"
              disabled={quiet.networkStatus === NetworkStatus.fetchMore}
              onClick={() =>
                void quiet.fetchMore({
                  variables: { after: boxes.pageInfo.endCursor },
                  updateQuery: (prev, { fetchMoreResult }) => ({ quietBoxes: { ...fetchMoreResult.quietBoxes, edges: [...(prev.quietBoxes?.edges ?? []), ...fetchMoreResult.quietBoxes.edges] } }),
                })
              }
            >
              {t('china.queue.loadMore')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
