import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useT } from '../i18n/i18n';
import { title } from '../lib/meta';

export const meta = title('trace.title');

/** Longest unit id the page accepts; anything longer is no id of ours (404). */
const MAX_UNIT_ID = 100;

/**
 * `/trace/:unitId`, the public page a product's QR code opens. Until traceability arrives (issue 9) it shows
 * the unit id, that verification is coming, and the sections verification will fill — no data of its own.
 */
export function loader({ params }: LoaderFunctionArgs) {
  const unitId = params.unitId ?? '';
  if (unitId.length === 0 || unitId.length > MAX_UNIT_ID) throw new Response('Not found', { status: 404 });
  return { unitId };
}

export default function TracePage() {
  const t = useT();
  const { unitId } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="trace-title">
      <h1 id="trace-title">{t('trace.title')}</h1>
      <dl className="details">
        <dt>{t('trace.unit')}</dt>
        <dd className="unit-id">{unitId}</dd>
      </dl>
      <div className="coming-soon" role="status">
        <p>
          <strong>{t('trace.pending')}</strong>
        </p>
        <p>{t('trace.pendingBody')}</p>
      </div>
      <section aria-labelledby="trace-history">
        <h2 id="trace-history">{t('trace.history')}</h2>
        <p className="empty">{t('trace.historyEmpty')}</p>
      </section>
      <section aria-labelledby="trace-anchors">
        <h2 id="trace-anchors">{t('trace.anchors')}</h2>
        <p className="empty">{t('trace.anchorsEmpty')}</p>
      </section>
    </section>
  );
}
