import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../graphql/generated';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { LoadProblem, Problem } from '../../lib/problem';
import { refusalOf } from '../../lib/refusal';

const AnchoringOverviewQuery = graphql(`
  query TraceAnchoringOverview {
    anchoringOverview { state pendingEvents failingBatches lastError lastErrorAt nextAttemptAt chain { status chainId block contractAddress error } }
  }
`);
const RetryAnchoring = graphql(`
  mutation TraceRetryAnchoring {
    retryAnchoring { state pendingEvents failingBatches lastError lastErrorAt nextAttemptAt chain { status chainId block contractAddress error } }
  }
`);

/** How often the panel reads the outbox again: a chain that goes down shows within this time, without a reload. */
const POLL_MS = 5_000;

/**
 * The anchoring outbox for staff with trace:anchoring: the chain (up with its id and block, or down with the
 * reason), pending events, failing batches and the last error in plain words, and "Reintentar ahora"
 * (retryAnchoring), which sends every failed batch again at once. Read again every 5 s and after a retry.
 */
export function AnchoringPanel({ onRetried }: { onRetried?: () => void }) {
  const { t, locale } = useI18n();
  const overview = useQuery(AnchoringOverviewQuery, { pollInterval: POLL_MS, fetchPolicy: 'cache-and-network' });
  const [retry, retrying] = useMutation(RetryAnchoring, { refetchQueries: [AnchoringOverviewQuery] });
  const [problem, setProblem] = useState<string | null>(null);
  const o = overview.data?.anchoringOverview;
  const runRetry = async () => {
    setProblem(null);
    try {
      await retry();
      onRetried?.();
    } catch (error) {
      setProblem(refusalOf(error, t, locale).message);
    }
  };
  return (
    <section aria-labelledby="anchoring-title" className="panel">
      <h2 id="anchoring-title">{t('trace.anchoring.title')}</h2>
      {overview.error && !o ? <LoadProblem error={overview.error} retry={() => void overview.refetch()} /> : null}
      {!o ? (
        overview.error ? null : <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <div role="status" aria-live="polite">
            {o.state === 'FAILED' ? (
              <div className="problem">
                <p>{t('trace.anchoring.failed', { next: o.nextAttemptAt ? t('trace.anchoring.nextAt', { at: formatDateTime(locale, o.nextAttemptAt) }) : '' })}</p>
                {o.lastError ? <p>{t('trace.anchoring.lastError', { at: o.lastErrorAt ? formatDateTime(locale, o.lastErrorAt) : '—', error: o.lastError })}</p> : null}
              </div>
            ) : o.state === 'PENDING' ? (
              <p>{t('trace.anchoring.waiting', { count: o.pendingEvents })}</p>
            ) : (
              <p className="notice">{t('trace.anchoring.ok')}</p>
            )}
          </div>
          <dl className="details">
            <dt>{t('trace.anchoring.chain')}</dt>
            <dd>
              {o.chain.status === 'up'
                ? t('trace.anchoring.chainUp', { chain: o.chain.chainId ?? '—', block: o.chain.block ?? '—' })
                : o.chain.status === 'down'
                  ? `${t('trace.anchoring.chainDown')} ${o.chain.error ?? ''}`
                  : t('trace.anchoring.chainUnconfigured')}
            </dd>
            {o.chain.contractAddress ? (
              <>
                <dt>{t('trace.anchoring.contract')}</dt>
                <dd className="mono">{o.chain.contractAddress}</dd>
              </>
            ) : null}
            <dt>{t('trace.anchoring.pending')}</dt>
            <dd>{o.pendingEvents}</dd>
            <dt>{t('trace.anchoring.failing')}</dt>
            <dd>{o.failingBatches}</dd>
          </dl>
        </>
      )}
      <p>
        <button type="button" onClick={() => void runRetry()} disabled={retrying.loading}>
          {retrying.loading ? t('trace.anchoring.retrying') : t('trace.anchoring.retry')}
        </button>
      </p>
      <Problem text={problem} />
      <p className="hint">{t('trace.anchoring.live')}</p>
    </section>
  );
}
