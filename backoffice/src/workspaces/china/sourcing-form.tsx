import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { graphql } from '../../graphql/generated';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { refusalOf } from '../../lib/refusal';
import { emptySourcingDraft, integerBounds, parseSourcing, sourcingFields, type SourcingDraft, type SourcingField } from './sourcing-schema';
import { Problem } from '../../lib/problem';

const SubmitSourcing = graphql(`
  mutation ChinaSubmitSourcing($id: ID!, $input: SubmitSourcingInput!) {
    submitSourcing(requestId: $id, input: $input) { id state queue }
  }
`);

const labels: Record<SourcingField, MessageKey> = {
  supplierUnitPriceMinor: 'sourcing.supplierUnitPrice',
  chinaShippingMinor: 'sourcing.chinaShipping',
  lengthCm: 'sourcing.lengthCm',
  widthCm: 'sourcing.widthCm',
  heightCm: 'sourcing.heightCm',
  weightKg: 'sourcing.weightKg',
  supplierDispatchDays: 'sourcing.dispatchDays',
  supplierUrl: 'sourcing.supplierUrl',
  notes: 'sourcing.notes',
};
const inputModes: Partial<Record<SourcingField, 'decimal' | 'numeric' | 'url'>> = {
  supplierUnitPriceMinor: 'decimal',
  chinaShippingMinor: 'decimal',
  weightKg: 'decimal',
  lengthCm: 'numeric',
  widthCm: 'numeric',
  heightCm: 'numeric',
  supplierDispatchDays: 'numeric',
  supplierUrl: 'url',
};

/**
 * The supplier's quote for one request → `submitSourcing` (the request goes to pricing in Venezuela). What
 * is typed lives in this component's state, so it survives a session renewal; errors show next to their
 * field (checked here first, then the API's refusals), others next to the button. `disabled` while someone
 * else holds the request (claims): what was typed stays for when it is free again.
 */
export function SourcingForm({ requestId, number, disabled = false }: { requestId: string; number: string; disabled?: boolean }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [submitSourcing, submission] = useMutation(SubmitSourcing);
  const [draft, setDraft] = useState<SourcingDraft>(emptySourcingDraft);
  const [errors, setErrors] = useState<Partial<Record<SourcingField, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const formId = useId();
  const idOf = (field: SourcingField) => `${formId}-${field}`;

  const message = (field: SourcingField, key: MessageKey) => {
    const [min, max] = integerBounds[field] ?? [0, 0];
    return t(key, { min, max });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsed = parseSourcing(draft);
    if ('errors' in parsed) {
      setErrors(Object.fromEntries(Object.entries(parsed.errors).map(([f, key]) => [f, message(f as SourcingField, key)])));
      const first = sourcingFields.find((f) => parsed.errors[f]);
      if (first) document.getElementById(idOf(first))?.focus();
      return;
    }
    setErrors({});
    try {
      await submitSourcing({ variables: { id: requestId, input: parsed.input } });
      navigate('..', { state: { sourced: number } });
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      // The sign-in dialog explains an ended session; the form keeps its values for after it.
      if (refusal.code === 'UNAUTHENTICATED') return;
      const field = sourcingFields.find((f) => f === refusal.field);
      if (field) {
        const text = refusal.code === 'BAD_USER_INPUT' && field === 'supplierUnitPriceMinor' ? t('sourcing.tooExpensive') : refusal.message;
        setErrors({ [field]: text });
        document.getElementById(idOf(field))?.focus();
      } else {
        setProblem(refusal.message);
      }
    }
  };

  const input = (field: SourcingField) => {
    const error = errors[field];
    const errorId = `${idOf(field)}-error`;
    const optional = field === 'supplierUrl' || field === 'notes';
    const common = {
      id: idOf(field),
      name: field,
      value: draft[field],
      'aria-invalid': error ? true : undefined,
      'aria-describedby': error ? errorId : undefined,
      onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value })),
    };
    return (
      <div className="field" key={field}>
        <label htmlFor={idOf(field)}>
          {t(labels[field])} {optional ? <span className="optional">{t('form.optional')}</span> : null}
        </label>
        {field === 'notes' ? (
          <textarea {...common} rows={3} maxLength={4000} />
        ) : (
          <input {...common} type={field === 'supplierUrl' ? 'url' : 'text'} inputMode={inputModes[field]} required={!optional} autoComplete="off" />
        )}
        {error ? (
          <p id={errorId} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  const hasErrors = Object.keys(errors).length > 0;
  return (
    <form className="sourcing" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>{t('sourcing.title')}</h2>
      <p className="hint">{t('sourcing.intro')}</p>
      {hasErrors ? (
        <p className="problem" role="alert">
          {t('form.errorSummary')}
        </p>
      ) : null}
      <fieldset className="plain" disabled={disabled}>
      <div className="grid-2">
        {input('supplierUnitPriceMinor')}
        {input('chinaShippingMinor')}
      </div>
      <fieldset>
        <legend>{t('sourcing.size')}</legend>
        <div className="grid-3">
          {input('lengthCm')}
          {input('widthCm')}
          {input('heightCm')}
        </div>
      </fieldset>
      <div className="grid-2">
        {input('weightKg')}
        {input('supplierDispatchDays')}
      </div>
      {input('supplierUrl')}
      {input('notes')}
      <div className="actions">
        <button type="submit" className="primary" disabled={submission.loading}>
          {submission.loading ? t('sourcing.sending') : t('sourcing.submit')}
        </button>
        <Problem text={problem} />
      </div>
      </fieldset>
    </form>
  );
}
