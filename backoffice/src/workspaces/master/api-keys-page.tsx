import { useMutation } from '@apollo/client/react';
import { useId, useRef, useState, type FormEvent } from 'react';
import { graphql } from '../../graphql/generated';
import type { ApiKeyState, ListOrder, MasterApiKeysQuery, Role } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { ListView, OrderSelect, SearchBox, UrlSelect, usePagedList, useUrlState } from '../../lib/list';
import { refusalOf } from '../../lib/refusal';
import { DataTable } from '../../lib/table-wrap';
import { apiKeyFields, emptyApiKey, keyRoles, parseApiKey, type ApiKeyDraft, type ApiKeyField } from './api-key-schema';
import { Problem } from '../../lib/problem';

const MasterApiKeys = graphql(`
  query MasterApiKeys($state: ApiKeyState, $role: Role, $search: String, $order: ListOrder, $first: Int!, $after: String) {
    apiKeys(state: $state, role: $role, search: $search, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id name prefix role state createdAt expiresAt revokedAt rotatedAt previousValidUntil lastUsedAt requestsToday requestsPerMinute requestsPerDay
          customer { id code fullName }
          createdBy { id displayName }
        }
      }
    }
  }
`);
const CreateApiKey = graphql(`
  mutation MasterCreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name } } }
`);
const RotateApiKey = graphql(`
  mutation MasterRotateApiKey($id: ID!, $graceMinutes: Int!) {
    rotateApiKey(id: $id, graceMinutes: $graceMinutes) { secret apiKey { id name rotatedAt previousValidUntil } }
  }
`);
const RevokeApiKey = graphql(`
  mutation MasterRevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id state revokedAt previousValidUntil } }
`);

type ApiKeyRow = MasterApiKeysQuery['apiKeys']['edges'][number]['node'];
/** A secret the API just handed out, for the key named: shown once, on this screen only. */
type Shown = { name: string; secret: string; rotated: boolean };

const states: ApiKeyState[] = ['ACTIVE', 'EXPIRED', 'REVOKED'];
const graceChoices = [0, 60, 1440] as const;

/**
 * The Master's API keys for third parties: create one (role, optional customer, name, expiry, limits) and see
 * its secret once with a copy button; list them (search by name, filter by state and role, newest or oldest
 * first, cursor pages, CSV of the rows loaded) with last use and today's requests; rotate (optionally leaving
 * the old secret working for a while) and revoke.
 */
