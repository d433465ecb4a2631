import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { WorkSubjectType } from '../graphql/generated/graphql';
import { formatDateTime, formatElapsed } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { refusalOf } from '../lib/refusal';
import { useSession } from '../session/session';
import { AssignWork, ClaimWork, ReleaseWork } from './claim-operations';
import type { Holder } from './held-by';
import { Problem } from '../lib/problem';

/**
 * Runs a claim change (`act(work)`): busy meanwhile, a refusal in plain words in `problem` (a lapsed session
 * opens the sign-in instead), and the item refetched afterwards either way, so the holder shown is the API's.
 */
export function useClaimAction(refetch: () => Promise<unknown>) {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code !== 'UNAUTHENTICATED') setProblem(refusal.message);
    } finally {
      await refetch().catch(() => undefined);
      setBusy(false);
    }
  };
  return { busy, problem, act };
}

/** Whether the signed-in staff member may work the item: free, or held by them. */
export function useMayWork(holder: Holder): boolean {
  const { staff } = useSession();
  return !holder.heldBy || holder.heldBy.id === staff?.id;
}

/**
 * Who holds one item and what the viewer can do about it: take it (`onTake`, by default `claimWork`), let
 * it go ("Soltar"), or — with work:assign — take it over from its holder (when the viewer may also do the
 * work, `mayWork`) or free it. The item's own query refreshes the holder (`refetch`, and its subscription).
 */
export function ClaimPanel({
  subject,
  holder,
  now,
  mayWork,
  onTake,
  takeLabel,
  refetch,
}: {
  subject: { type: WorkSubjectType; id: string };
  holder: Holder;
  now: number;
  /** The viewer has the permission the item's work needs. */
  mayWork: boolean;
  onTake?: () => Promise<unknown>;
  takeLabel?: string;
  refetch: () => Promise<unknown>;
}) {
  const { t, locale } = useI18n();
  const { staff, can } = useSession();
  const [claim] = useMutation(ClaimWork);
  const [release] = useMutation(ReleaseWork);
  const [assign] = useMutation(AssignWork);
  const { busy, problem, act } = useClaimAction(refetch);
  const variables = { subject: { type: subject.type, id: subject.id } };
  const take = () => act(onTake ?? (() => claim({ variables })));
  const letGo = () => act(() => release({ variables }));
  const takeOver = () => act(() => assign({ variables: { ...variables, userId: staff!.id } }));

  const mayAssign = can('work:assign');
  const held = holder.heldBy && holder.heldSince ? { name: holder.heldBy.displayName, since: holder.heldSince, mine: holder.heldBy.id === staff?.id } : null;
  const ago = held ? formatElapsed(locale, now - Date.parse(held.since)) : '';

  return (
    <div className={`claim-panel ${held ? (held.mine ? 'mine' : 'other') : 'free'}`} aria-live="polite">
      {!held ? (
        <>
          <p>{t('claims.nobody')}</p>
          {mayWork ? (
            <button type="button" className="primary" onClick={() => void take()} disabled={busy}>
              {busy ? t('claims.taking') : (takeLabel ?? t('claims.take'))}
            </button>
          ) : null}
        </>
      ) : held.mine ? (
        <>
          <p>
            <strong>{t('claims.youHold', { ago })}</strong> <span className="since">{t('claims.at', { date: formatDateTime(locale, held.since) })}</span>
          </p>
          <p className="hint">{t('claims.youHoldHint')}</p>
          <button type="button" onClick={() => void letGo()} disabled={busy}>
            {t('claims.release')}
          </button>
        </>
      ) : (
        <>
          <p role="status">
            <strong>{t('claims.otherHolds', { name: held.name, ago })}</strong>{' '}
            <span className="since">{t('claims.at', { date: formatDateTime(locale, held.since) })}</span>
          </p>
          <p className="hint">{t('claims.otherHoldsHint', { name: held.name })}</p>
          {mayAssign && mayWork ? (
            <button type="button" onClick={() => void takeOver()} disabled={busy}>
              {t('claims.takeOver')}
            </button>
          ) : mayAssign ? (
            <button type="button" onClick={() => void letGo()} disabled={busy}>
              {t('claims.unassign', { name: held.name })}
            </button>
          ) : null}
        </>
      )}
      <Problem text={problem} />
    </div>
  );
}
