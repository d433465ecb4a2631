import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { Field, FormError } from '../components/field';
import { Submit } from '../components/submit';
import { TraceHistory, TraceQr, TraceStatus, VerifyYourself } from '../components/trace-verification';
import { claimUnitSchema } from '../forms/schemas';
import { ClaimUnit, RecordUnitScan, UnitTraceQuery } from '../graphql/trace.server';
import { formatDateTime } from '../i18n/format';
import { useLocale, useT } from '../i18n/i18n';
import { useTraceLive } from '../live/use-trace-live';
import { title } from '../lib/meta';
import type { Refusal } from '../lib/api.server';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';
import type { loader as rootLoader } from '../root';

export const meta = title('trace.title');

/** Longest unit id or code the page accepts; anything longer is no unit of ours (404). */
const MAX_UNIT_ID = 64;

/**
 * `/trace/:unitId` (code U-… or id), the public page a unit's QR code opens. Each open counts a scan (the API
 * keeps one per visitor connection and hour), then the unit's history is verified against the chain now.
 * Unknown units are a 404 page; too many unknown lookups from one connection say how long to wait.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const unitId = params.unitId ?? '';
  if (unitId.length === 0 || unitId.length > MAX_UNIT_ID) throw new Response('Not found', { status: 404 });
  const { api, locale, t } = await page(request, context);
  const refuse = (refusal: Refusal): never => {
    if (refusal.code === 'TRACE_NOT_FOUND') throw new Response('Not found', { status: 404 });
    throw data({ message: refusalText(t, locale, refusal) }, 429);
  };
  const scan = await api.anonymous(RecordUnitScan, { unit: unitId });
  if (scan.refusal) refuse(scan.refusal);
  const answer = await api.anonymous(UnitTraceQuery, { unit: unitId });
  if (answer.refusal) return refuse(answer.refusal);
  return answer.data.traceUnit;
}

/**
 * The buyer's claim: with the slip's code (anyone holding it), or — signed in as the customer it was sold to —
 * with no code. Refusals (wrong code, already claimed, too many attempts) in plain words beside the form.
 */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const submission = parseWithZod(await request.formData(), { schema: claimUnitSchema(t) });
  if (submission.status !== 'success') return data({ result: submission.reply(), claimed: false }, 400);
  const variables = { input: { unit: params.unitId ?? '', code: submission.value.code || null } };
  const answer = (await api.whenSignedIn(ClaimUnit, variables)) ?? (await api.anonymous(ClaimUnit, variables));
  if (answer.refusal) {
    const result = submission.reply({ formErrors: [refusalText(t, locale, answer.refusal)] });
    return data({ result, claimed: false }, { status: answer.refusal.code === 'TOO_MANY_ATTEMPTS' ? 429 : 400, headers: await api.headers() });
  }
  return data({ result: submission.reply({ resetForm: true }), claimed: true }, { headers: await api.headers() });
}

export default function TracePage() {
  const t = useT();
  const locale = useLocale();
  const trace = useLoaderData<typeof loader>();
  useTraceLive({ unit: trace.unit.code });
  const { unit, verification, scans, label } = trace;
  return (
    <section className="card" aria-labelledby="trace-title">
      <h1 id="trace-title">{t('trace.title')}</h1>
      <p>{t('trace.intro')}</p>
      <dl className="details">
        <dt>{t('trace.product')}</dt>
        <dd>{unit.product}</dd>
        <dt>{t('trace.unit')}</dt>
        <dd className="unit-id">{unit.code}</dd>
        {unit.lot ? (
          <>
            <dt>{t('trace.lot')}</dt>
            <dd>{unit.lot}</dd>
          </>
        ) : null}
        {unit.producer ? (
          <>
            <dt>{t('trace.producer')}</dt>
            <dd>{unit.producer}</dd>
          </>
        ) : null}
      </dl>
      <TraceStatus verification={verification} />
      <section aria-labelledby="trace-scans-title">
        <h2 id="trace-scans-title">{t('trace.scansTitle')}</h2>
        <p>{t('trace.scans', { count: scans.scans })}</p>
        {scans.claimedAt ? (
          <>
            <p>
              <strong>{t('trace.claimed', { at: formatDateTime(locale, scans.claimedAt) })}</strong>
            </p>
            {scans.scansAfterClaimElsewhere > 0 ? (
              <div className="warning">
                <p>{t('trace.afterClaim', { count: scans.scansAfterClaimElsewhere })}</p>
                <p>{t('trace.cloneWarning')}</p>
              </div>
            ) : null}
          </>
        ) : scans.soldAt ? (
          <p>{t('trace.soldUnclaimed', { at: formatDateTime(locale, scans.soldAt) })}</p>
        ) : (
          <p>{t('trace.notSold')}</p>
        )}
        {scans.soldAt && !scans.claimedAt ? <ClaimForm /> : null}
      </section>
      <TraceHistory verification={verification} />
      <TraceQr label={label} />
      <VerifyYourself verification={verification} fileName={`morna-trace-${unit.code}.json`} />
    </section>
  );
}

/** The claim form (claimUnitSchema): the code is optional for the signed-in buyer. */
function ClaimForm() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: claimUnitSchema(t) }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  if (actionData?.claimed) return <p className="notice" role="status">{t('trace.claimDone')}</p>;
  return (
    <section aria-labelledby="trace-claim-title">
      <h3 id="trace-claim-title">{t('trace.claimTitle')}</h3>
      <p>{t('trace.claimBody')}</p>
      <Form method="post" {...getFormProps(form)}>
        <Field meta={fields.code} label={t('trace.claimCode')} hint={t('trace.claimCodeHint')} type="text" autoComplete="off" />
        <FormError id={form.errorId} errors={form.errors} />
        <Submit>{t('trace.claimSubmit')}</Submit>
      </Form>
      {root?.signedIn ? null : (
        <p>
          <Link to="/sign-in">{t('nav.signIn')}</Link>
        </p>
      )}
    </section>
  );
}
