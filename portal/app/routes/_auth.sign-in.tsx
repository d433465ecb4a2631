import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { Field, FormError, Notice } from '../components/field';
import { Submit } from '../components/submit';
import { signInSchema } from '../forms/schemas';
import { SignIn, SignOut } from '../graphql/account.server';
import { useT, type MessageKey } from '../i18n/i18n';
import { safeRedirect } from '../lib/redirect.server';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';
import { title } from '../lib/meta';

export const meta = title('signIn.title');

/** Shows a flash notice (signed out, password changed) or the "session expired" note. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const notice: MessageKey | undefined = api.session.get('notice') ?? (new URL(request.url).searchParams.has('expired') ? 'signIn.sessionExpired' : undefined);
  if (api.session.has('notice')) api.touch();
  return data({ notice }, { headers: await api.headers() });
}

/** signIn with a username, email or customer code; staff accounts are sent to the back-office. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const submission = parseWithZod(await request.formData(), { schema: signInSchema(t) });
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: ['password'] }) }, 400);
  const { login, password, redirectTo } = submission.value;
  const answer = await api.anonymous(SignIn, { input: { login, password } });
  if (answer.refusal) return data({ result: submission.reply({ formErrors: [refusalText(t, locale, answer.refusal)], hideFields: ['password'] }) }, 400);
  const { user, ...tokens } = answer.data.signIn;
  if (user.kind !== 'CUSTOMER') {
    await api.anonymous(SignOut, { refreshToken: tokens.refreshToken });
    return data({ result: submission.reply({ formErrors: [t('signIn.staffAccount')], hideFields: ['password'] }) }, 400);
  }
  api.signIn(tokens);
  return redirect(safeRedirect(redirectTo), { headers: await api.headers() });
}

export default function SignInPage() {
  const t = useT();
  const { notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema(t) }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  return (
    <>
      <h1>{t('signIn.title')}</h1>
      {notice ? <Notice>{t(notice)}</Notice> : null}
      <p>{t('signIn.intro')}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
        <Field meta={fields.login} label={t('signIn.login')} type="text" autoComplete="username" />
        <Field meta={fields.password} label={t('signIn.password')} type="password" autoComplete="current-password" />
        <FormError id={form.errorId} errors={form.errors} />
        <Submit>{t('signIn.submit')}</Submit>
      </Form>
      <p>
        <Link to="/password-reset">{t('signIn.forgot')}</Link>
      </p>
      <p>
        {t('signIn.noAccount')} <Link to="/sign-up">{t('nav.signUp')}</Link>
      </p>
      <p>
        {t('signIn.track')} <Link to="/track">{t('nav.track')}</Link>
      </p>
    </>
  );
}
