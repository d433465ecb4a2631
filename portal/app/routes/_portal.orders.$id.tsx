import { parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { Countdown } from '../components/countdown';
import { FormError, Notice } from '../components/field';
import { PaymentForm } from '../components/payment-form';
import { SurveyForm } from '../components/survey-form';
import { TrackingTimeline } from '../components/tracking-timeline';
import { orderActionSchema } from '../forms/schemas';
import { OrderPage, SubmitPayment, SubmitSurvey } from '../graphql/orders.server';
import type { PortalOrderQuery } from '../graphql/generated/graphql';
import { formatDate, formatDateTime, formatDecimal, formatMoney, formatPercent, formatTime } from '../i18n/format';
import { useLocale, useT, type MessageKey } from '../i18n/i18n';
import { ApiUnavailable } from '../lib/api.server';
import { title } from '../lib/meta';
import { usdToVesMinor } from '../lib/money';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';
import { useLiveRefresh } from '../live/use-live-refresh';

export const meta = title('orders.title');

type Order = PortalOrderQuery['order'];

/** Answers that mean "no such order for you": another customer's id, a malformed id. */
const notFound = new Set(['NOT_FOUND', 'BAD_USER_INPUT', 'FORBIDDEN']);
/** States in which the order takes payments (the API's checkPaymentSubmission). */
const payable = new Set(['PENDING_PAYMENT', 'PARTIALLY_PAID']);

/** The order with its money, payments, packages, tracking and survey: one round trip. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const answer = await api.asCustomer(OrderPage, { id: params.id! });
  if (answer.refusal && notFound.has(answer.refusal.code)) throw new Response('Not found', { status: 404 });
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  return data({ order: answer.data.order }, { headers: await api.headers() });
}

/**
 * submitPayment or submitSurvey, told apart by `intent`. Refusals come back beside what they refuse:
 * PAYMENT_EXCEEDS_BALANCE at the amount, a missing proof at the proof, PAYMENT_DEADLINE_PASSED,
 * ORDER_CANCELLED, ORDER_ALREADY_PAID and SURVEY_ALREADY_SUBMITTED under the form; the page reloads its
 * data either way (a refusal may mean the order changed).
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const submission = parseWithZod(await request.formData(), { schema: orderActionSchema(t) });
  if (submission.status !== 'success') return data({ intent: submission.payload.intent, result: submission.reply(), done: null }, 400);
  const value = submission.value;
  const answer =
    value.intent === 'pay'
      ? await api.asCustomer(SubmitPayment, {
          input: { orderId: params.id!, method: value.method, amountMinor: value.amount, reference: value.reference, proofUploadId: value.proofUploadId ?? null },
        })
      : await api.asCustomer(SubmitSurvey, {
          input: {
            surveyId: value.surveyId,
            generalScore: value.generalScore,
            responseTimeScore: value.responseTimeScore,
            qualityScore: value.qualityScore,
            priceScore: value.priceScore,
            attentionScore: value.attentionScore,
            recommendScore: value.recommendScore,
            comments: value.comments || null,
          },
        });
  const headers = await api.headers();
  if (answer.refusal) {
    const text = refusalText(t, locale, answer.refusal);
    const reply =
      answer.refusal.code === 'PAYMENT_EXCEEDS_BALANCE'
        ? submission.reply({ fieldErrors: { amount: [text] } })
        : value.intent === 'pay' && answer.refusal.code === 'NOT_FOUND'
          ? submission.reply({ fieldErrors: { proofUploadId: [t('payment.proofMissing')] } })
          : submission.reply({ formErrors: [text] });
    return data({ intent: value.intent, result: reply, done: null }, { status: 400, headers });
  }
  const done: MessageKey = value.intent === 'pay' ? 'payment.submitted' : 'survey.thanks';
  return data({ intent: value.intent, result: submission.reply({ resetForm: true }), done }, { headers });
}

/** Total, paid and outstanding in dollars and bolívares at the order's frozen rate. */
function MoneyTable({ order }: { order: Order }) {
  const t = useT();
  const locale = useLocale();
  const usd = (minor: number) => formatMoney(locale, minor, 'USD');
  const ves = (minor: number) => formatMoney(locale, minor, 'VES');
  return (
    <table className="money">
      <caption className="visually-hidden">{t('order.money')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('order.amount')}</th>
          <th scope="col">{t('order.inUsd')}</th>
          <th scope="col">{t('order.inVes')}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">{t('order.total')}</th>
          <td>{usd(order.totalUsdMinor)}</td>
          <td>{ves(order.totalVesMinor)}</td>
        </tr>
        <tr>
          <th scope="row">{t('order.paid')}</th>
          <td>{usd(order.settledUsdMinor)}</td>
          <td>{ves(usdToVesMinor(order.settledUsdMinor, order.vesPerUsd))}</td>
        </tr>
        <tr className="total">
          <th scope="row">{t('order.outstanding')}</th>
          <td>{usd(order.outstandingUsdMinor)}</td>
          <td>{ves(order.outstandingVesMinor)}</td>
        </tr>
      </tbody>
    </table>
  );
}

function Payments({ order }: { order: Order }) {
  const t = useT();
  const locale = useLocale();
  if (order.payments.length === 0) return <p>{t('order.noPayments')}</p>;
  return (
    <ul className="payment-list">
      {order.payments.map((p) => (
        <li key={p.id}>
          <p>
            <strong>{t('payment.line', { method: t(`paymentMethod.${p.method}`), amount: formatMoney(locale, p.amountMinor, p.currency === 'VES' ? 'VES' : 'USD') })}</strong>{' '}
            <span className={`state state-payment-${p.state.toLowerCase()}`}>{t(`paymentState.${p.state}`)}</span>
          </p>
          <p className="hint">{t('payment.reference', { reference: p.reference, date: formatDateTime(locale, p.createdAt) })}</p>
          {p.state === 'REJECTED' && p.rejectionReason ? <p className="warning">{t('payment.rejectedReason', { reason: p.rejectionReason })}</p> : null}
          {p.proof ? (
            <a href={`/uploads/${p.proof.id}`} target="_blank" rel="noopener" className="proof">
              <img src={`/uploads/${p.proof.id}`} alt={t('payment.proofLink', { reference: p.reference })} width={72} height={72} loading="lazy" />
            </a>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Packages({ order }: { order: Order }) {
  const t = useT();
  const locale = useLocale();
  if (order.packages.length === 0) return <p>{t('order.noPackages')}</p>;
  return (
    <ul className="package-list">
      {order.packages.map((p) => (
        <li key={p.id}>
          <p>
            <strong>{t('package.title', { number: p.number })}</strong> · {p.box ? t('package.box', { number: p.box.number }) : t('package.noBox')}
          </p>
          <p className="hint">
            {t('package.size', { weight: formatDecimal(locale, p.weightKg), l: p.lengthCm, w: p.widthCm, h: p.heightCm })}
            {p.repacked ? <> · {t('package.repacked')}</> : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function OrderView() {
  const t = useT();
  const locale = useLocale();
  const { order } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // Staff recording a tracking event or moving the order; payment decisions that leave the state as it
  // was (a rejection, a second partial payment) reach the customer as notifications.
  useLiveRefresh({ order: order.id });
  const takesPayments = payable.has(order.state);
  const payResult = actionData?.intent === 'pay' ? actionData : undefined;
  const surveyResult = actionData?.intent === 'survey' ? actionData : undefined;
  const discount = Number(order.usdPaymentDiscount) > 0;
  return (
    <section className="card">
      <h1>{t('order.title', { number: order.number })}</h1>
      <p>
        {t('order.status')}: <span className={`state state-${order.state.toLowerCase()}`}>{t(`orderState.${order.state}`)}</span>
      </p>
      <p>
        {t('order.product', { description: order.request.description, quantity: order.request.quantity, method: t(`method.${order.shippingMethod}`).toLowerCase() })}{' '}
        <Link to={`/quotes/${order.request.id}`}>{t('order.requestLink', { number: order.request.number })}</Link>
      </p>

      <section aria-labelledby="money-title">
        <h2 id="money-title">{t('order.money')}</h2>
        <MoneyTable order={order} />
        <p className="hint">{t('order.rate', { rate: formatDecimal(locale, order.vesPerUsd) })}</p>
        {takesPayments ? (
          <>
            {discount ? <p>{t('order.usdPayable', { amount: formatMoney(locale, order.usdPayableMinor, 'USD'), percent: formatPercent(locale, order.usdPaymentDiscount) })}</p> : null}
            <p>{t('order.deadline', { date: formatDate(locale, order.paymentDeadline), time: formatTime(locale, order.paymentDeadline) })}</p>
            <Countdown deadline={order.paymentDeadline} running="order.countdown" over="order.countdownOver" />
          </>
        ) : order.state !== 'CANCELLED' ? (
          <p>{t('order.paidInFull')}</p>
        ) : null}
      </section>

      <section aria-labelledby="payments-title">
        <h2 id="payments-title">{t('order.payments')}</h2>
        {payResult?.done ? <Notice>{t(payResult.done)}</Notice> : null}
        <Payments order={order} />
        {takesPayments ? (
          <>
            <h3>{t('payment.title')}</h3>
            <p>{t('payment.intro')}</p>
            <PaymentForm
              key={order.payments.length}
              lastResult={payResult?.result}
              outstanding={{ ves: formatMoney(locale, order.outstandingVesMinor, 'VES'), usd: formatMoney(locale, order.usdPayableMinor, 'USD') }}
            />
          </>
        ) : payResult?.result.error?.[''] ? (
          <FormError id="payment-error" errors={payResult.result.error['']} />
        ) : null}
      </section>

      {order.survey && order.state === 'DELIVERED' ? (
        <section aria-labelledby="survey-title">
          <h2 id="survey-title">{t('survey.title')}</h2>
          {order.survey.submittedAt ? (
            <>
              <Notice>{t('survey.thanks')}</Notice>
              {surveyResult?.result.error?.[''] ? <FormError id="survey-error" errors={surveyResult.result.error['']} /> : null}
            </>
          ) : (
            <>
              <p>{t('survey.intro')}</p>
              <SurveyForm surveyId={order.survey.id} lastResult={surveyResult?.result} />
            </>
          )}
        </section>
      ) : null}

      {order.state !== 'CANCELLED' ? (
        <section aria-labelledby="tracking-title">
          <h2 id="tracking-title">{t('order.tracking')}</h2>
          <TrackingTimeline
            lastMile={order.nationalDelivery === 'COURIER' ? 'OUT_FOR_DELIVERY' : 'READY_FOR_PICKUP'}
            events={order.trackingEvents.map((e) => ({ phase: e.phase, place: e.place, occurredAt: e.occurredAt, photos: e.photos.map((p) => ({ url: `/uploads/${p.id}` })) }))}
          />
        </section>
      ) : null}

      <section aria-labelledby="packages-title">
        <h2 id="packages-title">{t('order.packages')}</h2>
        <Packages order={order} />
      </section>
    </section>
  );
}