export function ApiKeysPage() {
  const { t } = useI18n();
  const { params, set } = useUrlState();
  const search = params.get('q')?.trim() || null;
  const state = (params.get('state') as ApiKeyState | null) || null;
  const role = (params.get('role') as Role | null) || null;
  const order = (params.get('order') ?? 'NEWEST_FIRST') as ListOrder;
  const [shown, setShown] = useState<Shown | null>(null);
  const keys = usePagedList(MasterApiKeys, { search, state, role, order }, (d) => d.apiKeys);
  const all = t('payments.filter.all');
  const reveal = (next: Shown) => {
    setShown(next);
    keys.reload();
  };

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">{t('master.keys.title')}</h1>
      <p>{t('master.keys.intro')}</p>
      {shown ? <SecretPanel shown={shown} onDone={() => setShown(null)} /> : null}
      <CreateKeyForm onCreated={(name, secret) => reveal({ name, secret, rotated: false })} />

      <h2 id="keys-list-title">{t('master.keys.listTitle')}</h2>
      <SearchBox label={t('master.keys.search')} value={search} onSearch={(q) => set({ q })} />
      <div className="filters">
        <UrlSelect label={t('master.keys.filter.state')} value={state ?? ''} choices={[['', all], ...states.map((s) => [s, t(`master.keys.state.${s}`)] as const)]} onChange={(v) => set({ state: v })} />
        <UrlSelect label={t('master.keys.filter.role')} value={role ?? ''} choices={[['', all], ...keyRoles.map((r) => [r, t(`role.${r}`)] as const)]} onChange={(v) => set({ role: v })} />
        <OrderSelect value={order} onChange={(v) => set({ order: v })} newestByDefault />
      </div>
      <ListView
        list={keys}
        count={(count) => t('master.keys.count', { count })}
        empty={t('master.keys.empty')}
        csv={{
          name: 'claves-api.csv',
          header: [
            t('master.keys.col.name'), t('master.keys.col.prefix'), t('master.keys.col.role'), t('master.keys.col.customer'), t('master.keys.col.state'),
            t('master.keys.col.expires'), t('master.keys.col.lastUsed'), t('master.keys.col.today'), t('master.keys.col.limits'), t('master.keys.col.createdBy'),
          ],
          row: (node) => [
            node.name, node.prefix, t(`role.${node.role}`), node.customer ? `${node.customer.code} ${node.customer.fullName ?? ''}`.trim() : '',
            t(`master.keys.state.${node.state}`), node.expiresAt, node.lastUsedAt ?? '', node.requestsToday,
            `${node.requestsPerMinute}/min · ${node.requestsPerDay}/día`, node.createdBy?.displayName ?? '',
          ],
        }}
      >
        {(nodes) => (
          <DataTable
            label={t('master.keys.listTitle')}
            columns={[
              t('master.keys.col.name'), t('master.keys.col.role'), t('master.keys.col.state'), t('master.keys.col.expires'), t('master.keys.col.lastUsed'),
              { text: t('master.keys.col.today'), num: true }, t('master.keys.col.actions'),
            ]}
          >
            {nodes.map((node) => (
              <KeyRow key={node.id} apiKey={node} onRotated={(secret) => reveal({ name: node.name, secret, rotated: true })} />
            ))}
          </DataTable>
        )}
      </ListView>
    </section>
  );
}

/** The whole key, once: a read-only field, a copy button and the warning that it cannot be shown again. */
function SecretPanel({ shown, onDone }: { shown: Shown; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(shown.secret);
      setCopied('yes');
    } catch {
      // No clipboard permission (e.g. plain http): select the key so Ctrl+C copies it.
      field.current?.select();
      setCopied('no');
    }
  };
  return (
    <section className="notice secret" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t(shown.rotated ? 'master.keys.secret.rotatedTitle' : 'master.keys.secret.title', { name: shown.name })}</h2>
      <p role="alert">{t('master.keys.secret.warning')}</p>
      <div className="field">
        <label htmlFor={`${id}-key`}>{t('master.keys.secret.label')}</label>
        <input id={`${id}-key`} ref={field} readOnly value={shown.secret} onFocus={(e) => e.target.select()} spellCheck={false} />
      </div>
      <p className="hint">{t('master.keys.secret.usage')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void copy()}>
          {t('master.keys.secret.copy')}
        </button>
        <button type="button" onClick={onDone}>
          {t('master.keys.secret.done')}
        </button>
        <span role="status">{copied === 'yes' ? t('master.keys.secret.copied') : copied === 'no' ? t('master.keys.secret.copyManually') : ''}</span>
      </div>
    </section>
  );
}

