import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { refusalOf } from '../../lib/refusal';
import { ClaimPanel, useMayWork } from '../../claims/claim-panel';
import { useSession } from '../../session/session';
import { useNow } from '../china/use-now';
import { TableWrap } from '../../lib/table-wrap';
import { formatFraction, formatMinor, formatRate } from './money';
import { Problem } from '../../lib/problem';
import { BackLink, DetailPending } from '../../lib/detail';

const PaymentToValidate = graphql(`
  query PaymentToValidate($id: ID!) {
    payment(id: $id) {
      id reference method currency amountMinor creditedUsdMinor state rejectionReason createdAt decidedAt
      heldBy { id displayName } heldSince
      proof { id }
      balanceAfterValidation { orderState outstandingUsdMinor outstandingVesMinor usdPayableMinor }
      order {
        id number state totalUsdMinor totalVesMinor settledUsdMinor outstandingUsdMinor outstandingVesMinor usdPayableMinor vesPerUsd usdPaymentDiscount
        customer { fullName code phone }
        payments { id reference state amountMinor currency createdAt }
      }
    }
  }
`);
const PaymentChanged = graphql(`
  subscription PaymentToValidateChanged { paymentQueueUpdated { cursor payment { id state rejectionReason decidedAt heldBy { id displayName } heldSince } } }
`);
const Validate = graphql(`
  mutation ValidatorValidatePayment($id: ID!) { validatePayment(paymentId: $id) { id state decidedAt order { id state settledUsdMinor outstandingUsdMinor outstandingVesMinor usdPayableMinor } } }
`);
const Reject = graphql(`
  mutation ValidatorRejectPayment($id: ID!, $reason: String!) { rejectPayment(paymentId: $id, reason: $reason) { id state rejectionReason decidedAt } }
`);

/**
 * One payment beside its proof image and what its order owes (VES and USD at the frozen rate), what it would
 * credit and what would remain; approve it, or reject it with a reason the customer reads. A decision by
 * someone else shows at once (the queue's subscription updates this payment), and so does who holds it: while
 * it waits for validation the claim panel says who works on it, and while someone else holds it the decision
 * is disabled and says who (the API refuses ALREADY_CLAIMED anyway).
 */
