import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { UnitEventKind } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { isMessageKey, useI18n } from '../../i18n/i18n';
import { BackLink, DetailPending } from '../../lib/detail';
import { Problem } from '../../lib/problem';
import { refusalOf } from '../../lib/refusal';
import { DataTable } from '../../lib/table-wrap';
import { useSession } from '../../session/session';
import { AnchoringPanel } from './anchoring-panel';

const TraceUnitDetail = graphql(`
  query TraceUnitDetail($unit: String!) {
    traceUnit(unit: $unit) {
      unit {
        id code product sku lot producer description registeredAt
        anchoring { state pendingEvents lastError lastErrorAt nextAttemptAt }
        sale { soldAt claimedAt claimedVia customer { id code fullName } }
      }
      label { issued link pngPath svgPath }
      scans { scans scansAfterClaimElsewhere }
      verification { status events { seq kind occurredAt place note actor status anchor { txHash blockNumber } } }
    }
  }
`);
const RecordUnitEvent = graphql(`
  mutation TraceRecordUnitEvent($input: RecordUnitEventInput!) { recordUnitEvent(input: $input) { id anchoring { state pendingEvents } } }
`);
const MarkUnitSold = graphql(`
  mutation TraceMarkUnitSold($input: MarkUnitSoldInput!) { markUnitSold(input: $input) { claimCode unit { id } } }
`);

const KINDS: readonly UnitEventKind[] = ['PRODUCED', 'QUALITY_CHECKED', 'PACKED', 'STORED', 'SHIPPED', 'IN_TRANSIT', 'CUSTOMS_CLEARED', 'ARRIVED', 'DELIVERED', 'OTHER'];

/**
 * One unit: its events with their verdicts, its anchoring (with the last error and "Reintentar ahora"), its QR
 * code (preview, PNG and SVG, its label) once issued, recording an event, and the sale: mark sold (optionally
 * to a customer) shows the claim code once, to print for the buyer; then whether and when it was claimed.
 */
export function UnitPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const { code = '' } = useParams();
  const detail = useQuery(TraceUnitDetail, { variables: { unit: code }, fetchPolicy: 'cache-and-network' });
  const trace = detail.data?.traceUnit;
  const back = <BackLink label={t('trace.unit.back')} />;
  if (!trace) return <DetailPending back={back} error={detail.error} />;
  const { unit, label, scans, verification } = trace;
  const kindText = (kind: string) => (isMessageKey(`trace.kind.${kind}`) ? t(`trace.kind.${kind}` as 'trace.kind.OTHER') : kind);
  const reload = () => void detail.refetch();
  return (
    <section aria-labelledby="unit-title">
      {back}
      <h1 id="unit-title">{t('trace.unit.title', { code: unit.code })}</h1>
      <p>
        {unit.product}
        {unit.lot ? ` · ${unit.lot}` : ''} · <a href={label.link}>{t('trace.unit.publicPage')}</a>
      </p>
      <p role="status">
        {t(`trace.state.${unit.anchoring.state}`)} · {t(`trace.verdict.${verification.status}` as 'trace.verdict.VERIFIED')}
      </p>
      {unit.anchoring.state === 'FAILED' && unit.anchoring.lastError ? (
        <p className="problem">{t('trace.anchoring.lastError', { at: unit.anchoring.lastErrorAt ? formatDateTime(locale, unit.anchoring.lastErrorAt) : '—', error: unit.anchoring.lastError })}</p>
      ) : null}
      {session.can('trace:anchoring') ? <AnchoringPanel onRetried={reload} /> : null}

      <h2>{t('trace.unit.events')}</h2>
      <DataTable label={t('trace.unit.events')} columns={['#', t('trace.unit.kind'), t('trace.units.col.registered'), t('trace.unit.place'), t('trace.unit.note'), t('trace.units.col.state')]}>
        {verification.events.map((e) => (
          <tr key={e.seq}>
            <td>{e.seq}</td>
            <td>{kindText(e.kind)}</td>
            <td>{formatDateTime(locale, e.occurredAt)}</td>
            <td>{e.place ?? '—'}</td>
            <td>{e.note ?? ''}</td>
            <td>{t(`trace.verdict.${e.status}` as 'trace.verdict.VERIFIED')}</td>
          </tr>
        ))}
      </DataTable>
      {session.can('trace:unit:event') ? <RecordEventForm unitId={unit.id} onRecorded={reload} /> : null}

      <section aria-labelledby="unit-qr-title" className="panel">
        <h2 id="unit-qr-title">{t('trace.unit.qr')}</h2>
        {label.issued ? (
          <>
            <img className="qr-preview" src={label.svgPath} alt={t('trace.unit.qrAlt', { code: unit.code })} />
            <p>
              <a href={label.pngPath} download={`${unit.code}.png`}>{t('trace.unit.png')}</a> · <a href={label.svgPath} download={`${unit.code}.svg`}>{t('trace.unit.svg')}</a> ·{' '}
              <a href={`/trace/labels?units=${encodeURIComponent(unit.code)}&lang=${locale}`} target="_blank" rel="noreferrer">{t('trace.unit.label')}</a>
            </p>
            <p className="mono">{label.link}</p>
          </>
        ) : (
          <p>{t('trace.unit.qrPending')}</p>
        )}
      </section>

      <section aria-labelledby="unit-sale-title" className="panel">
        <h2 id="unit-sale-title">{t('trace.unit.sale')}</h2>
        <p>{t('trace.unit.scans', { count: scans.scans, elsewhere: scans.scansAfterClaimElsewhere })}</p>
        {unit.sale ? (
          <>
            <p>{unit.sale.customer ? t('trace.unit.soldTo', { name: unit.sale.customer.fullName, code: unit.sale.customer.code }) : t('trace.unit.soldAt', { at: formatDateTime(locale, unit.sale.soldAt) })}</p>
            <p>{unit.sale.claimedAt ? t('trace.unit.claimedAt', { at: formatDateTime(locale, unit.sale.claimedAt) }) : t('trace.unit.unclaimed')}</p>
          </>
        ) : (
          <p>{t('trace.unit.notSold')}</p>
        )}
        {!unit.sale && session.can('trace:unit:sell') ? <SellForm unit={unit.code} onSold={reload} /> : null}
      </section>
    </section>
  );
}

