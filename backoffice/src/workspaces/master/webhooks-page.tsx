import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { graphql } from '../../graphql/generated';
import type { ListOrder, MasterWebhookDeliveriesQuery, MasterWebhookEndpointsQuery, WebhookDeliveryStatus, WebhookEventType } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ListView, OrderSelect, SearchBox, UrlSelect, usePagedList, useUrlState } from '../../lib/list';
import { refusalOf } from '../../lib/refusal';
import { DataTable } from '../../lib/table-wrap';
import { Problem } from '../../lib/problem';

const WebhookEndpoints = graphql(`
  query MasterWebhookEndpoints($enabled: Boolean, $search: String, $order: ListOrder, $first: Int!, $after: String) {
    webhookEndpoints(enabled: $enabled, search: $search, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node { id url description eventTypes enabled disabledReason disabledAt consecutiveFailures failingSince secretHint createdAt customer { id code } }
      }
    }
  }
`);
const WebhookDeliveries = graphql(`
  query MasterWebhookDeliveries($endpointId: ID, $status: WebhookDeliveryStatus, $eventType: WebhookEventType, $order: ListOrder, $first: Int!, $after: String) {
    webhookDeliveries(endpointId: $endpointId, status: $status, eventType: $eventType, order: $order, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node { id eventId eventType status attempts replays lastStatusCode lastError lastDurationMs nextAttemptAt createdAt endpoint { id url } }
      }
    }
  }
`);
const CreateEndpoint = graphql(`
  mutation MasterCreateWebhookEndpoint($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id url } } }
`);
const RotateSecret = graphql(`
  mutation MasterRotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id url secretHint } } }
`);
const EnableEndpoint = graphql(`
  mutation MasterEnableWebhookEndpoint($id: ID!) { enableWebhookEndpoint(id: $id) { id enabled disabledReason disabledAt consecutiveFailures failingSince } }
`);
const DisableEndpoint = graphql(`
  mutation MasterDisableWebhookEndpoint($id: ID!) { disableWebhookEndpoint(id: $id) { id enabled disabledReason disabledAt } }
`);
const DeleteEndpoint = graphql(`mutation MasterDeleteWebhookEndpoint($id: ID!) { deleteWebhookEndpoint(id: $id) }`);
const ReplayDelivery = graphql(`
  mutation MasterReplayWebhookDelivery($id: ID!) { replayWebhookDelivery(id: $id) { id status attempts replays nextAttemptAt } }
`);

type EndpointRow = MasterWebhookEndpointsQuery['webhookEndpoints']['edges'][number]['node'];
type DeliveryRow = MasterWebhookDeliveriesQuery['webhookDeliveries']['edges'][number]['node'];

/** Every event type an endpoint may subscribe to (the API's WebhookEventType). */
const eventTypes: readonly WebhookEventType[] = ['PURCHASE_REQUEST_CHANGED', 'ORDER_CHANGED', 'PAYMENT_CHANGED', 'NOTIFICATION_CREATED', 'ALERT_RAISED'];
const deliveryStatuses: readonly WebhookDeliveryStatus[] = ['PENDING', 'SUCCEEDED', 'FAILED'];

/** A secret just created or rotated: shown once, until the Master closes it. */
interface ShownSecret {
  url: string;
  secret: string;
}

/**
 * The Master's webhooks: create an endpoint (URL, description, event types; the signing secret is shown once),
 * the endpoints (search by URL or description, filter enabled/disabled, newest or oldest first, cursor pages,
 * CSV of the rows loaded) with their state and failures in a row, and disable, enable, rotate the secret or
 * delete each; below, the delivery log (filter by endpoint, status and event type; replay a finished delivery).
 * No live updates: "Refresh" reloads the rows on screen.
 */
