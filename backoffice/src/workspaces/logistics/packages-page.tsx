import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../../graphql/generated';
import { useI18n } from '../../i18n/i18n';
import { ListView, useLiveReload, usePagedList } from '../../lib/list';
import { refusalOf } from '../../lib/refusal';
import { DataTable } from '../../lib/table-wrap';
import { BoxesList } from './boxes-list';
import { PackageForm } from './package-form';
import { useOrderFilters } from './order-filters';

const Packable = graphql(`
  query LogisticsPackableOrders($state: OrderState!, $number: String, $order: OrderListOrder, $first: Int!, $after: String) {
    orders(filter: { state: $state, number: $number }, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id number state request { description quantity } packages { id number weightKg lengthCm widthCm heightCm repacked note box { id number } } } }
    }
  }
`);
const PackableChanged = graphql(`
  subscription LogisticsPackableChanged { orderUpdated { cursor order { id state } } }
`);
const CreateBox = graphql(`
  mutation LogisticsCreateBox($input: CreateBoxInput!) { createBox(input: $input) { id number } }
`);

/** Orders whose goods are at (or on their way to) the China warehouse: the API takes packages and boxes for these. */
const packableStates = ['PURCHASED', 'AT_CHINA_WAREHOUSE'] as const;

/**
 * Packages and boxes (China agent): purchased orders and those at the China warehouse, each with its
 * packages; a package is registered per order (`registerPackage`), and packages of one or several orders
 * are ticked and consolidated into one box (`createBox`). Below, the boxes with their numbers and orders.
 */
export function PackagesPage() {
  const { t, locale } = useI18n();
  const ids = useId();
  const { number, state, order, controls } = useOrderFilters(packableStates);
  const [registering, setRegistering] = useState<{ id: string; number: string } | null>(null);
  // Ticked packages (id → number), kept across searches and pages so one box can gather several orders.
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const [boxWeight, setBoxWeight] = useState('');
  const [boxError, setBoxError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [createBox, creating] = useMutation(CreateBox, { refetchQueries: ['LogisticsBoxes'] });

  const list = usePagedList(Packable, { state, number, order }, (d) => d.orders);
  useLiveReload(PackableChanged, list);
  const toggle = (id: string, packageNumber: string, on: boolean) => {
    const next = new Map(selected);
    if (on) next.set(id, packageNumber);
    else next.delete(id);
    setSelected(next);
  };
  const consolidate = async (event: FormEvent) => {
    event.preventDefault();
    setBoxError(null);
    setDone(null);
    const weight = boxWeight.trim().replace(',', '.');
    if (weight && (!/^\d{1,6}(\.\d{1,3})?$/.test(weight) || Number(weight) <= 0)) {
      setBoxError(t('logistics.package.weightInvalid'));
      return;
    }
    try {
      const { data } = await createBox({ variables: { input: { packageIds: [...selected.keys()], weightKg: weight || null } } });
      setDone(t('logistics.box.done', { box: data!.createBox.number, packages: [...selected.values()].join(', ') }));
      setSelected(new Map());
      setBoxWeight('');
      list.reload();
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code !== 'UNAUTHENTICATED') setBoxError(refusal.code === 'INVALID_STATE' ? t('logistics.package.notPackable') : refusal.message);
    }
  };

  return (
    <section aria-labelledby="packages-title">
      <h1 id="packages-title">{t('logistics.packages.title')}</h1>
      <p>{t('logistics.packages.intro')}</p>
      {done ? <p className="notice" role="status">{done}</p> : null}
      {controls}
      <ListView
        list={list}
        live
        count={(count) => t('logistics.orders.count', { count })}
        empty={number ? t('list.emptyFiltered') : t('logistics.packages.empty')}
        csv={{
          name: 'paquetes.csv',
          many: true,
          header: [t('logistics.col.order'), t('logistics.col.phase'), t('logistics.col.package'), t('logistics.package.weight'), t('logistics.package.size'), t('logistics.package.repacked'), t('logistics.col.box'), t('logistics.package.note')],
          row: (node) =>
            node.packages.length === 0
              ? [[node.number, t(`orderState.${node.state}`), null, null, null, null, null, null]]
              : node.packages.map((p) => [node.number, t(`orderState.${node.state}`), p.number, p.weightKg, `${p.lengthCm}×${p.widthCm}×${p.heightCm}`, p.repacked ? t('logistics.yes') : t('logistics.no'), p.box?.number ?? null, p.note ?? null]),
        }}
      >
        {(nodes) => (
          <DataTable label={t('logistics.packages.title')} columns={[t('logistics.col.order'), t('logistics.col.product'), t('logistics.col.packages'), t('logistics.col.action')]}>
            {nodes.map((node) => (
              <tr key={node.id}>
                <th scope="row">{node.number}</th>
                <td>{`${node.request.quantity} × ${node.request.description}`}</td>
                <td>
                  {node.packages.length === 0 ? (
                    t('logistics.packages.none')
                  ) : (
                    <ul className="plain">
                      {node.packages.map((p) => {
                        const text = t('logistics.package.summary', { number: p.number, kg: p.weightKg, size: `${p.lengthCm}×${p.widthCm}×${p.heightCm}` }) + (p.repacked ? ` · ${t('logistics.package.repackedShort')}` : '');
                        return (
                          <li key={p.id}>
                            {p.box ? (
                              `${text} · ${t('logistics.package.inBox', { box: p.box.number })}`
                            ) : (
                              <label>
                                <input type="checkbox" checked={selected.has(p.id)} onChange={(e) => toggle(p.id, p.number, e.target.checked)} aria-label={t('logistics.package.select', { number: p.number, order: node.number })} />{' '}
                                {text}
                              </label>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </td>
                <td>
                  <button type="button" onClick={() => (setDone(null), setRegistering({ id: node.id, number: node.number }))} aria-label={t('logistics.package.registerFor', { number: node.number })}>
                    {t('logistics.package.register')}
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
      {registering ? (
        <PackageForm
          key={registering.id}
          orderId={registering.id}
          number={registering.number}
          onDone={(packageNumber) => {
            setDone(t('logistics.package.done', { package: packageNumber, number: registering.number }));
            setRegistering(null);
            list.reload();
          }}
          onCancel={() => setRegistering(null)}
        />
      ) : null}
      <form className="sourcing" onSubmit={consolidate} noValidate aria-labelledby={`${ids}-box-title`}>
        <h2 id={`${ids}-box-title`}>{t('logistics.box.title')}</h2>
        <p>{selected.size === 0 ? t('logistics.box.noneSelected') : t('logistics.box.selected', { count: selected.size, packages: [...selected.values()].join(', ') })}</p>
        <div className="grid-2">
          <div className="field">
            <label htmlFor={`${ids}-box-weight`}>{t('logistics.box.weight')}</label>
            <input id={`${ids}-box-weight`} inputMode="decimal" autoComplete="off" value={boxWeight} onChange={(e) => setBoxWeight(e.target.value)} />
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={selected.size === 0 || creating.loading}>
            {t('logistics.box.submit', { count: selected.size })}
          </button>
          {boxError ? <p className="problem" role="alert">{boxError}</p> : null}
        </div>
      </form>
      <BoxesList />
    </section>
  );
}
