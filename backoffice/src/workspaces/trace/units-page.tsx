import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { TraceUnitsQuery } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ListView, SearchBox, UrlSelect, usePagedList, useUrlState } from '../../lib/list';
import { Problem } from '../../lib/problem';
import { refusalOf } from '../../lib/refusal';
import { DataTable } from '../../lib/table-wrap';
import { useSession } from '../../session/session';
import { AnchoringPanel } from './anchoring-panel';

const TraceUnits = graphql(`
  query TraceUnits($search: String, $first: Int!, $after: String) {
    traceUnits(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id code product sku lot registeredAt anchoring { state pendingEvents } scans { scans claimedAt } } }
    }
  }
`);
const RegisterUnit = graphql(`
  mutation TraceRegisterUnit($input: RegisterUnitInput!) { registerUnit(input: $input) { id code } }
`);

type Unit = TraceUnitsQuery['traceUnits']['edges'][number]['node'];
const STATES = ['ANCHORED', 'PENDING', 'FAILED'] as const;

/**
 * The traceability workspace's home: the anchoring outbox (staff with trace:anchoring), registering a finished
 * unit (trace:unit:register), and the units — searched on the server (code, product, SKU, lot), newest first
 * by the API; the anchoring filter and the oldest-first order apply to the rows loaded (the API lists by
 * registration only); CSV of the rows shown. Units ticked in the list make a printable label sheet.
 */
export function UnitsPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const { params, set } = useUrlState();
  const search = params.get('q')?.trim() || null;
  const state = params.get('state') || '';
  const order = params.get('order') === 'OLDEST_FIRST' ? 'OLDEST_FIRST' : 'NEWEST_FIRST';
  const [selected, setSelected] = useState<string[]>([]);
  const list = usePagedList(TraceUnits, { search }, (d) => d.traceUnits);
  const loaded = list.connection?.edges.map((e) => e.node) ?? [];
  const filtered = loaded.filter((u) => !state || u.anchoring.state === state);
  const shown = order === 'OLDEST_FIRST' ? [...filtered].reverse() : filtered;
  const toggle = (code: string) => setSelected((s) => (s.includes(code) ? s.filter((c) => c !== code) : [...s, code]));
  const sheet = `/trace/labels?units=${selected.map(encodeURIComponent).join(',')}&lang=${locale}`;

  return (
    <section aria-labelledby="units-title">
      <h1 id="units-title">{t('trace.units.title')}</h1>
      <p>{t('trace.units.intro')}</p>
      {session.can('trace:anchoring') ? <AnchoringPanel onRetried={list.reload} /> : null}
      {session.can('trace:unit:register') ? <RegisterForm onRegistered={list.reload} /> : null}
      <h2 id="units-list-title">{t('trace.units.title')}</h2>
      <div className="list-tools">
        <SearchBox label={t('trace.units.search')} value={search} onSearch={(q) => set({ q })} />
        <UrlSelect label={t('trace.units.filter.state')} value={state} choices={[['', t('payments.filter.all')], ...STATES.map((s) => [s, t(`trace.state.${s}`)] as const)]} onChange={(v) => set({ state: v })} />
        <UrlSelect label={t('list.order')} value={order} choices={[['NEWEST_FIRST', t('list.order.NEWEST_FIRST')], ['OLDEST_FIRST', t('list.order.OLDEST_FIRST')]]} onChange={(v) => set({ order: v })} />
      </div>
      <p className="hint">{t('trace.units.filter.note')}</p>
      <p>
        {selected.length > 0 ? (
          <a href={sheet} target="_blank" rel="noreferrer">
            {t('trace.units.labels', { count: selected.length })}
          </a>
        ) : (
          <span className="hint">{t('trace.units.labelsHint')}</span>
        )}
      </p>
      <ListView
        list={list}
        shown={shown}
        count={(count) => t('trace.units.count', { count })}
        empty={t('trace.units.empty')}
        csv={{
          name: 'unidades-trazables.csv',
          header: [t('trace.units.col.code'), t('trace.units.col.product'), 'SKU', t('trace.units.col.lot'), t('trace.units.col.registered'), t('trace.units.col.state'), t('trace.units.col.scans'), t('trace.units.col.claimed')],
          row: (u: Unit) => [u.code, u.product, u.sku ?? '', u.lot ?? '', u.registeredAt, t(`trace.state.${u.anchoring.state}`), u.scans.scans, u.scans.claimedAt ?? ''],
        }}
      >
        {(nodes) => (
          <DataTable
            label={t('trace.units.title')}
            columns={[t('trace.units.col.select'), t('trace.units.col.code'), t('trace.units.col.product'), t('trace.units.col.lot'), t('trace.units.col.registered'), t('trace.units.col.state'), { text: t('trace.units.col.scans'), num: true }, t('trace.units.col.claimed')]}
          >
            {nodes.map((u) => (
              <tr key={u.id}>
                <td>
                  <input type="checkbox" aria-label={t('trace.units.selectUnit', { code: u.code })} checked={selected.includes(u.code)} onChange={() => toggle(u.code)} />
                </td>
                <td>
                  <Link to={`units/${u.code}`}>{u.code}</Link>
                </td>
                <td>{u.product}</td>
                <td>{u.lot ?? '—'}</td>
                <td>{formatDateTime(locale, u.registeredAt)}</td>
                <td>{t(`trace.state.${u.anchoring.state}`)}</td>
                <td className="num">{u.scans.scans}</td>
                <td>{u.scans.claimedAt ? formatDateTime(locale, u.scans.claimedAt) : t('trace.no')}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}

/** Registers a finished unit (product required; SKU, lot, maker and place optional): the API gives its code. */
function RegisterForm({ onRegistered }: { onRegistered: () => void }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [register, registering] = useMutation(RegisterUnit);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const value = (name: string) => (new FormData(form).get(name) as string | null)?.trim() || null;
    setProblem(null);
    setDone(null);
    const product = value('product');
    if (!product) return setProblem(t('trace.register.productRequired'));
    try {
      const answer = await register({ variables: { input: { product, sku: value('sku'), lot: value('lot'), producer: value('producer'), place: value('place') } } });
      setDone(answer.data?.registerUnit.code ?? null);
      form.reset();
      onRegistered();
    } catch (error) {
      setProblem(refusalOf(error, t, locale).message);
    }
  };
  const field = (name: string, label: string, max: number) => (
    <div className="field">
      <label htmlFor={`${ids}-${name}`}>{label}</label>
      <input id={`${ids}-${name}`} name={name} maxLength={max} autoComplete="off" />
    </div>
  );
  return (
    <section aria-labelledby={`${ids}-title`} className="panel">
      <h2 id={`${ids}-title`}>{t('trace.register.title')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {field('product', t('trace.register.product'), 200)}
        {field('sku', t('trace.register.sku'), 80)}
        {field('lot', t('trace.register.lot'), 80)}
        {field('producer', t('trace.register.producer'), 200)}
        {field('place', t('trace.register.place'), 200)}
        <button type="submit" disabled={registering.loading}>
          {t('trace.register.submit')}
        </button>
      </form>
      <Problem text={problem} />
      {done ? (
        <p className="notice" role="status">
          {t('trace.register.done', { code: done })}
        </p>
      ) : null}
    </section>
  );
}
