import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { Field, FormError, Notice } from '../components/field';
import { Submit } from '../components/submit';
import { verifySchema } from '../forms/schemas';
import { ResendVerificationCode, VerifyPhone } from '../graphql/account.server';
import { formatTime } from '../i18n/format';
import { useLocale, useT } from '../i18n/i18n';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';
import { RESEND_SECONDS } from '../lib/session.server';
import { title } from '../lib/meta';

export const meta = title('verify.title');

/** The pending sign-up from the session; without one, back to the sign-up form. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const registration = api.session.get('registration');
  if (!registration) throw redirect('/sign-up');
  return { phone: registration.phone, expiresAt: registration.expiresAt, resendAt: registration.resendAt, now: new Date().toISOString() };
}

/** `intent=verify`: verifyPhone signs the new customer in. `intent=resend`: another code, 60 s apart. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const registration = api.session.get('registration');
  if (!registration) throw redirect('/sign-up');
  const formData = await request.formData();
  if (formData.get('intent') === 'resend') {
    const answer = await api.anonymous(ResendVerificationCode, { registrationId: registration.registrationId });
    if (answer.refusal) return data({ result: undefined, resent: false, resendError: refusalText(t, locale, answer.refusal) }, 400);
    api.session.set('registration', {
      ...registration,
      expiresAt: answer.data.resendVerificationCode,
      resendAt: new Date(Date.now() + RESEND_SECONDS * 1000).toISOString(),
    });
    api.touch();
    return data({ result: undefined, resent: true, resendError: undefined }, { headers: await api.headers() });
  }
  const submission = parseWithZod(formData, { schema: verifySchema(t) });
  if (submission.status !== 'success') return data({ result: submission.reply(), resent: false, resendError: undefined }, 400);
  const answer = await api.anonymous(VerifyPhone, { input: { registrationId: registration.registrationId, code: submission.value.code } });
  if (answer.refusal) {
    const message = refusalText(t, locale, answer.refusal);
    const reply = answer.refusal.code.startsWith('VERIFICATION_CODE') ? { fieldErrors: { code: [message] } } : { formErrors: [message] };
    return data({ result: submission.reply(reply), resent: false, resendError: undefined }, 400);
  }
  api.session.unset('registration');
  api.signIn(answer.data.verifyPhone);
  return redirect('/', { headers: await api.headers() });
}

/** Seconds left until `resendAt`, ticking each second in the browser (the server renders the first value). */
function useSecondsUntil(resendAt: string, now: string): number {
  const offset = Date.parse(resendAt) - Date.parse(now);
  const [left, setLeft] = useState(Math.max(0, Math.ceil(offset / 1000)));
  useEffect(() => {
    const target = Date.now() + Math.max(0, offset);
    const tick = () => setLeft(Math.max(0, Math.ceil((target - Date.now()) / 1000)));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [offset]);
  return left;
}

export default function VerifyPage() {
  const t = useT();
  const locale = useLocale();
  const { phone, expiresAt, resendAt, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const secondsLeft = useSecondsUntil(resendAt, now);
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: verifySchema(t) }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  return (
    <>
      <h1>{t('verify.title')}</h1>
      {actionData?.resent ? <Notice>{t('verify.resent')}</Notice> : null}
      <p>{t('verify.sent', { phone, time: formatTime(locale, expiresAt) })}</p>
      <p className="hint note">{t('verify.privacy')}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="verify" />
        <Field meta={fields.code} label={t('verify.code')} type="text" autoComplete="one-time-code" inputMode="numeric" />
        <FormError id={form.errorId} errors={form.errors} />
        <Submit>{t('verify.submit')}</Submit>
      </Form>
      <Form method="post" className="resend">
        <p id="resend-status">{secondsLeft > 0 ? t('verify.resendIn', { seconds: secondsLeft }) : t('verify.resendReady')}</p>
        <button type="submit" name="intent" value="resend" className="button secondary" disabled={secondsLeft > 0} aria-describedby="resend-status">
          {t('verify.resend')}
        </button>
        <div role="alert">{actionData?.resendError ? <p className="form-error">{actionData.resendError}</p> : null}</div>
      </Form>
      <p>
        <Link to="/sign-up">{t('verify.startOver')}</Link>
      </p>
    </>
  );
}
