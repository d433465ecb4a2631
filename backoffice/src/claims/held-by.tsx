import { formatDateTime, formatElapsed } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';

/** Who holds an item, as the API answers `heldBy` / `heldSince` (null: nobody). */
export interface Holder {
  heldBy?: { id: string; displayName: string } | null;
  heldSince?: string | null;
}

/**
 * One line for a list row: "Tomada por Li Wei hace 5 min" (or "Tomada por ti…"), "Libre" when nobody holds
 * it. `now` is the caller's ticking clock, so every row moves on together.
 */
export function HeldByLabel({ holder, now }: { holder: Holder; now: number }) {
  const { t, locale } = useI18n();
  const { staff } = useSession();
  if (!holder.heldBy || !holder.heldSince) return <span className="held free">{t('claims.free')}</span>;
  const ago = formatElapsed(locale, now - Date.parse(holder.heldSince));
  const mine = holder.heldBy.id === staff?.id;
  return (
    <span className={`held ${mine ? 'mine' : 'other'}`} title={t('waiting.since', { date: formatDateTime(locale, holder.heldSince) })}>
      {mine ? t('claims.heldByMe', { ago }) : t('claims.heldBy', { name: holder.heldBy.displayName, ago })}
    </span>
  );
}
