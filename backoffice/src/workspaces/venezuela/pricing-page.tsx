import { useQuery, useSubscription } from '@apollo/client/react';
import { useParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { VenezuelaRequestQuery } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ClaimPanel, useMayWork } from '../../claims/claim-panel';
import { useSession } from '../../session/session';
import { SourcingForm } from '../china/sourcing-form';
import { useNow } from '../china/use-now';
import { formatDecimal, formatUsd } from './money';
import { QuoteForm } from './quote-form';
import { WhatsAppPanel } from './whatsapp-panel';
import { BackLink, DetailPending } from '../../lib/detail';

const VenezuelaRequest = graphql(`
  query VenezuelaRequest($id: ID!) {
    purchaseRequest(id: $id) {
      id number description quantity specifications productUrl purchaseType shippingMethods nationalDelivery state queue createdAt
      stateChangedAt lastCustomerNote modificationsUsed round quotedAt responseDeadline
      heldBy { id displayName } heldSince
      supplierUnitPriceMinor chinaShippingMinor lengthCm widthCm heightCm weightKg supplierDispatchDays supplierUrl sourcingNotes
      customer { id fullName code phone }
      photos { id }
      options { id shippingMethod totalUsdMinor suggestedTotalUsdMinor overrideReason estimatedDeliveryAt }
      quoteMessage { text phone whatsAppUrl }
    }
  }
`);
const VenezuelaRequestUpdated = graphql(`
  subscription VenezuelaRequestUpdated($id: ID!) { purchaseRequestUpdated(id: $id) { cursor request { id state queue round heldBy { id displayName } heldSince } } }
`);

export type PricedRequest = NonNullable<VenezuelaRequestQuery['purchaseRequest']>;

/**
 * One request on the Venezuela agent's desk: what the customer asked, the sourcing data, the customer's note
 * when they asked for a change, and by state the work to do — source a wholesale request (SUBMITTED), price and
 * send the quote (PRICING, MODIFICATION_REQUESTED), or, once QUOTED, the message to send by WhatsApp. Its state
 * and who holds it follow live (another agent taking, releasing or sending it shows at once). While it waits
 * in the Venezuela queue the claim panel says who works on it; while someone else holds it the forms are
 * disabled and say who (the API refuses ALREADY_CLAIMED anyway).
 */