/** Appends a production or logistics event (kind, place, note) to the unit's chain. */
function RecordEventForm({ unitId, onRecorded }: { unitId: string; onRecorded: () => void }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [record, recording] = useMutation(RecordUnitEvent);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setProblem(null);
    setDone(false);
    try {
      await record({ variables: { input: { unitId, kind: data.get('kind') as UnitEventKind, place: (data.get('place') as string).trim() || null, note: (data.get('note') as string).trim() || null } } });
      form.reset();
      setDone(true);
      onRecorded();
    } catch (error) {
      setProblem(refusalOf(error, t, locale).message);
    }
  };
  return (
    <section aria-labelledby={`${ids}-title`} className="panel">
      <h2 id={`${ids}-title`}>{t('trace.unit.record')}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={`${ids}-kind`}>{t('trace.unit.kind')}</label>
          <select id={`${ids}-kind`} name="kind">
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`trace.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-place`}>{t('trace.unit.place')}</label>
          <input id={`${ids}-place`} name="place" maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-note`}>{t('trace.unit.note')}</label>
          <input id={`${ids}-note`} name="note" maxLength={2000} />
        </div>
        <button type="submit" disabled={recording.loading}>
          {t('trace.unit.recordSubmit')}
        </button>
      </form>
      <Problem text={problem} />
      {done ? <p className="notice" role="status">{t('trace.unit.recorded')}</p> : null}
    </section>
  );
}

/** Marks the unit sold (optionally to a customer id, and where): the claim code is shown once, to print. */
function SellForm({ unit, onSold }: { unit: string; onSold: () => void }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [sell, selling] = useMutation(MarkUnitSold);
  const [problem, setProblem] = useState<string | null>(null);
  const [claimCode, setClaimCode] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setProblem(null);
    try {
      const answer = await sell({ variables: { input: { unit, customerId: (data.get('customerId') as string).trim() || null, place: (data.get('place') as string).trim() || null } } });
      setClaimCode(answer.data?.markUnitSold.claimCode ?? null);
      onSold();
    } catch (error) {
      setProblem(refusalOf(error, t, locale).message);
    }
  };
  if (claimCode) return <p className="notice" role="status">{t('trace.unit.claimCode', { code: claimCode })}</p>;
  return (
    <form onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={`${ids}-customer`}>{t('trace.unit.sellCustomer')}</label>
        <input id={`${ids}-customer`} name="customerId" autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-place`}>{t('trace.unit.sellPlace')}</label>
        <input id={`${ids}-place`} name="place" maxLength={200} />
      </div>
      <button type="submit" disabled={selling.loading}>
        {t('trace.unit.sell')}
      </button>
      <Problem text={problem} />
    </form>
  );
}
