import { getFormProps, getTextareaProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react';
import { Countdown } from '../components/countdown';
import { FieldErrors, FormError, Notice } from '../components/field';
import { Submit } from '../components/submit';
import { quoteAnswerSchema } from '../forms/schemas';
import { AcceptQuoteOption, PurchaseRequestPage, RejectQuote, RequestQuoteModification } from '../graphql/quotes.server';
import type { PortalPurchaseRequestQuery } from '../graphql/generated/graphql';
import { formatDate, formatDateTime, formatDecimal, formatMoney, formatPercent, formatTime } from '../i18n/format';
import { useLocale, useT, type MessageKey } from '../i18n/i18n';
import { ApiUnavailable } from '../lib/api.server';
import { title } from '../lib/meta';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';
import { useLiveRefresh } from '../live/use-live-refresh';

export const meta = title('quotes.title');

type PurchaseRequest = PortalPurchaseRequestQuery['purchaseRequest'];
type Option = PurchaseRequest['options'][number];

/** Answers that mean "no such request for you": another customer's id, a malformed id. */
const notFound = new Set(['NOT_FOUND', 'BAD_USER_INPUT', 'FORBIDDEN']);

/** The request with its history and current options, and the answer terms in force: one round trip. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const answer = await api.asCustomer(PurchaseRequestPage, { id: params.id! });
  if (answer.refusal && notFound.has(answer.refusal.code)) throw new Response('Not found', { status: 404 });
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  return data({ request: answer.data.purchaseRequest, terms: answer.data.myQuoteAllowance }, { headers: await api.headers() });
}

/**
 * The customer's answer: accept an option (→ the order), ask for a change with a note, or reject with a
 * reason. A refusal (QUOTE_EXPIRED, MODIFICATION_LIMIT_REACHED, INVALID_TRANSITION…) comes back beside the
 * action it refused; the page reloads its data either way, since a refusal may have changed the state.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const submission = parseWithZod(await request.formData(), { schema: quoteAnswerSchema(t) });
  if (submission.status !== 'success') return data({ intent: submission.payload.intent, result: submission.reply(), done: null }, 400);
  const requestId = params.id!;
  const value = submission.value;
  const answer =
    value.intent === 'accept'
      ? await api.asCustomer(AcceptQuoteOption, { optionId: value.optionId })
      : value.intent === 'modify'
        ? await api.asCustomer(RequestQuoteModification, { requestId, note: value.note })
        : await api.asCustomer(RejectQuote, { requestId, reason: value.reason });
  const headers = await api.headers();
  if (answer.refusal) return data({ intent: value.intent, result: submission.reply({ formErrors: [refusalText(t, locale, answer.refusal)] }), done: null }, { status: 400, headers });
  if (value.intent === 'accept') return redirect(`/quotes/${requestId}`, { headers });
  const done: MessageKey = value.intent === 'modify' ? 'quote.modifyRequested' : 'quote.rejected';
  return data({ intent: value.intent, result: submission.reply({ resetForm: true }), done }, { headers });
}

/** Reload after every answer, refused ones included: MODIFICATION_LIMIT_REACHED has rejected the purchase. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) => formMethod === 'POST' || defaultShouldRevalidate;

function Weight({ option, request }: { option: Option; request: PurchaseRequest }) {
  const t = useT();
  const locale = useLocale();
  const size = { l: request.lengthCm ?? '?', w: request.widthCm ?? '?', h: request.heightCm ?? '?' };
  const vars = { ...size, actual: formatDecimal(locale, option.actualWeightKg), volumetric: formatDecimal(locale, option.volumetricWeightKg), volume: formatDecimal(locale, option.volumeCubicMeters) };
  const key: MessageKey = option.chargeableBasis === 'VOLUME' ? 'quote.weightVolume' : option.chargeableBasis === 'VOLUMETRIC_WEIGHT' ? 'quote.weightVolumetric' : 'quote.weightActual';
  return <dd className="explain hint">{t(key, vars)}</dd>;
}

/** One priced option: the lines adding up to its all-in total, in USD and VES, the USD discount and the ETA. */
function OptionCard({ option, request, discount, canAnswer }: { option: Option; request: PurchaseRequest; discount: string; canAnswer: boolean }) {
  const t = useT();
  const locale = useLocale();
  const usd = (minor: number) => formatMoney(locale, minor, 'USD');
  // What paying in dollars costs with the discount in force (frozen on the order at acceptance).
  const discounted = option.totalUsdMinor - Math.round(option.totalUsdMinor * Number(discount));
  const headingId = `option-${option.id}`;
  return (
    <article className="option" aria-labelledby={headingId}>
      <h3 id={headingId}>{t(`method.${option.shippingMethod}`)}</h3>
      <dl className="lines">
        <dt>{t('quote.productAndService')}</dt>
        <dd>{usd(option.productAndServiceMinor)}</dd>
        <dt>{t('quote.freight')}</dt>
        <dd>{usd(option.freightMinor)}</dd>
        <Weight option={option} request={request} />
        <dt>{t('quote.nationalDelivery')}</dt>
        <dd>{usd(option.nationalDeliveryMinor)}</dd>
        <dt className="total">{t('quote.total')}</dt>
        <dd className="total">{usd(option.totalUsdMinor)}</dd>
        <dt>{t('quote.totalVes')}</dt>
        <dd>{formatMoney(locale, option.totalVesMinor, 'VES')}</dd>
        <dd className="explain hint">{t('quote.rate', { rate: formatDecimal(locale, option.vesPerUsd) })}</dd>
      </dl>
      {Number(discount) > 0 ? <p className="discount">{t('quote.usdDiscount', { amount: usd(discounted), percent: formatPercent(locale, discount) })}</p> : null}
      <p>{t('quote.eta', { date: formatDate(locale, option.estimatedDeliveryAt) })}</p>
      {canAnswer ? (
        <Form method="post">
          <input type="hidden" name="intent" value="accept" />
          <input type="hidden" name="optionId" value={option.id} />
          <Submit>
            {t('quote.accept', { method: t(`method.${option.shippingMethod}`) })}
          </Submit>
        </Form>
      ) : null}
    </article>
  );
}

/** A note form (ask for a change / reject) with its own validation and the API's refusal beside it. */
function NoteForm({ intent, field, label, submit, children }: { intent: 'modify' | 'reject'; field: 'note' | 'reason'; label: string; submit: string; children?: React.ReactNode }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: `${intent}-form`,
    lastResult: actionData?.intent === intent ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: quoteAnswerSchema(t) }),
    shouldValidate: 'onSubmit',
  });
  const meta = fields[field as keyof typeof fields];
  const textarea = getTextareaProps(meta);
  return (
    <Form method="post" {...getFormProps(form)} className="answer">
      <input type="hidden" name="intent" value={intent} />
      {children}
      <div className="field">
        <label htmlFor={meta.id}>{label}</label>
        <textarea {...textarea} key={textarea.key} rows={3} />
        <FieldErrors field={meta} />
      </div>
      <FormError id={form.errorId} errors={form.errors} />
      <Submit secondary>
        {submit}
      </Submit>
    </Form>
  );
}

