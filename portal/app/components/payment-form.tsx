import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form } from '@remix-run/react';
import { useCallback, useState } from 'react';
import { currencyOf, orderActionSchema, PAYMENT_METHODS, type PaymentMethodName } from '../forms/schemas';
import { useT } from '../i18n/i18n';
import { Field, FieldErrors, FormError } from './field';
import { PhotoPicker } from './photo-picker';
import { Submit } from './submit';

/**
 * "Report a payment": method (its currency follows: bolívares or dollars), amount in that currency,
 * reference and one proof image uploaded at once through `POST /photos`. `outstanding` is what is left
 * to pay in each currency, already formatted, as a hint. `lastResult` is the action's reply (schema errors
 * or the API's refusal beside the amount or the form).
 */
export function PaymentForm({ lastResult, outstanding }: { lastResult?: SubmissionResult<string[]>; outstanding: { ves: string; usd: string } }) {
  const t = useT();
  const [uploading, setUploading] = useState(false);
  const onBusy = useCallback((busy: boolean) => setUploading(busy), []);
  const [form, fields] = useForm({
    id: 'payment-form',
    lastResult,
    defaultValue: { intent: 'pay', method: 'PAGO_MOVIL' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: orderActionSchema(t) }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  const [method, setMethod] = useState<PaymentMethodName>('PAGO_MOVIL');
  const formProps = getFormProps(form);
  const methodErrors = fields.method.errors;
  return (
    <Form
      method="post"
      {...formProps}
      onSubmit={(event) => {
        // Not while the proof is still uploading: its id would be missing from the payment.
        if (uploading) event.preventDefault();
        else formProps.onSubmit(event);
      }}
    >
      <input type="hidden" name="intent" value="pay" />
      <fieldset className="field choices" aria-describedby={methodErrors?.length ? fields.method.errorId : undefined}>
        <legend>{t('payment.method')}</legend>
        {PAYMENT_METHODS.map((value) => (
          <label key={value} className="choice">
            <input type="radio" name={fields.method.name} value={value} defaultChecked={value === 'PAGO_MOVIL'} onChange={() => setMethod(value)} />
            {t(`paymentMethod.${value}`)}
          </label>
        ))}
        <FieldErrors field={fields.method} />
      </fieldset>
      <AmountField meta={fields.amount} label={t(currencyOf(method) === 'VES' ? 'payment.amountVES' : 'payment.amountUSD')} hint={t('payment.amountHint', outstanding)} />
      <Field meta={fields.reference} label={t('payment.referenceLabel')} type="text" hint={t('payment.referenceHint')} />
      <PhotoPicker name={fields.proofUploadId.name} onBusy={onBusy} max={1} legend={t('payment.proof')} hint={t('payment.proofHint')} tooMany={t('payment.proofTooMany')} />
      {fields.proofUploadId.errors?.length ? <p className="field-error">{fields.proofUploadId.errors.join(' ')}</p> : null}
      <FormError id={form.errorId} errors={uploading ? [...(form.errors ?? []), t('quoteNew.photosBusy')] : form.errors} />
      <Submit>{t('payment.submit')}</Submit>
    </Form>
  );
}

/** The amount as typed ("1250,50"), decimal keyboard on phones. */
function AmountField({ meta, label, hint }: { meta: Parameters<typeof getInputProps>[0]; label: string; hint: string }) {
  const hintId = `${meta.id}-hint`;
  const { key, ...input } = getInputProps(meta, { type: 'text', ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <p className="hint" id={hintId}>
        {hint}
      </p>
      <input key={key} {...input} inputMode="decimal" autoComplete="off" />
      <FieldErrors field={meta} />
    </div>
  );
}
