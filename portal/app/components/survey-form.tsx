import { getFormProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form } from '@remix-run/react';
import { orderActionSchema, SURVEY_SCORES } from '../forms/schemas';
import { useT } from '../i18n/i18n';
import { FieldErrors, FormError } from './field';
import { Submit } from './submit';

/** One score as a radio group (`from`…10) whose legend names the question and whose hint gives the scale. */
function ScoreGroup({ meta, legend, hint, from }: { meta: FieldMetadata<unknown>; legend: string; hint: string; from: number }) {
  const hintId = `${meta.id}-hint`;
  const invalid = Boolean(meta.errors?.length);
  return (
    <fieldset className="field score" aria-describedby={[hintId, invalid ? meta.errorId : ''].join(' ').trim()}>
      <legend>{legend}</legend>
      <p className="hint" id={hintId}>
        {hint}
      </p>
      <div className="score-options">
        {Array.from({ length: 11 - from }, (_, i) => String(from + i)).map((value) => (
          <label key={value} className="score-option">
            <input type="radio" name={meta.name} value={value} defaultChecked={meta.initialValue === value} aria-invalid={invalid || undefined} />
            <span>{value}</span>
          </label>
        ))}
      </div>
      {invalid ? (
        <p className="field-error" id={meta.errorId}>
          {meta.errors!.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * The satisfaction survey of a delivered order (seed 001): general, response time, quality, price and
 * attention from 1 to 10, the likelihood to recommend from 0 to 10 (NPS), and comments. `lastResult` is
 * the action's reply (missing scores, or SURVEY_ALREADY_SUBMITTED beside the button).
 */
export function SurveyForm({ surveyId, lastResult }: { surveyId: string; lastResult?: SubmissionResult<string[]> }) {
  const t = useT();
  const [form, fields] = useForm({
    id: 'survey-form',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: orderActionSchema(t) }),
    shouldValidate: 'onSubmit',
  });
  const comments = getTextareaProps(fields.comments);
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="survey" />
      <input type="hidden" name="surveyId" value={surveyId} />
      {SURVEY_SCORES.map((name) => (
        <ScoreGroup key={name} meta={fields[name]} legend={t(`survey.${name}`)} hint={t('survey.scale')} from={1} />
      ))}
      <ScoreGroup meta={fields.recommendScore} legend={t('survey.recommendScore')} hint={t('survey.recommendScale')} from={0} />
      <div className="field">
        <label htmlFor={fields.comments.id}>
          {t('survey.comments')} <span className="optional">{t('form.optional')}</span>
        </label>
        <textarea {...comments} key={comments.key} rows={3} />
        <FieldErrors field={fields.comments} />
      </div>
      <FormError id={form.errorId} errors={form.errors} />
      <Submit>{t('survey.submit')}</Submit>
    </Form>
  );
}