export function WebhooksPage() {
  const { t } = useI18n();
  const { params, set } = useUrlState();
  const search = params.get('q')?.trim() || null;
  const state = params.get('state');
  const enabled = state === 'enabled' ? true : state === 'disabled' ? false : null;
  const order: ListOrder = params.get('order') === 'OLDEST_FIRST' ? 'OLDEST_FIRST' : 'NEWEST_FIRST';
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const endpoints = usePagedList(WebhookEndpoints, { search, enabled, order }, (d) => d.webhookEndpoints);
  const all = t('payments.filter.all');

  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">{t('master.webhooks.title')}</h1>
      <p>{t('master.webhooks.intro')}</p>
      <CreateEndpointForm
        onCreated={(secret) => {
          setShown(secret);
          endpoints.reload();
        }}
      />
      {shown ? <SecretNotice shown={shown} onClose={() => setShown(null)} /> : null}

      <h2 id="webhooks-list-title">{t('master.webhooks.listTitle')}</h2>
      <SearchBox label={t('master.webhooks.search')} value={search} onSearch={(q) => set({ q })} />
      <div className="filters">
        <UrlSelect
          label={t('master.webhooks.filter.state')}
          value={state ?? ''}
          choices={[
            ['', all],
            ['enabled', t('master.webhooks.enabled')],
            ['disabled', t('master.webhooks.disabled')],
          ]}
          onChange={(v) => set({ state: v })}
        />
        <OrderSelect value={order} onChange={(v) => set({ order: v })} newestByDefault />
      </div>
      <button type="button" onClick={endpoints.reload}>
        {t('master.webhooks.refresh')}
      </button>
      <ListView
        list={endpoints}
        count={(count) => t('master.webhooks.count', { count })}
        empty={t('master.webhooks.empty')}
        csv={{
          name: 'webhooks.csv',
          header: [t('master.webhooks.col.url'), t('master.webhooks.col.description'), t('master.webhooks.col.events'), t('master.webhooks.col.state'), t('master.webhooks.col.failures'), t('master.webhooks.col.created')],
          row: (node) => [node.url, node.description, node.eventTypes.join(' / '), node.enabled ? t('master.webhooks.enabled') : t('master.webhooks.disabled'), node.consecutiveFailures, node.createdAt],
        }}
      >
        {(nodes) => (
          <DataTable
            label={t('master.webhooks.listTitle')}
            columns={[t('master.webhooks.col.url'), t('master.webhooks.col.events'), t('master.webhooks.col.state'), { text: t('master.webhooks.col.failures'), num: true }, t('master.webhooks.col.actions')]}
          >
            {nodes.map((node) => (
              <EndpointRowView key={node.id} endpoint={node} onSecret={setShown} onDeleted={endpoints.reload} onShowDeliveries={() => set({ endpoint: node.id })} />
            ))}
          </DataTable>
        )}
      </ListView>
      <DeliveryLog endpoints={endpoints.connection?.edges.map((e) => e.node) ?? []} />
    </section>
  );
}

/** The signing secret, once: the Master copies it to the receiving system now. */
function SecretNotice({ shown, onClose }: { shown: ShownSecret; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <div className="notice" role="status">
      <p>{t('master.webhooks.secretOnce', { url: shown.url })}</p>
      <p>
        {t('master.webhooks.secret')}: <code>{shown.secret}</code>
      </p>
      <button type="button" onClick={onClose}>
        {t('master.webhooks.secretStored')}
      </button>
    </div>
  );
}

