import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../../graphql/generated';
import type { InventoryLocationsQuery, LocationKind } from '../../graphql/generated/graphql';
import { useI18n } from '../../i18n/i18n';
import { ListView, SearchBox, UrlSelect, useUrlState, type PagedList } from '../../lib/list';
import { Problem } from '../../lib/problem';
import { DataTable } from '../../lib/table-wrap';
import { useSession } from '../../session/session';
import { FormField, useInventoryForm } from './inventory-form';
import { emptyLocation, locationFields, parseLocation, type LocationDraft } from './inventory-schema';
import { Locations } from './movements-page';

const CreateLocation = graphql(`
  mutation InventoryCreateLocation($input: CreateLocationInput!) { createStockLocation(input: $input) { id code name kind active } }
`);

type LocationRow = InventoryLocationsQuery['stockLocations'][number];
const KINDS: readonly LocationKind[] = ['WAREHOUSE', 'STORE', 'VENUE'];

/**
 * Warehouses, stores and venues: search by code or name, filter by kind, sort by code or name, CSV. The API
 * returns every location at once (a business has a handful), so search, filter and sort run here on all of them
 * and there is no "load more". With inventory:manage, a form adds one.
 */
export function LocationsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { params, set } = useUrlState();
  const search = params.get('q')?.trim() || null;
  const kind = (params.get('kind') as LocationKind | null) || null;
  const order = params.get('order') === 'NAME' ? 'NAME' : 'CODE';
  const query = useQuery(Locations, { fetchPolicy: 'cache-and-network' });
  const all = query.data?.stockLocations ?? [];
  const needle = search?.toLocaleLowerCase();
  const shown = all
    .filter((l) => !kind || l.kind === kind)
    .filter((l) => !needle || l.code.toLocaleLowerCase().includes(needle) || l.name.toLocaleLowerCase().includes(needle))
    .sort((a, b) => (order === 'NAME' ? a.name.localeCompare(b.name) : a.code.localeCompare(b.code)));
  const list: PagedList<LocationRow> = {
    connection: query.data ? { totalCount: all.length, pageInfo: { hasNextPage: false }, edges: all.map((node) => ({ cursor: node.id, node })) } : undefined,
    error: query.error,
    loadingMore: false,
    loadMore: () => undefined,
    reload: () => void query.refetch(),
  };
  const [created, setCreated] = useState<string | null>(null);
  return (
    <section aria-labelledby="locations-title">
      <h1 id="locations-title">{t('inventory.locations.title')}</h1>
      {can('inventory:manage') ? (
        <NewLocationForm
          onCreated={(code) => {
            setCreated(code);
            list.reload();
          }}
        />
      ) : null}
      {created ? (
        <p className="notice" role="status">
          {t('inventory.locations.created', { code: created })}
        </p>
      ) : null}
      <h2 id="locations-list-title">{t('inventory.locations.listTitle')}</h2>
      <SearchBox label={t('inventory.locations.search')} value={search} onSearch={(q) => set({ q })} />
      <div className="filters">
        <UrlSelect label={t('inventory.locations.kind')} value={kind ?? ''} choices={[['', t('inventory.filter.all')], ...KINDS.map((k) => [k, t(`inventory.locationKind.${k}`)] as const)]} onChange={(v) => set({ kind: v })} />
        <UrlSelect label={t('list.order')} value={order} choices={[['CODE', t('inventory.locations.byCode')], ['NAME', t('list.order.NAME')]]} onChange={(v) => set({ order: v })} />
      </div>
      <ListView
        list={list}
        shown={shown}
        count={(total, loaded) => t('inventory.locations.count', { count: loaded, total })}
        empty={t('inventory.locations.empty')}
        csv={{
          name: 'ubicaciones.csv',
          header: [t('inventory.locations.code'), t('inventory.col.name'), t('inventory.locations.kind'), t('inventory.col.state')],
          row: (l) => [l.code, l.name, t(`inventory.locationKind.${l.kind}`), l.active ? t('inventory.locations.active') : t('inventory.state.inactive')],
        }}
      >
        {(nodes) => (
          <DataTable label={t('inventory.locations.listTitle')} columns={[t('inventory.locations.code'), t('inventory.col.name'), t('inventory.locations.kind'), t('inventory.col.state')]}>
            {nodes.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.code}</th>
                <td>{l.name}</td>
                <td>{t(`inventory.locationKind.${l.kind}`)}</td>
                <td>{l.active ? t('inventory.locations.active') : t('inventory.state.inactive')}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}

/** A new location → `createStockLocation`; its code is stored upper case (LOCATION_CODE_TAKEN next to the code). */
function NewLocationForm({ onCreated }: { onCreated: (code: string) => void }) {
  const { t } = useI18n();
  const ids = useId();
  const [draft, setDraft] = useState<LocationDraft>(emptyLocation);
  const [create, creating] = useMutation(CreateLocation);
  const form = useInventoryForm(locationFields);
  const set = (field: keyof LocationDraft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let code = '';
    const ok = await form.send(parseLocation(draft), async (input) => {
      code = (await create({ variables: { input } })).data?.createStockLocation.code ?? '';
    });
    if (ok) {
      setDraft(emptyLocation);
      onCreated(code);
    }
  };
  return (
    <form ref={form.ref} className="inventory-form" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('inventory.locations.newTitle')}</h2>
      <div className="grid-3">
        <FormField label={t('inventory.locations.code')} error={form.errors.code} hint={t('inventory.locations.codeHint')}>
          {(p) => <input {...p} value={draft.code} onChange={set('code')} maxLength={40} autoComplete="off" required />}
        </FormField>
        <FormField label={t('inventory.col.name')} error={form.errors.name}>
          {(p) => <input {...p} value={draft.name} onChange={set('name')} maxLength={120} autoComplete="off" required />}
        </FormField>
        <FormField label={t('inventory.locations.kind')} error={form.errors.kind}>
          {(p) => (
            <select {...p} value={draft.kind} onChange={set('kind')}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`inventory.locationKind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={creating.loading}>
          {t('inventory.locations.create')}
        </button>
        <Problem text={form.problem} />
      </div>
    </form>
  );
}
