import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ClaimPanel, useMayWork } from '../../claims/claim-panel';
import { ClaimWork } from '../../claims/claim-operations';
import { useSession } from '../../session/session';
import { SourcingForm } from './sourcing-form';
import { useNow } from './use-now';
import { BackLink, DetailPending } from '../../lib/detail';

const ChinaRequest = graphql(`
  query ChinaRequest($id: ID!) {
    purchaseRequest(id: $id) {
      id number description quantity specifications productUrl shippingMethods state queue createdAt
      heldBy { id displayName } heldSince
      photos { id }
    }
  }
`);
const ChinaRequestUpdated = graphql(`
  subscription ChinaRequestUpdated($id: ID!) {
    purchaseRequestUpdated(id: $id) { cursor request { id state queue heldBy { id displayName } heldSince } }
  }
`);
const StartSourcing = graphql(`
  mutation ChinaStartSourcing($id: ID!) { startSourcing(requestId: $id) { id state queue } }
`);

/**
 * One retail request as the customer asked for it, and the sourcing form while it waits on China. Its state
 * and who holds it follow live (another agent taking, releasing or sending it shows at once). "Tomar la
 * solicitud" claims it and starts sourcing; while someone else holds it the form is disabled and says who.
 */
export function RequestPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const request = useQuery(ChinaRequest, { variables: { id } });
  useSubscription(ChinaRequestUpdated, { variables: { id } });
  const [claim] = useMutation(ClaimWork);
  const [startSourcing] = useMutation(StartSourcing);
  const { can } = useSession();
  const now = useNow();
  const mayWork = useMayWork(request.data?.purchaseRequest ?? {});

  const back = <BackLink label={t('china.request.back')} />;
  const r = request.data?.purchaseRequest;
  // Once loaded, the page (and the form in it) stays mounted through refetches and session renewals.
  if (!r) return <DetailPending back={back} error={request.error} />;

  // Claim first (a clear "who holds it" refusal), then move a new request into sourcing.
  const take = async () => {
    await claim({ variables: { subject: { type: 'PURCHASE_REQUEST', id: r.id } } });
    if (r.state === 'SUBMITTED') await startSourcing({ variables: { id: r.id } });
  };

  return (
    <section aria-labelledby="request-title">
      {back}
      <h1 id="request-title">{t('china.request.title', { number: r.number })}</h1>
      <div className="request-layout">
        <div className="request-facts">
          <h2>{t('china.request.what')}</h2>
          <p className="description">{r.description}</p>
          <dl>
            <dt>{t('china.queue.state')}</dt>
            <dd>
              <span className={`badge state-${r.state}`}>{t(`state.${r.state}`)}</span>
            </dd>
            <dt>{t('china.request.received')}</dt>
            <dd>{formatDateTime(locale, r.createdAt)}</dd>
            <dt>{t('china.request.quantity')}</dt>
            <dd>{r.quantity}</dd>
            <dt>{t('china.request.specifications')}</dt>
            <dd>{r.specifications || t('china.request.none')}</dd>
            <dt>{t('china.request.productUrl')}</dt>
            <dd>
              {r.productUrl ? (
                <a href={r.productUrl} target="_blank" rel="noopener noreferrer">
                  {r.productUrl}
                </a>
              ) : (
                t('china.request.none')
              )}
            </dd>
            <dt>{t('china.request.methods')}</dt>
            <dd>{r.shippingMethods.map((m) => t(`method.${m}`)).join(', ')}</dd>
          </dl>
          {r.photos.length > 0 ? (
            <>
              <h3>{t('china.request.photos')}</h3>
              <ul className="photos">
                {r.photos.map((p, i) => (
                  <li key={p.id}>
                    <a href={`/uploads/${p.id}`} target="_blank" rel="noopener noreferrer">
                      <img src={`/uploads/${p.id}`} alt={t('china.request.photoAlt', { index: i + 1 })} width={160} height={160} />
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
        <div className="request-work">
          {r.queue !== 'CHINA' ? (
            <p className="notice" role="status">
              {t('china.request.notInQueue', { state: t(`state.${r.state}`) })}
            </p>
          ) : (
            <>
              <ClaimPanel
                subject={{ type: 'PURCHASE_REQUEST', id: r.id }}
                holder={r}
                now={now}
                mayWork={can('quote:source')}
                onTake={take}
                takeLabel={t('china.request.take')}
                refetch={() => request.refetch()}
              />
              {r.state === 'SUBMITTED' && !r.heldBy ? <p className="hint">{t('china.request.takeHint')}</p> : null}
              <SourcingForm requestId={r.id} number={r.number} disabled={!mayWork} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
