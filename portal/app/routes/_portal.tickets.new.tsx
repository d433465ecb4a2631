import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { useState } from 'react';
import { FaqSuggestions } from '../components/faq-suggestions';
import { FieldErrors, FormError } from '../components/field';
import { Submit } from '../components/submit';
import { TICKET_CATEGORIES, ticketSchema } from '../forms/schemas';
import { CreateMyTicket } from '../graphql/tickets.server';
import { useT } from '../i18n/i18n';
import { title } from '../lib/meta';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';

export const meta = title('ticketNew.title');

/** Signed-in customers only (the form posts as them). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  if (!api.signedIn) throw redirect(`/sign-in?redirectTo=${encodeURIComponent('/tickets/new')}`);
  return null;
}

/** createMyTicket; refusals come back as the form's error. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const submission = parseWithZod(await request.formData(), { schema: ticketSchema(t) });
  if (submission.status !== 'success') return data({ result: submission.reply() }, 400);
  const { category, ...rest } = submission.value;
  const answer = await api.asCustomer(CreateMyTicket, { input: { ...rest, category: category ?? null } });
  if (answer.refusal) return data({ result: submission.reply({ formErrors: [refusalText(t, locale, answer.refusal)] }) }, { status: 400, headers: await api.headers() });
  return redirect(`/tickets/${answer.data.createMyTicket.id}`, { headers: await api.headers() });
}

export default function NewTicketPage() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [typed, setTyped] = useState({ subject: '', description: '' });
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ticketSchema(t) }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  const subject = getInputProps(fields.subject, { type: 'text' });
  const description = getTextareaProps(fields.description, { ariaDescribedBy: `${fields.description.id}-hint` });
  return (
    <section className="card">
      <h1>{t('ticketNew.title')}</h1>
      <p>{t('ticketNew.intro')}</p>
      <Form method="post" {...getFormProps(form)}>
        <div className="field">
          <label htmlFor={fields.subject.id}>{t('ticketNew.subject')}</label>
          <input {...subject} key={subject.key} maxLength={200} onChange={(e) => setTyped((v) => ({ ...v, subject: e.target.value }))} />
          <FieldErrors field={fields.subject} />
        </div>
        <div className="field">
          <label htmlFor={fields.description.id}>{t('ticketNew.description')}</label>
          <p className="hint" id={`${fields.description.id}-hint`}>
            {t('ticketNew.descriptionHint')}
          </p>
          <textarea {...description} key={description.key} rows={5} onChange={(e) => setTyped((v) => ({ ...v, description: e.target.value }))} />
          <FieldErrors field={fields.description} />
        </div>
        <FaqSuggestions text={`${typed.subject} ${typed.description}`} />
        <div className="field">
          <label htmlFor={fields.category.id}>
            {t('ticketNew.category')} <span className="optional">{t('form.optional')}</span>
          </label>
          <select id={fields.category.id} name={fields.category.name} defaultValue="">
            <option value="">{t('ticketNew.categoryAuto')}</option>
            {TICKET_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`ticketCategory.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <FormError id={form.errorId} errors={form.errors} />
        <Submit>{t('ticketNew.submit')}</Submit>
      </Form>
    </section>
  );
}