/** One key: name and public prefix, role and customer, state, expiry, last use; rotate and revoke. */
function KeyRow({ apiKey, onRotated }: { apiKey: ApiKeyRow; onRotated: (secret: string) => void }) {
  const { t, locale } = useI18n();
  const [acting, setActing] = useState<'rotate' | 'revoke' | null>(null);
  const [grace, setGrace] = useState<number>(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [rotate, rotating] = useMutation(RotateApiKey);
  const [revoke, revoking] = useMutation(RevokeApiKey);
  const ids = useId();
  const active = apiKey.state === 'ACTIVE';

  const run = async (work: () => Promise<void>) => {
    setProblem(null);
    try {
      await work();
      setActing(null);
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code !== 'UNAUTHENTICATED') setProblem(refusal.message);
    }
  };
  const confirmRotate = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const result = await rotate({ variables: { id: apiKey.id, graceMinutes: grace } });
      if (result.data) onRotated(result.data.rotateApiKey.secret);
    });
  };
  const confirmRevoke = () => void run(async () => void (await revoke({ variables: { id: apiKey.id } })));

  return (
    <tr className="key-row">
      <th scope="row">
        {apiKey.name}
        <br />
        <code className="hint">{apiKey.prefix}</code>
      </th>
      <td>
        {t(`role.${apiKey.role}`)}
        {apiKey.customer ? (
          <>
            <br />
            <span className="hint">{t('master.keys.actsAs', { code: apiKey.customer.code, name: apiKey.customer.fullName ?? '' })}</span>
          </>
        ) : null}
      </td>
      <td>
        <span className={`badge key-${apiKey.state.toLowerCase()}`}>{t(`master.keys.state.${apiKey.state}`)}</span>
        {apiKey.previousValidUntil && active ? (
          <>
            <br />
            <span className="hint">{t('master.keys.graceUntil', { date: formatDateTime(locale, apiKey.previousValidUntil) })}</span>
          </>
        ) : null}
      </td>
      <td>{formatDateTime(locale, apiKey.expiresAt)}</td>
      <td>{apiKey.lastUsedAt ? formatDateTime(locale, apiKey.lastUsedAt) : t('master.keys.neverUsed')}</td>
      <td className="num">{apiKey.requestsToday}</td>
      <td>
        {acting === 'rotate' ? (
          <form onSubmit={confirmRotate} aria-label={t('master.keys.rotateOf', { name: apiKey.name })}>
            <div className="field">
              <label htmlFor={`${ids}-grace`}>{t('master.keys.grace')}</label>
              <select id={`${ids}-grace`} value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
                {graceChoices.map((minutes) => (
                  <option key={minutes} value={minutes}>
                    {t(`master.keys.grace.${minutes}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="actions">
              <button type="submit" className="primary" disabled={rotating.loading}>
                {t('master.keys.confirmRotate')}
              </button>
              <button type="button" onClick={() => setActing(null)}>
                {t('master.keys.cancel')}
              </button>
            </div>
          </form>
        ) : acting === 'revoke' ? (
          <div className="actions" role="group" aria-label={t('master.keys.revokeOf', { name: apiKey.name })}>
            <span>{t('master.keys.revokeQuestion')}</span>
            <button type="button" className="danger" onClick={confirmRevoke} disabled={revoking.loading}>
              {t('master.keys.confirmRevoke')}
            </button>
            <button type="button" onClick={() => setActing(null)}>
              {t('master.keys.cancel')}
            </button>
          </div>
        ) : active ? (
          <div className="actions">
            <button type="button" onClick={() => setActing('rotate')} aria-label={t('master.keys.rotateOf', { name: apiKey.name })}>
              {t('master.keys.rotate')}
            </button>
            <button type="button" onClick={() => setActing('revoke')} aria-label={t('master.keys.revokeOf', { name: apiKey.name })}>
              {t('master.keys.revoke')}
            </button>
          </div>
        ) : null}
        <Problem text={problem} />
      </td>
    </tr>
  );
}

const fieldLabels: Record<ApiKeyField, MessageKey> = {
  name: 'master.keys.name',
  role: 'master.keys.role',
  customerCode: 'master.keys.customerCode',
  expiresOn: 'master.keys.expiresOn',
  requestsPerMinute: 'master.keys.requestsPerMinute',
  requestsPerDay: 'master.keys.requestsPerDay',
};

/** The API's field names for the form's (the expiry is a day here, a time there). */
const apiField: Record<string, ApiKeyField> = { expiresAt: 'expiresOn', customerCode: 'customerCode', name: 'name', requestsPerMinute: 'requestsPerMinute', requestsPerDay: 'requestsPerDay' };

/** A new key → `createApiKey`; errors next to their field (here first, then the API's refusals). */
function CreateKeyForm({ onCreated }: { onCreated: (name: string, secret: string) => void }) {
  const { t, locale } = useI18n();
  const [create, creating] = useMutation(CreateApiKey);
  const [draft, setDraft] = useState<ApiKeyDraft>(emptyApiKey);
  const [errors, setErrors] = useState<Partial<Record<ApiKeyField, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const formId = useId();
  const idOf = (field: ApiKeyField) => `${formId}-${field}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const parsed = parseApiKey(draft, new Date().toISOString().slice(0, 10));
    if ('errors' in parsed) {
      setErrors(Object.fromEntries(Object.entries(parsed.errors).map(([f, key]) => [f, t(key)])));
      const first = apiKeyFields.find((f) => parsed.errors[f]);
      if (first) document.getElementById(idOf(first))?.focus();
      return;
    }
    setErrors({});
    try {
      const result = await create({ variables: { input: parsed.input } });
      setDraft(emptyApiKey());
      if (result.data) onCreated(result.data.createApiKey.apiKey.name, result.data.createApiKey.secret);
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code === 'UNAUTHENTICATED') return;
      const field = refusal.field ? apiField[refusal.field] : undefined;
      if (field) {
        setErrors({ [field]: refusal.code === 'NOT_FOUND' ? t('master.keys.customerUnknown') : refusal.message });
        document.getElementById(idOf(field))?.focus();
      } else setProblem(refusal.message);
    }
  };

  const input = (field: Exclude<ApiKeyField, 'role'>, props: { type: 'text' | 'date' | 'number'; optional?: boolean; hint?: MessageKey }) => {
    const error = errors[field];
    const described = [props.hint ? `${idOf(field)}-hint` : null, error ? `${idOf(field)}-error` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className="field">
        <label htmlFor={idOf(field)}>
          {t(fieldLabels[field])} {props.optional ? <span className="optional">{t('form.optional')}</span> : null}
        </label>
        <input
          id={idOf(field)}
          type={props.type}
          inputMode={props.type === 'number' ? 'numeric' : undefined}
          min={props.type === 'number' ? 1 : undefined}
          value={draft[field]}
          autoComplete="off"
          required={!props.optional}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(e) => setDraft((d) => ({ ...d, [field]: e.target.value }))}
        />
        {props.hint ? (
          <p id={`${idOf(field)}-hint`} className="hint">
            {t(props.hint)}
          </p>
        ) : null}
        {error ? (
          <p id={`${idOf(field)}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <form className="key-form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>{t('master.keys.createTitle')}</h2>
      <div className="grid-2">
        {input('name', { type: 'text', hint: 'master.keys.nameHint' })}
        <div className="field">
          <label htmlFor={idOf('role')}>{t('master.keys.role')}</label>
          <select id={idOf('role')} value={draft.role} aria-describedby={`${idOf('role')}-hint`} onChange={(e) => setDraft((d) => ({ ...d, role: e.target.value as Role }))}>
            {keyRoles.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
          <p id={`${idOf('role')}-hint`} className="hint">
            {t(draft.role === 'CUSTOMER' ? 'master.keys.roleHintCustomer' : 'master.keys.roleHint')}
          </p>
        </div>
        {draft.role === 'CUSTOMER' ? input('customerCode', { type: 'text', hint: 'master.keys.customerHint' }) : null}
        {input('expiresOn', { type: 'date', hint: 'master.keys.expiresHint' })}
        {input('requestsPerMinute', { type: 'number', optional: true, hint: 'master.keys.limitHint' })}
        {input('requestsPerDay', { type: 'number', optional: true, hint: 'master.keys.limitHint' })}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={creating.loading}>
          {creating.loading ? t('master.keys.creating') : t('master.keys.create')}
        </button>
        <Problem text={problem} />
      </div>
    </form>
  );
}