export function PricingPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const request = useQuery(VenezuelaRequest, { variables: { id }, fetchPolicy: 'cache-and-network' });
  useSubscription(VenezuelaRequestUpdated, { variables: { id }, onData: () => void request.refetch() });
  const { can } = useSession();
  const now = useNow();
  const mayWork = useMayWork(request.data?.purchaseRequest ?? {});

  const back = <BackLink label={t('venezuela.request.back')} />;
  const r = request.data?.purchaseRequest;
  if (!r) return <DetailPending back={back} error={request.error} />;

  const none = t('china.request.none');
  const sourced = r.supplierUnitPriceMinor !== null;
  const claim =
    r.queue === 'VENEZUELA' ? (
      <ClaimPanel
        subject={{ type: 'PURCHASE_REQUEST', id: r.id }}
        holder={r}
        now={now}
        mayWork={can('quote:price')}
        takeLabel={t('china.request.take')}
        refetch={() => request.refetch()}
      />
    ) : null;
  return (
    <section aria-labelledby="vz-request-title">
      {back}
      <h1 id="vz-request-title">{t('venezuela.request.title', { number: r.number })}</h1>
      <div className="request-layout">
        <div className="request-facts">
          <h2>{t('china.request.what')}</h2>
          <p className="description">{r.description}</p>
          <dl className="vz-facts">
            <dt>{t('china.queue.state')}</dt>
            <dd>
              <span className={`badge state-${r.state}`}>{t(`state.${r.state}`)}</span>
            </dd>
            <dt>{t('venezuela.request.customer')}</dt>
            <dd>{r.customer ? `${r.customer.fullName} (${r.customer.code}) · ${r.customer.phone}` : none}</dd>
            <dt>{t('venezuela.request.type')}</dt>
            <dd>{t(`venezuela.type.${r.purchaseType}`)}</dd>
            <dt>{t('china.request.received')}</dt>
            <dd>{formatDateTime(locale, r.createdAt)}</dd>
            <dt>{t('china.request.quantity')}</dt>
            <dd>{r.quantity}</dd>
            <dt>{t('china.request.specifications')}</dt>
            <dd>{r.specifications || none}</dd>
            <dt>{t('china.request.productUrl')}</dt>
            <dd>
              {r.productUrl ? (
                <a href={r.productUrl} target="_blank" rel="noopener noreferrer">
                  {r.productUrl}
                </a>
              ) : (
                none
              )}
            </dd>
            <dt>{t('china.request.methods')}</dt>
            <dd>{r.shippingMethods.map((m) => t(`method.${m}`)).join(', ')}</dd>
            <dt>{t('venezuela.request.delivery')}</dt>
            <dd>{t(`venezuela.delivery.${r.nationalDelivery}`)}</dd>
          </dl>
          {r.lastCustomerNote && r.state === 'MODIFICATION_REQUESTED' ? (
            <div className="customer-note" role="note" aria-label={t('venezuela.request.noteTitle')}>
              <h3>{t('venezuela.request.noteTitle')}</h3>
              <p>«{r.lastCustomerNote}»</p>
              <p className="hint">{t('venezuela.request.modificationsUsed', { used: r.modificationsUsed })}</p>
            </div>
          ) : null}
          {sourced ? (
            <>
              <h2>{t('venezuela.request.sourcing')}</h2>
              <dl className="vz-facts">
                <dt>{t('venezuela.request.supplierPrice')}</dt>
                <dd>{formatUsd(locale, r.supplierUnitPriceMinor ?? 0)}</dd>
                <dt>{t('venezuela.request.chinaShipping')}</dt>
                <dd>{formatUsd(locale, r.chinaShippingMinor ?? 0)}</dd>
                <dt>{t('venezuela.request.size')}</dt>
                <dd>{t('venezuela.request.sizeValue', { l: r.lengthCm ?? 0, w: r.widthCm ?? 0, h: r.heightCm ?? 0 })}</dd>
                <dt>{t('venezuela.request.weight')}</dt>
                <dd>{`${formatDecimal(locale, r.weightKg ?? '0', 3)} kg`}</dd>
                <dt>{t('venezuela.request.dispatch')}</dt>
                <dd>{t('venezuela.request.days', { days: r.supplierDispatchDays ?? 0 })}</dd>
                <dt>{t('sourcing.supplierUrl')}</dt>
                <dd>
                  {r.supplierUrl ? (
                    <a href={r.supplierUrl} target="_blank" rel="noopener noreferrer">
                      {r.supplierUrl}
                    </a>
                  ) : (
                    none
                  )}
                </dd>
                <dt>{t('sourcing.notes')}</dt>
                <dd>{r.sourcingNotes || none}</dd>
              </dl>
            </>
          ) : null}
          {r.options.length > 0 ? (
            <>
              <h2>{t('venezuela.request.lastQuote', { round: r.round })}</h2>
              <ul className="plain">
                {r.options.map((o) => (
                  <li key={o.id}>
                    <strong>{t(`method.${o.shippingMethod}`)}</strong>: {formatUsd(locale, o.totalUsdMinor)}
                    {o.overrideReason ? ` — ${t('venezuela.request.overridden', { suggested: formatUsd(locale, o.suggestedTotalUsdMinor ?? 0), reason: o.overrideReason })}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
        <div className="request-work">
          {r.state === 'SUBMITTED' && r.purchaseType === 'WHOLESALE' ? (
            <>
              {claim}
              <p className="hint">{t('venezuela.request.wholesaleSourcing')}</p>
              <SourcingForm requestId={r.id} number={r.number} disabled={!mayWork} />
            </>
          ) : r.state === 'PRICING' || r.state === 'MODIFICATION_REQUESTED' ? (
            <>
              {claim}
              <QuoteForm request={r} disabled={!mayWork} />
            </>
          ) : r.state === 'QUOTED' && r.quoteMessage ? (
            <>
              <p className="notice" role="status">
                {t('venezuela.request.quoted', { deadline: r.responseDeadline ? formatDateTime(locale, r.responseDeadline) : none })}
              </p>
              <WhatsAppPanel message={r.quoteMessage} />
            </>
          ) : (
            <p className="notice" role="status">
              {t('venezuela.request.notInQueue', { state: t(`state.${r.state}`) })}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
