import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { Field, FormError } from '../components/field';
import { Submit } from '../components/submit';
import { TrackingTimeline } from '../components/tracking-timeline';
import { trackingSchema } from '../forms/schemas';
import { PublicTracking } from '../graphql/public.server';
import { formatDate } from '../i18n/format';
import { useLocale, useT } from '../i18n/i18n';
import { title } from '../lib/meta';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';
import type { loader as rootLoader } from '../root';

export const meta = title('track.title');

/** A shared link `/track?number=PO-…` fills in the number; the second factor never travels in a URL. */
export function loader({ request }: LoaderFunctionArgs) {
  const number = new URL(request.url).searchParams.get('number')?.trim().slice(0, 40) ?? '';
  return { number };
}

/**
 * publicTracking without a session (signed-in visitors too): the form is posted, so the second factor stays
 * out of the address bar and the history. Refusals (TRACKING_NOT_FOUND, TOO_MANY_ATTEMPTS) in plain words.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const submission = parseWithZod(await request.formData(), { schema: trackingSchema(t) });
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['secondFactor'] }), orders: null }, 400);
  const { number, secondFactor } = submission.value;
  const answer = await api.anonymous(PublicTracking, { number, secondFactor });
  if (answer.refusal) {
    const status = answer.refusal.code === 'TOO_MANY_ATTEMPTS' ? 429 : 404;
    return data({ result: submission.reply({ formErrors: [refusalText(t, locale, answer.refusal)], hideFields: ['secondFactor'] }), orders: null }, status);
  }
  return { result: submission.reply({ hideFields: ['secondFactor'] }), orders: answer.data.publicTracking };
}

export default function TrackPage() {
  const t = useT();
  const locale = useLocale();
  const { number } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { number },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: trackingSchema(t) }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  const orders = actionData?.orders ?? null;
  return (
    <>
      <section className="card narrow">
        <h1>{t('track.title')}</h1>
        <p>{t('track.intro')}</p>
        {/* Posted to the bare /track: whatever a shared link carried leaves the address bar. */}
        <Form method="post" action="/track" {...getFormProps(form)}>
          <Field meta={fields.number} label={t('track.number')} hint={t('track.numberHint')} type="text" autoComplete="off" />
          <Field meta={fields.secondFactor} label={t('track.secondFactor')} hint={t('track.secondFactorHint')} type="text" autoComplete="off" />
          <FormError id={form.errorId} errors={form.errors} />
          <Submit>{t('track.submit')}</Submit>
        </Form>
        {root?.signedIn ? null : (
          <p>
            {t('track.signIn')} <Link to="/sign-in">{t('nav.signIn')}</Link>
          </p>
        )}
      </section>
      {orders?.map((order) => (
        <section key={order.orderNumber} className="card tracked-order" aria-labelledby={`order-${order.orderNumber}`}>
          <h2 id={`order-${order.orderNumber}`}>{t('track.order', { number: order.orderNumber })}</h2>
          <dl className="details">
            <dt>{t('track.phase')}</dt>
            <dd className="state">{t(`trackingPhase.${order.phase}`)}</dd>
            {order.estimatedDeliveryAt ? (
              <>
                <dt>{t('track.eta')}</dt>
                <dd>
                  <time dateTime={order.estimatedDeliveryAt}>{formatDate(locale, order.estimatedDeliveryAt)}</time>
                </dd>
              </>
            ) : null}
          </dl>
          <h3>{t('track.timeline')}</h3>
          <TrackingTimeline events={order.events} />
          <h3>{t('track.packages')}</h3>
          {order.packages.length === 0 ? (
            <p className="empty">{t('track.noPackages')}</p>
          ) : (
            <ul>
              {order.packages.map((p) => (
                <li key={p.number}>{p.boxNumber ? t('track.packageInBox', { number: p.number, box: p.boxNumber }) : t('track.package', { number: p.number })}</li>
              ))}
            </ul>
          )}
          <p>
            {t('track.share')}:{' '}
            <Link className="share-link" to={`/track?number=${encodeURIComponent(order.orderNumber)}`}>
              /track?number={order.orderNumber}
            </Link>
          </p>
        </section>
      ))}
    </>
  );
}
