import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { Field, FormError } from '../components/field';
import { Submit } from '../components/submit';
import { resetRequestSchema } from '../forms/schemas';
import { RequestPasswordReset } from '../graphql/account.server';
import { useT } from '../i18n/i18n';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';
import { title } from '../lib/meta';

export const meta = title('reset.title');

/** requestPasswordReset: the API answers alike whether or not the account exists. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const submission = parseWithZod(await request.formData(), { schema: resetRequestSchema(t) });
  if (submission.status !== 'success') return data({ result: submission.reply() }, 400);
  const answer = await api.anonymous(RequestPasswordReset, { login: submission.value.login });
  if (answer.refusal) return data({ result: submission.reply({ formErrors: [refusalText(t, locale, answer.refusal)] }) }, 400);
  api.session.set('resetLogin', submission.value.login);
  api.touch();
  return redirect('/password-reset/code', { headers: await api.headers() });
}

export default function PasswordResetPage() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetRequestSchema(t) }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  return (
    <>
      <h1>{t('reset.title')}</h1>
      <p>{t('reset.intro')}</p>
      <Form method="post" {...getFormProps(form)}>
        <Field meta={fields.login} label={t('reset.login')} type="text" autoComplete="username" />
        <FormError id={form.errorId} errors={form.errors} />
        <Submit>{t('reset.submit')}</Submit>
      </Form>
      <p>
        <Link to="/sign-in">{t('nav.signIn')}</Link>
      </p>
    </>
  );
}
