import { useI18n } from '../i18n/i18n';
import { refusalOf } from './refusal';

/** A list's search box: `draft` is what is typed; submitting hands the trimmed text (or null when empty) to `onSearch`. */
export function SearchForm(props: { id: string; label: string; draft: string; setDraft: (text: string) => void; maxLength: number; onSearch: (text: string | null) => void }) {
  const { t } = useI18n();
  return (
    <form className="search" role="search" onSubmit={(e) => (e.preventDefault(), props.onSearch(props.draft.trim() || null))}>
      <label htmlFor={props.id}>{props.label}</label>
      <div className="search-row">
        <input id={props.id} type="search" value={props.draft} onChange={(e) => props.setDraft(e.target.value)} maxLength={props.maxLength} />
        <button type="submit">{t('china.queue.searchSubmit')}</button>
      </div>
    </form>
  );
}

/** Oldest or newest first; `onChange` gets null for the default (oldest first), so the URL stays short. */
export function OrderSelect({ id, value, onChange }: { id: string; value: string; onChange: (order: string | null) => void }) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{t('payments.filter.order')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value === 'OLDEST_FIRST' ? null : e.target.value)}>
        <option value="OLDEST_FIRST">{t('payments.order.OLDEST_FIRST')}</option>
        <option value="NEWEST_FIRST">{t('payments.order.NEWEST_FIRST')}</option>
      </select>
    </div>
  );
}

/** A list that could not load: the refusal in plain words and a retry button. */
export function LoadProblem({ error, retry }: { error: unknown; retry: () => void }) {
  const { t, locale } = useI18n();
  return (
    <div className="problem" role="alert">
      <p>{refusalOf(error, t, locale).message}</p>
      <button type="button" onClick={retry}>{t('china.queue.retry')}</button>
    </div>
  );
}
