import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../../graphql/generated';
import { useI18n } from '../../i18n/i18n';
import { refusalOf } from '../../lib/refusal';

const Register = graphql(`
  mutation LogisticsRegisterPackage($input: RegisterPackageInput!) { registerPackage(input: $input) { id number } }
`);

type Field = 'weightKg' | 'lengthCm' | 'widthCm' | 'heightCm' | 'note';
const sides = ['lengthCm', 'widthCm', 'heightCm'] as const;

/**
 * A package received at the China warehouse for one order → `registerPackage`: weight in kg (up to 3
 * decimals, comma or point), each side in whole cm (1–1000), whether it was repacked, and a note.
 */
export function PackageForm({ orderId, number, onDone, onCancel }: { orderId: string; number: string; onDone(packageNumber: string): void; onCancel(): void }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [register, registering] = useMutation(Register);
  const [values, setValues] = useState<Record<Field, string>>({ weightKg: '', lengthCm: '', widthCm: '', heightCm: '', note: '' });
  const [repacked, setRepacked] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: Partial<Record<Field, string>> = {};
    const weight = values.weightKg.trim().replace(',', '.');
    if (!weight) found.weightKg = t('form.required');
    else if (!/^\d{1,6}(\.\d{1,3})?$/.test(weight) || Number(weight) <= 0) found.weightKg = t('logistics.package.weightInvalid');
    for (const side of sides) {
      const text = values[side].trim();
      if (!text) found[side] = t('form.required');
      else if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > 1000) found[side] = t('logistics.package.sideInvalid');
    }
    if (values.note.length > 2000) found.note = t('logistics.package.noteTooLong');
    setErrors(found);
    const first = (['weightKg', ...sides, 'note'] as Field[]).find((f) => found[f]);
    if (first) {
      document.getElementById(`${ids}-${first}`)?.focus();
      return;
    }
    try {
      const { data } = await register({
        variables: { input: { orderId, weightKg: weight, lengthCm: Number(values.lengthCm), widthCm: Number(values.widthCm), heightCm: Number(values.heightCm), repacked, note: values.note.trim() || null } },
      });
      onDone(data!.registerPackage.number);
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code === 'UNAUTHENTICATED') return;
      if (refusal.field && refusal.field in values) setErrors({ [refusal.field]: refusal.message });
      else setProblem(refusal.code === 'INVALID_STATE' ? t('logistics.package.notPackable') : refusal.message);
    }
  };
  const described = (field: Field) => (errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': `${ids}-${field}-error` } : {});
  const input = (field: Field, label: string, props: { inputMode: 'decimal' | 'numeric' }) => (
    <div className="field">
      <label htmlFor={`${ids}-${field}`}>{label}</label>
      <input id={`${ids}-${field}`} autoComplete="off" {...props} value={values[field]} onChange={(e) => setValues({ ...values, [field]: e.target.value })} {...described(field)} />
      {errors[field] ? <p id={`${ids}-${field}-error`} className="field-error">{errors[field]}</p> : null}
    </div>
  );

  return (
    <form className="sourcing" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('logistics.package.formTitle', { number })}</h2>
      <div className="grid-2">
        {input('weightKg', t('logistics.package.weight'), { inputMode: 'decimal' })}
      </div>
      <div className="grid-3">
        {input('lengthCm', t('logistics.package.length'), { inputMode: 'numeric' })}
        {input('widthCm', t('logistics.package.width'), { inputMode: 'numeric' })}
        {input('heightCm', t('logistics.package.height'), { inputMode: 'numeric' })}
      </div>
      <div className="field checkbox">
        <input id={`${ids}-repacked`} type="checkbox" checked={repacked} onChange={(e) => setRepacked(e.target.checked)} />
        <label htmlFor={`${ids}-repacked`}>{t('logistics.package.repacked')}</label>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-note`}>{t('logistics.package.note')}</label>
        <textarea id={`${ids}-note`} rows={2} maxLength={2000} value={values.note} onChange={(e) => setValues({ ...values, note: e.target.value })} {...described('note')} />
        {errors.note ? <p id={`${ids}-note-error`} className="field-error">{errors.note}</p> : null}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={registering.loading}>
          {registering.loading ? t('sourcing.sending') : t('logistics.package.submit')}
        </button>
        <button type="button" onClick={onCancel}>{t('payments.supplier.cancel')}</button>
        {problem ? <p className="problem" role="alert">{problem}</p> : null}
      </div>
    </form>
  );
}
