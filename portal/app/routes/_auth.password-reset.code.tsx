import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { Field, FormError } from '../components/field';
import { Submit } from '../components/submit';
import { resetPasswordSchema } from '../forms/schemas';
import { ResetPassword } from '../graphql/account.server';
import { useT } from '../i18n/i18n';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';
import { title } from '../lib/meta';

export const meta = title('reset.codeTitle');

/** The login the code was asked for; without one, back to the first step. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const login = api.session.get('resetLogin');
  if (!login) throw redirect('/password-reset');
  return { login };
}

/** resetPassword with the WhatsApp code; then sign in with the new password. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const login = api.session.get('resetLogin');
  if (!login) throw redirect('/password-reset');
  const submission = parseWithZod(await request.formData(), { schema: resetPasswordSchema(t) });
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['newPassword'] }) }, 400);
  const answer = await api.anonymous(ResetPassword, { input: { login, ...submission.value } });
  if (answer.refusal) {
    const message = refusalText(t, locale, answer.refusal);
    const reply = answer.refusal.code === 'RESET_CODE_INVALID' ? { fieldErrors: { code: [message] } } : { formErrors: [message] };
    return data({ result: submission.reply({ ...reply, hideFields: ['newPassword'] }) }, 400);
  }
  api.session.unset('resetLogin');
  api.session.flash('notice', 'signIn.passwordChanged');
  api.touch();
  return redirect('/sign-in', { headers: await api.headers() });
}

export default function PasswordResetCodePage() {
  const t = useT();
  const { login } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema(t) }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  return (
    <>
      <h1>{t('reset.codeTitle')}</h1>
      <p>{t('reset.codeIntro', { login })}</p>
      <Form method="post" {...getFormProps(form)}>
        <Field meta={fields.code} label={t('reset.code')} type="text" autoComplete="one-time-code" inputMode="numeric" />
        <Field meta={fields.newPassword} label={t('reset.newPassword')} type="password" autoComplete="new-password" hint={t('signUp.passwordHint')} />
        <FormError id={form.errorId} errors={form.errors} />
        <Submit>{t('reset.save')}</Submit>
      </Form>
      <p>
        <Link to="/password-reset">{t('reset.again')}</Link>
      </p>
    </>
  );
}