/** One endpoint: URL and description, subscribed types, state, failures in a row, and its actions. */
function EndpointRowView({ endpoint, onSecret, onDeleted, onShowDeliveries }: { endpoint: EndpointRow; onSecret: (s: ShownSecret) => void; onDeleted: () => void; onShowDeliveries: () => void }) {
  const { t, locale } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [enable, enabling] = useMutation(EnableEndpoint);
  const [disable, disabling] = useMutation(DisableEndpoint);
  const [rotate, rotating] = useMutation(RotateSecret);
  const [remove, removing] = useMutation(DeleteEndpoint);
  const act = async (work: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await work();
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code !== 'UNAUTHENTICATED') setProblem(refusal.message);
    }
  };
  const stateText = endpoint.enabled
    ? t('master.webhooks.enabled')
    : endpoint.disabledReason === 'FAILURES'
      ? t('master.webhooks.disabledFailures', { at: endpoint.disabledAt ? formatDateTime(locale, endpoint.disabledAt) : '' })
      : t('master.webhooks.disabled');
  return (
    <tr>
      <th scope="row">
        <span className="mono">{endpoint.url}</span>
        {endpoint.description ? <div>{endpoint.description}</div> : null}
        {endpoint.customer ? <div>{t('master.webhooks.boundTo', { code: endpoint.customer.code })}</div> : null}
        <div className="hint">{t('master.webhooks.secretHint', { hint: endpoint.secretHint })}</div>
      </th>
      <td>{endpoint.eventTypes.map((type) => t(`master.webhooks.event.${type}`)).join(', ')}</td>
      <td>
        <span className={`badge ${endpoint.enabled ? 'user-enabled' : 'user-disabled'}`}>{stateText}</span>
      </td>
      <td className="num">{endpoint.consecutiveFailures}</td>
      <td>
        <div className="actions">
          <button type="button" onClick={onShowDeliveries} aria-label={t('master.webhooks.showDeliveriesOf', { url: endpoint.url })}>
            {t('master.webhooks.showDeliveries')}
          </button>
          {endpoint.enabled ? (
            <button type="button" disabled={disabling.loading} onClick={() => void act(() => disable({ variables: { id: endpoint.id } }))} aria-label={t('master.webhooks.disableOf', { url: endpoint.url })}>
              {t('master.webhooks.disable')}
            </button>
          ) : (
            <button type="button" disabled={enabling.loading} onClick={() => void act(() => enable({ variables: { id: endpoint.id } }))} aria-label={t('master.webhooks.enableOf', { url: endpoint.url })}>
              {t('master.webhooks.enable')}
            </button>
          )}
          <button
            type="button"
            disabled={rotating.loading}
            aria-label={t('master.webhooks.rotateOf', { url: endpoint.url })}
            onClick={() =>
              void act(async () => {
                const { data } = await rotate({ variables: { id: endpoint.id } });
                if (data) onSecret({ url: data.rotateWebhookSecret.endpoint.url, secret: data.rotateWebhookSecret.secret });
              })
            }
          >
            {t('master.webhooks.rotate')}
          </button>
          {confirmDelete ? (
            <>
              <button type="button" className="danger" disabled={removing.loading} onClick={() => void act(async () => (await remove({ variables: { id: endpoint.id } }), onDeleted()))}>
                {t('master.webhooks.confirmDelete')}
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                {t('master.webhooks.cancel')}
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirmDelete(true)} aria-label={t('master.webhooks.deleteOf', { url: endpoint.url })}>
              {t('master.webhooks.delete')}
            </button>
          )}
        </div>
        <Problem text={problem} />
      </td>
    </tr>
  );
}