export function PaymentPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const ids = useId();
  const query = useQuery(PaymentToValidate, { variables: { id } });
  useSubscription(PaymentChanged, { onData: ({ data }) => void (data.data?.paymentQueueUpdated.payment.id === id && query.refetch()) });
  const [validate, validating] = useMutation(Validate);
  const [reject, rejecting] = useMutation(Reject);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { can } = useSession();
  const now = useNow();
  const mayWork = useMayWork(query.data?.payment ?? {});

  const back = <BackLink label={t('payments.payment.back')} />;
  const p = query.data?.payment;
  if (!p) return <DetailPending back={back} error={query.error} />;
  const o = p.order;
  const money = (minor: number, currency: string) => formatMinor(locale, minor, currency);
  const fail = (error: unknown) => {
    const refusal = refusalOf(error, t, locale);
    if (refusal.code === 'UNAUTHENTICATED') return;
    if (refusal.field === 'reason') setReasonError(t('payments.payment.reasonInvalid'));
    else setProblem(refusal.message);
  };
  const approve = async () => {
    setProblem(null);
    try {
      await validate({ variables: { id: p.id } });
      navigate('..', { state: { decided: t('payments.payment.validated', { reference: p.reference, number: o.number }) } });
    } catch (error) {
      fail(error);
    }
  };
  const submitReject = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const trimmed = reason.trim();
    if (trimmed.length < 3 || trimmed.length > 500) {
      setReasonError(t('payments.payment.reasonInvalid'));
      document.getElementById(`${ids}-reason`)?.focus();
      return;
    }
    setReasonError(null);
    try {
      await reject({ variables: { id: p.id, reason: trimmed } });
      navigate('..', { state: { decided: t('payments.payment.rejected', { reference: p.reference, number: o.number }) } });
    } catch (error) {
      fail(error);
    }
  };
  const after = p.balanceAfterValidation;

  return (
    <section aria-labelledby="payment-title">
      {back}
      <h1 id="payment-title">{t('payments.payment.title', { reference: p.reference, number: o.number })}</h1>
      <div className="request-layout">
        <div className="request-facts">
          <h2>{t('payments.payment.proof')}</h2>
          {p.proof ? (
            <a href={`/uploads/${p.proof.id}`} target="_blank" rel="noopener noreferrer">
              <img className="proof" src={`/uploads/${p.proof.id}`} alt={t('payments.payment.proofAlt', { reference: p.reference })} />
            </a>
          ) : (
            <p className="empty">{t('payments.payment.noProof')}</p>
          )}
        </div>
        <div className="request-work">
          <h2>{t('payments.payment.thisPayment')}</h2>
          <dl className="facts">
            <dt>{t('payments.col.state')}</dt>
            <dd>
              <span className={`badge pay-${p.state}`}>{t(`payState.${p.state}`)}</span>
            </dd>
            <dt>{t('payments.col.customer')}</dt>
            <dd>{o.customer ? `${o.customer.fullName} · ${o.customer.code} · ${o.customer.phone}` : '—'}</dd>
            <dt>{t('payments.col.method')}</dt>
            <dd>{t(`payMethod.${p.method}`)}</dd>
            <dt>{t('payments.col.reference')}</dt>
            <dd>{p.reference}</dd>
            <dt>{t('payments.col.reported')}</dt>
            <dd>{formatDateTime(locale, p.createdAt)}</dd>
            <dt>{t('payments.col.amount')}</dt>
            <dd>
              <strong>{money(p.amountMinor, p.currency)}</strong>
            </dd>
            <dt>{t('payments.payment.credits')}</dt>
            <dd>{t('payments.payment.creditsValue', { usd: money(p.creditedUsdMinor, 'USD') })}</dd>
          </dl>

          <h2>{t('payments.payment.orderDue', { number: o.number })}</h2>
          <TableWrap label={t('payments.payment.orderDue', { number: o.number })}>
            <table className="amounts">
              <caption className="visually-hidden">{t('payments.payment.orderDue', { number: o.number })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('payments.payment.concept')}</th>
                  <th scope="col" className="num">USD</th>
                  <th scope="col" className="num">VES</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{t('payments.payment.total')}</th>
                  <td className="num">{money(o.totalUsdMinor, 'USD')}</td>
                  <td className="num">{money(o.totalVesMinor, 'VES')}</td>
                </tr>
                <tr>
                  <th scope="row">{t('payments.payment.paid')}</th>
                  <td className="num">{money(o.settledUsdMinor, 'USD')}</td>
                  <td className="num">—</td>
                </tr>
                <tr>
                  <th scope="row">{t('payments.payment.outstanding')}</th>
                  <td className="num">{money(o.outstandingUsdMinor, 'USD')}</td>
                  <td className="num">{money(o.outstandingVesMinor, 'VES')}</td>
                </tr>
              </tbody>
            </table>
          </TableWrap>
          <p className="hint">
            {t('payments.payment.rate', { rate: formatRate(locale, o.vesPerUsd), discount: formatFraction(locale, o.usdPaymentDiscount), payable: money(o.usdPayableMinor, 'USD') })}
          </p>

          {after ? (
            <div className={after.orderState === 'PAID' ? 'notice' : 'partial'} role="note" aria-label={t('payments.payment.afterTitle')}>
              <h3>{t('payments.payment.afterTitle')}</h3>
              {after.orderState === 'PAID' ? (
                <p>{t('payments.payment.afterPaid', { number: o.number })}</p>
              ) : (
                <p>
                  {t('payments.payment.afterPartial', {
                    usd: money(after.outstandingUsdMinor, 'USD'),
                    ves: money(after.outstandingVesMinor, 'VES'),
                    payable: money(after.usdPayableMinor, 'USD'),
                  })}
                </p>
              )}
            </div>
          ) : (
            <p className="notice" role="status">
              {p.state === 'REJECTED' ? t('payments.payment.alreadyRejected', { reason: p.rejectionReason ?? '' }) : t('payments.payment.alreadyValidated')}
            </p>
          )}

          {p.state === 'SUBMITTED' ? (
            <div className="decide">
              <ClaimPanel
                subject={{ type: 'PAYMENT', id: p.id }}
                holder={p}
                now={now}
                mayWork={can('payment:validate')}
                takeLabel={t('payments.payment.take')}
                refetch={() => query.refetch()}
              />
              <fieldset className="plain" disabled={!mayWork}>
              <div className="actions">
                <button type="button" className="primary" onClick={() => void approve()} disabled={validating.loading || rejecting.loading}>
                  {validating.loading ? t('payments.payment.validating') : t('payments.payment.validate')}
                </button>
              </div>
              <form onSubmit={submitReject} noValidate aria-labelledby={`${ids}-reject`}>
                <h3 id={`${ids}-reject`}>{t('payments.payment.rejectTitle')}</h3>
                <div className="field">
                  <label htmlFor={`${ids}-reason`}>{t('payments.payment.reason')}</label>
                  <textarea
                    id={`${ids}-reason`}
                    rows={3}
                    maxLength={500}
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    aria-invalid={reasonError ? true : undefined}
                    aria-describedby={reasonError ? `${ids}-reason-error` : `${ids}-reason-hint`}
                  />
                  {reasonError ? (
                    <p id={`${ids}-reason-error`} className="field-error">
                      {reasonError}
                    </p>
                  ) : (
                    <p id={`${ids}-reason-hint`} className="hint">
                      {t('payments.payment.reasonHint')}
                    </p>
                  )}
                </div>
                <button type="submit" disabled={validating.loading || rejecting.loading}>
                  {rejecting.loading ? t('payments.payment.rejecting') : t('payments.payment.reject')}
                </button>
              </form>
              </fieldset>
              <Problem text={problem} />
            </div>
          ) : null}

          {o.payments.length > 1 ? (
            <>
              <h3>{t('payments.payment.others')}</h3>
              <ul className="plain">
                {o.payments
                  .filter((other) => other.id !== p.id)
                  .map((other) => (
                    <li key={other.id}>
                      {formatDateTime(locale, other.createdAt)} · {other.reference} · {money(other.amountMinor, other.currency)} · {t(`payState.${other.state}`)}
                    </li>
                  ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>
    </section>
  );
}
