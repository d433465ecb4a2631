import { formatDate } from '../i18n/format';
import { useLocale, useT } from '../i18n/i18n';

/** The monthly quote-request limit as it applies to the customer (myQuoteAllowance); nothing once it does not. */
export function AllowanceNote({ allowance }: { allowance: { applies: boolean; limit: number; remaining?: number | null; resetsAt: string } }) {
  const t = useT();
  const locale = useLocale();
  if (!allowance.applies || allowance.remaining == null) return null;
  const date = formatDate(locale, allowance.resetsAt);
  return (
    <div className={allowance.remaining > 0 ? 'allowance' : 'allowance form-error'}>
      <p>{allowance.remaining > 0 ? t('allowance.remaining', { remaining: allowance.remaining, limit: allowance.limit, date }) : t('allowance.none', { limit: allowance.limit, date })}</p>
      <p className="hint">{t('allowance.why', { limit: allowance.limit })}</p>
    </div>
  );
}
