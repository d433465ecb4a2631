import { getInputProps, type FieldMetadata } from '@conform-to/react';
import type { ReactNode } from 'react';

interface FieldProps {
  meta: FieldMetadata<string | undefined>;
  label: string;
  type: 'text' | 'password' | 'email' | 'tel';
  hint?: string;
  optional?: string;
  autoComplete?: string;
  inputMode?: 'numeric' | 'tel' | 'email' | 'text';
  children?: ReactNode;
}

/** A labelled input with its hint and its error (from the schema or the API), tied by aria-describedby. */
export function Field({ meta, label, type, hint, optional, autoComplete, inputMode, children }: FieldProps) {
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const { key, ...input } = getInputProps(meta, { type, ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={meta.id}>
        {label}
        {optional ? <span className="optional"> {optional}</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input key={key} {...input} autoComplete={autoComplete} inputMode={inputMode} />
      <FieldErrors field={meta} />
      {children}
    </div>
  );
}

/** A field's errors (from the schema or the API), under it, with the id its input's aria-describedby names. */
export function FieldErrors({ field }: { field: { errorId: string; errors?: string[] } }) {
  return field.errors?.length ? (
    <p className="field-error" id={field.errorId}>
      {field.errors.join(' ')}
    </p>
  ) : null;
}

/** Errors of the whole form (a refusal not tied to one field), announced to screen readers. */
export function FormError({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <div id={id} role="alert" className={errors?.length ? 'form-error' : undefined}>
      {errors?.length ? <p>{errors.join(' ')}</p> : null}
    </div>
  );
}

/** A short confirmation after an action (a code sent, a password changed). */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="notice">
      {children}
    </p>
  );
}
