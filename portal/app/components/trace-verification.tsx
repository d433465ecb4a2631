import { formatDateTime } from '../i18n/format';
import { es } from '../i18n/es';
import type { PortalTraceVerificationFragment } from '../graphql/generated/graphql';
import { useLocale, useT, type MessageKey, type T } from '../i18n/i18n';

/** A history checked against the chain, as the public trace queries answer it (their shared fragment). */
type TraceVerificationView = PortalTraceVerificationFragment;

const STATUS_CLASS: Record<string, string> = { VERIFIED: 'trace-ok', PENDING: 'trace-pending', FAILED: 'trace-failed', TAMPERED: 'trace-tampered' };

/** A unit event kind (trace.kind.*) or an order state (orderState.*) in words; the raw kind when unknown. */
function kindText(t: T, kind: string): string {
  for (const key of [`trace.kind.${kind}`, `orderState.${kind}`]) if (key in es) return t(key as MessageKey);
  return kind;
}

function statusText(t: T, status: string): string {
  const key = `trace.status.${status}`;
  return key in es ? t(key as MessageKey) : status;
}

/**
 * The verdict of a whole history in plain words, in a live region: when an anchor confirms, the page reloads
 * its verification and screen readers hear the new status.
 */
export function TraceStatus({ verification }: { verification: TraceVerificationView }) {
  const t = useT();
  const locale = useLocale();
  const key = `trace.overall.${verification.status}`;
  return (
    <section aria-labelledby="trace-status-title" className={`trace-status ${STATUS_CLASS[verification.status] ?? ''}`}>
      <h2 id="trace-status-title">{t('trace.overall')}</h2>
      <div role="status" aria-live="polite" aria-atomic="true">
        <p className="trace-verdict">
          <strong>{statusText(t, verification.status)}</strong>
        </p>
        <p>{key in es ? t(key as MessageKey, { count: verification.anchoring.pendingEvents }) : verification.status}</p>
      </div>
      <p className="badge">{t('trace.checkedAt', { at: formatDateTime(locale, verification.checkedAt) })}</p>
    </section>
  );
}

/** Each event with its verdict and what was checked: recomputed hash, Merkle proof, root on chain in that transaction. */
export function TraceHistory({ verification }: { verification: TraceVerificationView }) {
  const t = useT();
  const locale = useLocale();
  const yesNo = (value: boolean | null | undefined, ok: MessageKey, bad: MessageKey) => (value == null ? t('trace.event.notYet') : value ? t(ok) : t(bad));
  return (
    <section aria-labelledby="trace-history-title">
      <h2 id="trace-history-title">{t('trace.history')}</h2>
      {verification.events.length === 0 ? (
        <p className="empty">{t('trace.historyEmpty')}</p>
      ) : (
        <ol className="trace-events">
          {verification.events.map((e) => (
            <li key={e.seq} className={`trace-event ${STATUS_CLASS[e.status] ?? ''}`}>
              <h3>
                {kindText(t, e.kind)} <span className="trace-event-status">— {statusText(t, e.status)}</span>
              </h3>
              <p>
                <time dateTime={e.occurredAt}>{formatDateTime(locale, e.occurredAt)}</time>
                {e.place ? ` · ${e.place}` : ''}
              </p>
              {e.note ? <p>{e.note}</p> : null}
              {e.actor ? <p className="badge">{t('trace.event.by', { actor: e.actor })}</p> : null}
              <dl className="details trace-checks">
                <dt>{t('trace.event.hash')}</dt>
                <dd>{e.hashMatches ? t('trace.event.hashOk') : t('trace.event.hashBad')}</dd>
                <dt>{t('trace.event.proof')}</dt>
                <dd>{yesNo(e.proofValid, 'trace.event.proofOk', 'trace.event.proofBad')}</dd>
                <dt>{t('trace.event.chain')}</dt>
                <dd>{yesNo(e.onChain, 'trace.event.chainOk', 'trace.event.chainBad')}</dd>
              </dl>
              {e.anchor ? (
                <p className="trace-tx">{t('trace.event.tx', { tx: e.anchor.txHash, block: e.anchor.blockNumber, chain: e.anchor.chainId })}</p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The proof bundle download and how to check it without trusting Morna (examples/verify-bundle.mjs). */
export function VerifyYourself({ verification, fileName }: { verification: TraceVerificationView; fileName: string }) {
  const t = useT();
  const chain = verification.chainId ?? verification.events.find((e) => e.anchor)?.anchor?.chainId ?? '—';
  return (
    <section aria-labelledby="trace-verify-title">
      <h2 id="trace-verify-title">{t('trace.verifyTitle')}</h2>
      <p>{t('trace.verifyBody', { chain })}</p>
      <p>
        <code>{t('trace.verifyCommand')}</code>
      </p>
      <p>
        <a href={verification.bundlePath} download={fileName} className="button">
          {t('trace.bundle')}
        </a>
      </p>
    </section>
  );
}

/** The QR code a history's label carries, once issued (its first event anchored and confirmed). */
export function TraceQr({ label }: { label: { issued: boolean; pngPath: string; svgPath: string } }) {
  const t = useT();
  return (
    <section aria-labelledby="trace-qr-title">
      <h2 id="trace-qr-title">{t('trace.qrTitle')}</h2>
      {label.issued ? (
        <p>
          <img src={label.svgPath} alt={t('trace.qrAlt')} width={160} height={160} />
        </p>
      ) : (
        <p className="empty">{t('trace.qrPending')}</p>
      )}
    </section>
  );
}