export default function PurchaseRequestView() {
  const t = useT();
  const locale = useLocale();
  const { request, terms } = useLoaderData<typeof loader>();
  useLiveRefresh({ quote: request.id });
  const actionData = useActionData<typeof action>();
  const quoted = request.state === 'QUOTED';
  const acceptRefusal = actionData?.intent === 'accept' ? actionData.result.error?.[''] : undefined;
  const left = Math.max(0, terms.modificationLimit - request.modificationsUsed);
  return (
    <section className="card">
      <h1>{t('quote.title', { number: request.number })}</h1>
      <p>
        {t('quote.status')}: <span className={`state state-${request.state.toLowerCase()}`}>{t(`quoteState.${request.state}`)}</span>
      </p>
      {actionData?.done ? <Notice>{t(actionData.done)}</Notice> : null}
      {request.order ? (
        <Notice>
          {t('quote.accepted', { number: request.order.number })} <Link to={`/orders/${request.order.id}`}>{t('quote.orderLink', { number: request.order.number })}</Link>
        </Notice>
      ) : null}

      {quoted && request.options.length > 0 ? (
        <section aria-labelledby="options-title">
          <h2 id="options-title">{t('quote.options')}</h2>
          <p>{t('quote.optionsIntro')}</p>
          {request.responseDeadline ? (
            <>
              <p>{t('quote.deadline', { date: formatDate(locale, request.responseDeadline), time: formatTime(locale, request.responseDeadline) })}</p>
              <Countdown deadline={request.responseDeadline} />
            </>
          ) : null}
          <FormError id="accept-error" errors={acceptRefusal ?? undefined} />
          <div className="options">
            {request.options.map((option) => (
              <OptionCard key={option.id} option={option} request={request} discount={terms.usdPaymentDiscount} canAnswer />
            ))}
          </div>
          <h3>{t('quote.modify')}</h3>
          <NoteForm intent="modify" field="note" label={t('quote.modifyNote')} submit={t('quote.modifySubmit')}>
            {left > 0 ? <p>{t('quote.modificationsLeft', { left, limit: terms.modificationLimit })}</p> : <p className="warning">{t('quote.lastModificationWarning', { limit: terms.modificationLimit })}</p>}
          </NoteForm>
          <h3>{t('quote.reject')}</h3>
          <NoteForm intent="reject" field="reason" label={t('quote.rejectReason')} submit={t('quote.rejectSubmit')} />
        </section>
      ) : (
        <>
          {actionData && !actionData.done && actionData.result.error?.[''] ? <FormError id="answer-error" errors={actionData.result.error['']} /> : null}
          {['SUBMITTED', 'SOURCING', 'PRICING', 'MODIFICATION_REQUESTED'].includes(request.state) ? <p>{t('quote.waiting')}</p> : null}
        </>
      )}

      <h2>{t('quote.details')}</h2>
      <dl className="details">
        <dt>{t('quote.product')}</dt>
        <dd>{request.description}</dd>
        {request.productUrl ? (
          <>
            <dt>{t('quote.link')}</dt>
            <dd className="break">
              <a href={request.productUrl} rel="noopener noreferrer nofollow" target="_blank">
                {request.productUrl}
              </a>
            </dd>
          </>
        ) : null}
        {request.photos.length > 0 ? (
          <>
            <dt>{t('quote.photos')}</dt>
            <dd>
              <p className="hint">{t('quote.photoCount', { count: request.photos.length })}</p>
              <ul className="thumbs">
                {request.photos.map((photo, index) => (
                  <li key={photo.id}>
                    {/* Each opens full size; the portal streams it from the API (routes/photos.$id.tsx). */}
                    <a href={`/uploads/${photo.id}`}>
                      <img src={`/uploads/${photo.id}`} alt={t('quote.photoAlt', { n: index + 1, count: request.photos.length })} width={96} height={96} loading="lazy" />
                    </a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>{t('quote.quantity')}</dt>
        <dd>{request.quantity}</dd>
        {request.specifications ? (
          <>
            <dt>{t('quote.specifications')}</dt>
            <dd>{request.specifications}</dd>
          </>
        ) : null}
        <dt>{t('quote.purchaseType')}</dt>
        <dd>{t(`purchaseType.${request.purchaseType}`)}</dd>
        <dt>{t('quote.methods')}</dt>
        <dd>{request.shippingMethods.map((m) => t(`method.${m}`)).join(', ')}</dd>
        <dt>{t('quote.delivery')}</dt>
        <dd>{t(`delivery.${request.nationalDelivery}`)}</dd>
      </dl>

      <h2>{t('quote.history')}</h2>
      <ol className="history">
        {request.events.map((event) => (
          <li key={event.id}>
            <time dateTime={event.at}>{formatDateTime(locale, event.at)}</time> — <strong>{event.fromState ? t(`quoteState.${event.toState}`) : t('quote.historyCreated')}</strong>
            {event.actorName ? <span className="hint"> {t('quote.historyBy', { name: event.actorName })}</span> : null}
            {event.note ? <p className="hint">{event.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
