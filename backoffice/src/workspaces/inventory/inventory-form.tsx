import { useId, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import { refusalOf } from '../../lib/refusal';
import { refusalField, type FieldError, type Parsed } from './inventory-schema';

/** The attributes that tie a control to its label and its error. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/**
 * One labelled field of an inventory form: the label (with "optional" when it is), the control (`children` gets
 * its id and error attributes), a hint, and the error in plain words right under it.
 */
export function FormField({ label, error, optional = false, hint, children }: { label: string; error: string | undefined; optional?: boolean; hint?: string; children: (props: ControlProps) => ReactNode }) {
  const { t } = useI18n();
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} {optional ? <span className="optional">{t('form.optional')}</span> : null}
      </label>
      {children({ id, ...(error ? { 'aria-invalid': true as const } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The state of one inventory form: errors per field (in plain words), the problem that belongs to no field, and
 * `send`, which shows the form's own checks or sends the input and places the API's refusal next to its field
 * (by `extensions.code`, then `extensions.field`) or under the form. The first field in error gets the focus.
 */
export function useInventoryForm<F extends string>(fields: readonly F[]) {
  const { t, locale } = useI18n();
  const ref = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const focusError = () => requestAnimationFrame(() => ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  const text = (error: FieldError) => t(error.key, error.vars);

  /** True when `mutate` succeeded. */
  const send = async <I,>(parsed: Parsed<F, I>, mutate: (input: I) => Promise<unknown>): Promise<boolean> => {
    setProblem(null);
    if ('errors' in parsed) {
      setErrors(Object.fromEntries(Object.entries(parsed.errors).map(([f, e]) => [f, text(e as FieldError)])) as Partial<Record<F, string>>);
      focusError();
      return false;
    }
    setErrors({});
    try {
      await mutate(parsed.input);
      return true;
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      // The sign-in dialog explains an ended session; the form keeps what was typed for after it.
      if (refusal.code === 'UNAUTHENTICATED') return false;
      const field = refusalField(fields, refusal.code, refusal.field);
      if (!field) {
        setProblem(refusal.message);
        return false;
      }
      setErrors({ [field]: refusal.code === 'NOT_FOUND' ? t('inventory.form.notFound') : refusal.message } as Partial<Record<F, string>>);
      focusError();
      return false;
    }
  };
  return { ref, errors, problem, send, clear: () => (setErrors({}), setProblem(null)) };
}