/** A new endpoint → `createWebhookEndpoint`; the API's refusals next to their field. */
function CreateEndpointForm({ onCreated }: { onCreated: (secret: ShownSecret) => void }) {
  const { t, locale } = useI18n();
  const [create, creating] = useMutation(CreateEndpoint);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<WebhookEventType[]>([]);
  const [errors, setErrors] = useState<{ url?: string; eventTypes?: string }>({});
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: typeof errors = {};
    if (!/^https?:\/\/\S+$/i.test(url.trim())) found.url = t('master.webhooks.urlInvalid');
    if (types.length === 0) found.eventTypes = t('master.webhooks.typesRequired');
    setErrors(found);
    if (found.url) return document.getElementById(`${id}-url`)?.focus();
    if (found.eventTypes) return document.getElementById(`${id}-type-${eventTypes[0]}`)?.focus();
    try {
      const { data } = await create({ variables: { input: { url: url.trim(), description: description.trim(), eventTypes: types } } });
      if (!data) return;
      setUrl('');
      setDescription('');
      setTypes([]);
      onCreated({ url: data.createWebhookEndpoint.endpoint.url, secret: data.createWebhookEndpoint.secret });
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code === 'UNAUTHENTICATED') return;
      if (refusal.field === 'url' || refusal.field === 'eventTypes') setErrors({ [refusal.field]: refusal.message });
      else setProblem(refusal.message);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('master.webhooks.createTitle')}</h2>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-url`}>{t('master.webhooks.url')}</label>
          <input
            id={`${id}-url`}
            type="url"
            value={url}
            required
            placeholder="https://"
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={errors.url ? `${id}-url-error` : undefined}
            onChange={(e) => setUrl(e.target.value)}
          />
          {errors.url ? (
            <p id={`${id}-url-error`} className="field-error">
              {errors.url}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>
            {t('master.webhooks.description')} <span className="optional">{t('form.optional')}</span>
          </label>
          <input id={`${id}-description`} type="text" maxLength={200} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
      </div>
      <fieldset aria-describedby={errors.eventTypes ? `${id}-types-error` : undefined}>
        <legend>{t('master.webhooks.eventTypes')}</legend>
        {eventTypes.map((type) => (
          <div key={type}>
            <input
              id={`${id}-type-${type}`}
              type="checkbox"
              checked={types.includes(type)}
              onChange={(e) => setTypes((current) => (e.target.checked ? [...current, type] : current.filter((x) => x !== type)))}
            />{' '}
            <label htmlFor={`${id}-type-${type}`}>{t(`master.webhooks.event.${type}`)}</label>
          </div>
        ))}
        {errors.eventTypes ? (
          <p id={`${id}-types-error`} className="field-error">
            {errors.eventTypes}
          </p>
        ) : null}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={creating.loading}>
          {creating.loading ? t('master.webhooks.creating') : t('master.webhooks.create')}
        </button>
        <Problem text={problem} />
      </div>
    </form>
  );
}

/** The delivery log: filters in the URL (`endpoint`, `status`, `type`, `dorder`), replay of finished deliveries. */
function DeliveryLog({ endpoints }: { endpoints: readonly EndpointRow[] }) {
  const { t } = useI18n();
  const { params, set } = useUrlState();
  const endpointId = params.get('endpoint') || null;
  const status = (params.get('status') as WebhookDeliveryStatus | null) || null;
  const eventType = (params.get('type') as WebhookEventType | null) || null;
  const order: ListOrder = params.get('dorder') === 'OLDEST_FIRST' ? 'OLDEST_FIRST' : 'NEWEST_FIRST';
  const deliveries = usePagedList(WebhookDeliveries, { endpointId, status, eventType, order }, (d) => d.webhookDeliveries);
  const all = t('payments.filter.all');
  // The endpoint filtered on stays a choice even when its row is not among those loaded.
  const endpointChoices = endpoints.some((e) => e.id === endpointId) || !endpointId ? endpoints.map((e) => [e.id, e.url] as const) : [[endpointId, endpointId] as const];

  return (
    <>
      <h2 id="deliveries-title">{t('master.webhooks.deliveriesTitle')}</h2>
      <div className="filters">
        <UrlSelect label={t('master.webhooks.filter.endpoint')} value={endpointId ?? ''} choices={[['', all], ...endpointChoices]} onChange={(v) => set({ endpoint: v })} />
        <UrlSelect label={t('master.webhooks.filter.status')} value={status ?? ''} choices={[['', all], ...deliveryStatuses.map((s) => [s, t(`master.webhooks.status.${s}`)] as const)]} onChange={(v) => set({ status: v })} />
        <UrlSelect label={t('master.webhooks.filter.type')} value={eventType ?? ''} choices={[['', all], ...eventTypes.map((e) => [e, t(`master.webhooks.event.${e}`)] as const)]} onChange={(v) => set({ type: v })} />
        <OrderSelect value={order} onChange={(v) => set({ dorder: v })} newestByDefault />
      </div>
      <button type="button" onClick={deliveries.reload}>
        {t('master.webhooks.refreshDeliveries')}
      </button>
      <ListView
        list={deliveries}
        count={(count) => t('master.webhooks.deliveryCount', { count })}
        empty={t('master.webhooks.deliveriesEmpty')}
        csv={{
          name: 'webhook-entregas.csv',
          header: [t('master.webhooks.col.created'), t('master.webhooks.col.event'), t('master.webhooks.col.eventId'), t('master.webhooks.col.url'), t('master.webhooks.col.status'), t('master.webhooks.col.attempts'), t('master.webhooks.col.response'), t('master.webhooks.col.duration'), t('master.webhooks.col.next')],
          row: (d) => [d.createdAt, d.eventType, d.eventId, d.endpoint.url, d.status, d.attempts, d.lastStatusCode ?? d.lastError ?? '', d.lastDurationMs ?? '', d.nextAttemptAt ?? ''],
        }}
      >
        {(nodes) => (
          <DataTable
            label={t('master.webhooks.deliveriesTitle')}
            columns={[
              t('master.webhooks.col.created'), t('master.webhooks.col.event'), t('master.webhooks.col.url'), t('master.webhooks.col.status'),
              { text: t('master.webhooks.col.attempts'), num: true }, t('master.webhooks.col.response'), { text: t('master.webhooks.col.duration'), num: true },
              t('master.webhooks.col.next'), t('master.webhooks.col.actions'),
            ]}
          >
            {nodes.map((node) => (
              <DeliveryRowView key={node.id} delivery={node} />
            ))}
          </DataTable>
        )}
      </ListView>
    </>
  );
}

/** One delivery: when, which event, where, its state and last attempt, and replay once finished. */
function DeliveryRowView({ delivery }: { delivery: DeliveryRow }) {
  const { t, locale } = useI18n();
  const [replay, replaying] = useMutation(ReplayDelivery);
  const [problem, setProblem] = useState<string | null>(null);
  const doReplay = async () => {
    setProblem(null);
    try {
      await replay({ variables: { id: delivery.id } });
    } catch (error) {
      const refusal = refusalOf(error, t, locale);
      if (refusal.code !== 'UNAUTHENTICATED') setProblem(refusal.message);
    }
  };
  return (
    <tr>
      <th scope="row">{formatDateTime(locale, delivery.createdAt)}</th>
      <td>
        {t(`master.webhooks.event.${delivery.eventType}`)} <span className="mono">#{delivery.eventId}</span>
      </td>
      <td className="mono">{delivery.endpoint.url}</td>
      <td>
        <span className={`badge delivery-${delivery.status.toLowerCase()}`}>{t(`master.webhooks.status.${delivery.status}`)}</span>
      </td>
      <td className="num">{delivery.attempts}</td>
      <td>{delivery.lastStatusCode ?? delivery.lastError ?? '—'}</td>
      <td className="num">{delivery.lastDurationMs == null ? '—' : t('master.webhooks.ms', { ms: delivery.lastDurationMs })}</td>
      <td>{delivery.nextAttemptAt ? formatDateTime(locale, delivery.nextAttemptAt) : '—'}</td>
      <td>
        {delivery.status === 'PENDING' ? null : (
          <button type="button" disabled={replaying.loading} onClick={() => void doReplay()} aria-label={t('master.webhooks.replayOf', { id: delivery.eventId })}>
            {t('master.webhooks.replay')}
          </button>
        )}
        <Problem text={problem} />
      </td>
    </tr>
  );
}
