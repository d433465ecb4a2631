import { useI18n } from '../i18n/i18n';
import { refusalOf } from './refusal';

/** A refusal or failure in plain words, announced to screen readers; nothing when there is none. */
export function Problem({ text }: { text: string | null | undefined }) {
  return text ? (
    <p className="problem" role="alert">
      {text}
    </p>
  ) : null;
}

/** Data that could not load: `lead` (what failed), the refusal in plain words, and a retry button. */
export function LoadProblem({ lead, error, retry }: { lead?: string; error: unknown; retry: () => void }) {
  const { t, locale } = useI18n();
  const message = refusalOf(error, t, locale).message;
  return (
    <div className="problem" role="alert">
      <p>{lead ? `${lead} ${message}` : message}</p>
      <button type="button" onClick={retry}>
        {t('list.retry')}
      </button>
    </div>
  );
}
