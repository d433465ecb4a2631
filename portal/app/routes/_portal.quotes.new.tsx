import { getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useCallback, useState } from 'react';
import { AllowanceNote } from '../components/allowance';
import { Field, FieldErrors, FormError } from '../components/field';
import { PhotoPicker } from '../components/photo-picker';
import { Submit } from '../components/submit';
import { quoteRequestSchema } from '../forms/schemas';
import { CreatePurchaseRequest, NewQuoteRequestPage } from '../graphql/quotes.server';
import { useT, type MessageKey } from '../i18n/i18n';
import { ApiUnavailable } from '../lib/api.server';
import { title } from '../lib/meta';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';

export const meta = title('quoteNew.title');

/** myQuoteAllowance: how many requests remain this month, shown before the customer fills the form. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const answer = await api.asCustomer(NewQuoteRequestPage, {});
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  return data({ allowance: answer.data.myQuoteAllowance }, { headers: await api.headers() });
}

/** createPurchaseRequest; QUOTE_LIMIT_REACHED and other refusals come back as the form's error. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const submission = parseWithZod(await request.formData(), { schema: quoteRequestSchema(t) });
  if (submission.status !== 'success') return data({ result: submission.reply() }, 400);
  const { productUrl, photoUploadIds, specifications, ...rest } = submission.value;
  const answer = await api.asCustomer(CreatePurchaseRequest, {
    input: { ...rest, productUrl: productUrl ?? null, photoUploadIds: photoUploadIds ?? null, specifications: specifications || null },
  });
  if (answer.refusal) return data({ result: submission.reply({ formErrors: [refusalText(t, locale, answer.refusal)] }) }, { status: 400, headers: await api.headers() });
  return redirect(`/quotes/${answer.data.createPurchaseRequest.id}`, { headers: await api.headers() });
}

/** Radio buttons or checkboxes of one field, in a fieldset whose legend names them. */
function Choices({ meta, legend, hint, type, options }: { meta: FieldMetadata<unknown>; legend: string; hint?: string; type: 'radio' | 'checkbox'; options: [string, MessageKey][] }) {
  const t = useT();
  const initial = meta.initialValue;
  const checked = (value: string) => (Array.isArray(initial) ? initial.includes(value) : initial === value);
  return (
    <fieldset className="field choices" aria-describedby={[hint ? `${meta.id}-hint` : '', meta.errors?.length ? meta.errorId : ''].join(' ').trim() || undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={`${meta.id}-hint`}>
          {hint}
        </p>
      ) : null}
      {options.map(([value, label]) => (
        <label key={value} className="choice">
          <input type={type} name={meta.name} value={value} defaultChecked={checked(value)} aria-invalid={meta.errors?.length ? true : undefined} />
          {t(label)}
        </label>
      ))}
      <FieldErrors field={meta} />
    </fieldset>
  );
}

export default function NewQuoteRequestPageView() {
  const t = useT();
  const { allowance } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [uploading, setUploading] = useState(false);
  const onBusy = useCallback((busy: boolean) => setUploading(busy), []);
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: { quantity: '1', purchaseType: 'RETAIL', shippingMethods: ['AIR'], nationalDelivery: 'COURIER' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: quoteRequestSchema(t) }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  const formProps = getFormProps(form);
  const description = getTextareaProps(fields.description, { ariaDescribedBy: `${fields.description.id}-hint` });
  const specifications = getTextareaProps(fields.specifications, { ariaDescribedBy: `${fields.specifications.id}-hint` });
  const quantity = getInputProps(fields.quantity, { type: 'number' });
  return (
    <section className="card">
      <h1>{t('quoteNew.title')}</h1>
      <p>{t('quoteNew.intro')}</p>
      <AllowanceNote allowance={allowance} />
      <Form
        method="post"
        {...formProps}
        onSubmit={(event) => {
          // Not while a photo is still uploading: its id would be missing from the request.
          if (uploading) event.preventDefault();
          else formProps.onSubmit(event);
        }}
      >
        <Field meta={fields.productUrl} label={t('quoteNew.productUrl')} type="text" inputMode="text" optional={t('form.optional')} hint={t('quoteNew.productUrlHint')} />
        <PhotoPicker name={fields.photoUploadIds.name} onBusy={onBusy} />
        <div className="field">
          <label htmlFor={fields.description.id}>{t('quoteNew.description')}</label>
          <p className="hint" id={`${fields.description.id}-hint`}>
            {t('quoteNew.descriptionHint')}
          </p>
          <textarea {...description} key={description.key} rows={3} />
          <FieldErrors field={fields.description} />
        </div>
        <div className="field">
          <label htmlFor={fields.quantity.id}>{t('quoteNew.quantity')}</label>
          <input {...quantity} key={quantity.key} min={1} step={1} inputMode="numeric" />
          <FieldErrors field={fields.quantity} />
        </div>
        <div className="field">
          <label htmlFor={fields.specifications.id}>
            {t('quoteNew.specifications')} <span className="optional">{t('form.optional')}</span>
          </label>
          <p className="hint" id={`${fields.specifications.id}-hint`}>
            {t('quoteNew.specificationsHint')}
          </p>
          <textarea {...specifications} key={specifications.key} rows={2} />
        </div>
        <Choices meta={fields.purchaseType} legend={t('quoteNew.purchaseType')} type="radio" options={[['RETAIL', 'purchaseType.RETAIL'], ['WHOLESALE', 'purchaseType.WHOLESALE']]} />
        <Choices
          meta={fields.shippingMethods}
          legend={t('quoteNew.methods')}
          hint={t('quoteNew.methodsHint')}
          type="checkbox"
          options={[['AIR', 'method.AIR'], ['SEA', 'method.SEA'], ['DOOR_TO_DOOR', 'method.DOOR_TO_DOOR']]}
        />
        <Choices meta={fields.nationalDelivery} legend={t('quoteNew.delivery')} type="radio" options={[['COURIER', 'delivery.COURIER'], ['OFFICE_PICKUP', 'delivery.OFFICE_PICKUP']]} />
        <FormError id={form.errorId} errors={uploading ? [...(form.errors ?? []), t('quoteNew.photosBusy')] : form.errors} />
        <Submit>{t('quoteNew.submit')}</Submit>
      </Form>
    </section>
  );
}
