import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { Field, FormError } from '../components/field';
import { Submit } from '../components/submit';
import { signUpSchema } from '../forms/schemas';
import { RegisterCustomer } from '../graphql/account.server';
import { useT } from '../i18n/i18n';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';
import { RESEND_SECONDS } from '../lib/session.server';
import { title } from '../lib/meta';

export const meta = title('signUp.title');

/** registerCustomer: the API sends the WhatsApp code; the pending sign-up waits in the session. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const submission = parseWithZod(await request.formData(), { schema: signUpSchema(t) });
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['password'] }) }, 400);
  const answer = await api.anonymous(RegisterCustomer, { input: submission.value });
  if (answer.refusal) {
    const message = refusalText(t, locale, answer.refusal);
    const reply = answer.refusal.code === 'INVALID_PHONE' ? { fieldErrors: { phone: [message] } } : { formErrors: [message] };
    return data({ result: submission.reply({ ...reply, hideFields: ['password'] }) }, 400);
  }
  const { registrationId, verificationExpiresAt } = answer.data.registerCustomer;
  api.session.set('registration', {
    registrationId,
    phone: submission.value.phone,
    expiresAt: verificationExpiresAt,
    resendAt: new Date(Date.now() + RESEND_SECONDS * 1000).toISOString(),
  });
  api.touch();
  return redirect('/sign-up/verify', { headers: await api.headers() });
}

export default function SignUpPage() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signUpSchema(t) }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  return (
    <>
      <h1>{t('signUp.title')}</h1>
      <p>{t('signUp.intro')}</p>
      <Form method="post" {...getFormProps(form)}>
        <Field meta={fields.fullName} label={t('signUp.fullName')} type="text" autoComplete="name" />
        <Field meta={fields.username} label={t('signUp.username')} type="text" autoComplete="username" hint={t('signUp.usernameHint')} />
        <Field meta={fields.phone} label={t('signUp.phone')} type="tel" autoComplete="tel" hint={t('signUp.phoneHint')} />
        <Field meta={fields.email} label={t('signUp.email')} type="email" autoComplete="email" optional={t('form.optional')} />
        <Field meta={fields.password} label={t('signUp.password')} type="password" autoComplete="new-password" hint={t('signUp.passwordHint')} />
        <FormError id={form.errorId} errors={form.errors} />
        <Submit>{t('signUp.submit')}</Submit>
      </Form>
      <p>
        {t('signUp.haveAccount')} <Link to="/sign-in">{t('nav.signIn')}</Link>
      </p>
    </>
  );
}
