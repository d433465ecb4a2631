import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../../api/src/config';
import { freePort } from '../../api/src/shared/free-port';
import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';

/** Small delays and limits so retries and the automatic disabling happen within a test. */
const webhooks = {
  timeoutMs: 2000, maxAttempts: 4, retryBaseMs: 40, retryMaxMs: 200, disableAfterFailures: 3, disableAfterHours: 24,
  pollMs: 50, allowLoopback: true, allowPrivate: false,
};

const CreateEndpoint = graphql(`
  mutation WebhookCreate($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) { secret endpoint { id url enabled eventTypes secretHint customer { id } } }
  }
`);
const UpdateEndpoint = graphql(`
  mutation WebhookUpdate($id: ID!, $input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $input) { id url } }
`);
const RotateSecret = graphql(`mutation WebhookRotate($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { secretHint } } }`);
const EnableEndpoint = graphql(`mutation WebhookEnable($id: ID!) { enableWebhookEndpoint(id: $id) { id enabled consecutiveFailures } }`);
const DisableEndpoint = graphql(`mutation WebhookDisable($id: ID!) { disableWebhookEndpoint(id: $id) { id enabled disabledReason } }`);
const DeleteEndpoint = graphql(`mutation WebhookDelete($id: ID!) { deleteWebhookEndpoint(id: $id) }`);
const Endpoint = graphql(`
  query WebhookEndpoint($id: ID!) { webhookEndpoint(id: $id) { id enabled disabledReason disabledAt consecutiveFailures failingSince } }
`);
const Endpoints = graphql(`
  query WebhookEndpoints($search: String, $enabled: Boolean) { webhookEndpoints(search: $search, enabled: $enabled) { totalCount edges { node { id url } } } }
`);
const Deliveries = graphql(`
  query WebhookDeliveries($endpointId: ID, $status: WebhookDeliveryStatus, $first: Int, $after: String) {
    webhookDeliveries(endpointId: $endpointId, status: $status, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id eventId eventType status attempts replays lastStatusCode lastResponseBody lastError lastDurationMs nextAttemptAt deliveredAt body endpoint { id } } }
    }
  }
`);
const Replay = graphql(`mutation WebhookReplay($id: ID!) { replayWebhookDelivery(id: $id) { id status attempts replays } }`);
const CreateRequest = graphql(`
  mutation WebhookCreateRequest($input: CreatePurchaseRequestInput!) { createPurchaseRequest(input: $input) { id } }
`);
const AuditEntries = graphql(`query WebhookAudit($action: String) { auditLog(action: $action) { edges { node { action targetId detail } } } }`);
const Alerts = graphql(`query WebhookAlerts($search: String) { alerts(search: $search) { edges { node { kind subjectType subjectId reference } } } }`);

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP receiver that records every request and answers with the next planned status (204 once the plan ran out). */
class Receiver {
  readonly requests: Received[] = [];
  private readonly plan: { status: number; headers?: Record<string, string> }[] = [];
  always?: number;
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const next = this.plan.shift() ?? { status: this.always ?? 204 };
        res.writeHead(next.status, next.headers).end(next.status >= 400 ? `failure ${next.status}` : '');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  answer(...statuses: (number | { status: number; headers?: Record<string, string> })[]): void {
    this.plan.push(...statuses.map((s) => (typeof s === 'number' ? { status: s } : s)));
  }

  eventIds(): string[] {
    return this.requests.map((r) => String(r.headers['morna-event-id']));
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Waits for `condition` (checked every 25 ms), failing after 20 s with `what`. */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const requestInput = (description: string) => ({
  productUrl: 'https://example.com/producto/123', description, quantity: 1, purchaseType: 'RETAIL' as const,
  shippingMethods: ['AIR' as const], nationalDelivery: 'COURIER' as const,
});

describe('signed webhooks', () => {
  let t: TestApi;
  let master: GqlClient;
  let customer: TestCustomer;
  const receivers: Receiver[] = [];
  const receiver = async () => {
    const r = await new Receiver().start();
    receivers.push(r);
    return r;
  };
  const createEndpoint = async (url: string, extra: { customerId?: string; eventTypes?: ('PURCHASE_REQUEST_CHANGED' | 'NOTIFICATION_CREATED' | 'ORDER_CHANGED' | 'ALERT_RAISED')[] } = {}) =>
    (await master.ok(CreateEndpoint, { input: { url, description: 'Prueba', eventTypes: extra.eventTypes ?? ['PURCHASE_REQUEST_CHANGED'], customerId: extra.customerId } })).createWebhookEndpoint;
  const deliveriesOf = async (endpointId: string) => (await master.ok(Deliveries, { endpointId, first: 100 })).webhookDeliveries.edges.map((e) => e.node);

  beforeAll(async () => {
    t = await startTestApi({ webhooks });
    master = await t.asStaff('MASTER');
    customer = await t.newCustomer();
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await t?.stop();
  });

  it('signs each POST as documented (HMAC-SHA256 of "<t>.<body>"), so the secret verifies it and a wrong secret does not', async () => {
    const r = await receiver();
    const { secret, endpoint } = await createEndpoint(r.url);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(endpoint.secretHint).toBe(secret.slice(-4));
    const { createPurchaseRequest } = await customer.ok(CreateRequest, { input: requestInput('Firmado') });
    await waitFor('the delivery', () => r.requests.length === 1);
    const [request] = r.requests;
    const signature = String(request!.headers['morna-signature']);
    const [, timestamp, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300);
    const sign = (key: string) => createHmac('sha256', key).update(`${timestamp}.${request!.body}`).digest('hex');
    expect(sign(secret)).toBe(v1);
    expect(sign(`${secret}x`)).not.toBe(v1);
    const body = JSON.parse(request!.body);
    expect(body).toEqual({ id: request!.headers['morna-event-id'], type: 'PURCHASE_REQUEST_CHANGED', createdAt: expect.any(String), data: expect.objectContaining({ requestId: createPurchaseRequest.id, customerId: customer.customerId }) });
    expect(request!.headers['morna-event-type']).toBe('PURCHASE_REQUEST_CHANGED');
    expect(request!.headers['content-type']).toBe('application/json');
    await t.app.webhooks.drain();
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(request!.headers['morna-delivery-id']).toBe(delivery!.id);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 1, lastStatusCode: 204, eventId: body.id, nextAttemptAt: null });
    expect(delivery!.deliveredAt).not.toBeNull();
  });

  it('retries a delivery answered 500 (and 429 with Retry-After) with the same event id until it succeeds', async () => {
    const r = await receiver();
    r.answer(500, { status: 429, headers: { 'retry-after': '0' } });
    const { endpoint } = await createEndpoint(r.url);
    await customer.ok(CreateRequest, { input: requestInput('Reintentos') });
    await waitFor('three attempts', () => r.requests.length === 3);
    await t.app.webhooks.drain();
    expect(new Set(r.eventIds()).size).toBe(1);
    expect(new Set(r.requests.map((q) => q.headers['morna-delivery-id'])).size).toBe(1);
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 3, lastStatusCode: 204 });
    const after = (await master.ok(Endpoint, { id: endpoint.id })).webhookEndpoint;
    expect(after).toMatchObject({ enabled: true, consecutiveFailures: 0, failingSince: null });
  });

  it('gives up at once on a 4xx other than 408 and 429, keeping the start of the response', async () => {
    const r = await receiver();
    r.answer(422);
    const { endpoint } = await createEndpoint(r.url);
    await customer.ok(CreateRequest, { input: requestInput('Rechazado') });
    await waitFor('the failed delivery', async () => (await deliveriesOf(endpoint.id))[0]?.status === 'FAILED');
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ attempts: 1, lastStatusCode: 422, lastResponseBody: 'failure 422', nextAttemptAt: null });
    expect(r.requests).toHaveLength(1);
  });

  it('replays a finished delivery as a new attempt with the same event id and body', async () => {
    const r = await receiver();
    const { endpoint } = await createEndpoint(r.url);
    await customer.ok(CreateRequest, { input: requestInput('Repetido') });
    await waitFor('the first delivery', () => r.requests.length === 1);
    const [delivery] = await deliveriesOf(endpoint.id);
    await waitFor('the delivery to be recorded', async () => (await deliveriesOf(endpoint.id))[0]?.status === 'SUCCEEDED');
    const replayed = (await master.ok(Replay, { id: delivery!.id })).replayWebhookDelivery;
    expect(replayed).toMatchObject({ status: 'PENDING', attempts: 0, replays: 1 });
    await waitFor('the replay', () => r.requests.length === 2);
    expect(r.requests[1]!.headers['morna-event-id']).toBe(r.requests[0]!.headers['morna-event-id']);
    expect(r.requests[1]!.headers['morna-delivery-id']).toBe(delivery!.id);
    expect(r.requests[1]!.body).toBe(r.requests[0]!.body);
    const audited = (await master.ok(AuditEntries, { action: 'webhook.delivery_replayed' })).auditLog.edges.map((e) => e.node.targetId);
    expect(audited).toContain(delivery!.id);
  });

  it('disables an endpoint after repeated failed attempts, with an audit entry and an alert, and holds its deliveries until enabled', async () => {
    const r = await receiver();
    r.always = 503;
    const { endpoint } = await createEndpoint(r.url);
    await (await t.newCustomer()).ok(CreateRequest, { input: requestInput('Caído') });
    await waitFor('the endpoint to be disabled', async () => (await master.ok(Endpoint, { id: endpoint.id })).webhookEndpoint?.enabled === false);
    await t.app.webhooks.drain();
    const disabled = (await master.ok(Endpoint, { id: endpoint.id })).webhookEndpoint!;
    expect(disabled).toMatchObject({ disabledReason: 'FAILURES', consecutiveFailures: webhooks.disableAfterFailures });
    expect(r.requests).toHaveLength(webhooks.disableAfterFailures);
    const audited = (await master.ok(AuditEntries, { action: 'webhook.endpoint_auto_disabled' })).auditLog.edges.map((e) => e.node);
    expect(audited).toEqual(expect.arrayContaining([expect.objectContaining({ targetId: endpoint.id, detail: expect.objectContaining({ consecutiveFailures: webhooks.disableAfterFailures }) })]));
    const alerts = (await master.ok(Alerts, { search: 'WEBHOOK_ENDPOINT_DISABLED' })).alerts.edges.map((e) => e.node);
    expect(alerts).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'WEBHOOK_ENDPOINT_DISABLED', subjectType: 'WebhookEndpoint', subjectId: endpoint.id })]));
    const [held] = await deliveriesOf(endpoint.id);
    expect(held).toMatchObject({ status: 'PENDING', attempts: webhooks.disableAfterFailures });
    expect(await master.errorCode(Replay, { id: held!.id })).toBe('INVALID_STATE');

    r.always = 204;
    expect((await master.ok(EnableEndpoint, { id: endpoint.id })).enableWebhookEndpoint).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    await waitFor('the held delivery', async () => (await deliveriesOf(endpoint.id))[0]?.status === 'SUCCEEDED');
  });

  it('sends each event once with two API instances sharing the database, and once more across a restart', async () => {
    // The test API only serves GraphQL here: instances b and c (then d) do all the sending.
    await t.app.webhooks.stop();
    const r = await receiver();
    const { endpoint } = await createEndpoint(r.url);
    const b = await t.startInstance();
    const c = await t.startInstance();
    const buyers = await Promise.all([t.newCustomer(), t.newCustomer(), t.newCustomer(), t.newCustomer()]);
    await Promise.all(buyers.flatMap((buyer, i) => [0, 1, 2].map((k) => buyer.ok(CreateRequest, { input: requestInput(`Lote ${i}-${k}`) }))));
    await waitFor('12 deliveries', () => r.requests.length >= 12);
    await Promise.all([b.app.webhooks.drain(), c.app.webhooks.drain()]);
    expect(r.requests).toHaveLength(12);
    expect(new Set(r.eventIds()).size).toBe(12);

    await Promise.all([b.stop(), c.stop()]);
    // Committed while no instance sends: delivered by the next one to start, and nothing earlier again.
    await Promise.all(buyers.map((buyer, i) => buyer.ok(CreateRequest, { input: requestInput(`Mientras tanto ${i}`) })));
    const d = await t.startInstance();
    await waitFor('16 deliveries', () => r.requests.length >= 16);
    await d.app.webhooks.drain();
    expect(r.requests).toHaveLength(16);
    expect(new Set(r.eventIds()).size).toBe(16);
    const rows = await t.sql<{ n: string; sent: string }>(`SELECT count(*)::text AS n, count(*) FILTER (WHERE attempts = 1 AND status = 'SUCCEEDED')::text AS sent FROM webhook_delivery WHERE endpoint_id = $1`, [endpoint.id]);
    expect(rows[0]).toEqual({ n: '16', sent: '16' });
    await d.stop();
  });

  it('sends a customer-bound endpoint only its customer\'s events, and refuses staff-only types for it', async () => {
    const d = await t.startInstance();
    const [customer, other] = await Promise.all([t.newCustomer(), t.newCustomer()]);
    const bound = await receiver();
    const witness = await receiver();
    const eventTypes = ['PURCHASE_REQUEST_CHANGED', 'NOTIFICATION_CREATED'] as const;
    expect(await master.errorCode(CreateEndpoint, { input: { url: bound.url, eventTypes: ['ALERT_RAISED'], customerId: customer.customerId } })).toBe('BAD_USER_INPUT');
    const { endpoint } = await createEndpoint(bound.url, { customerId: customer.customerId, eventTypes: [...eventTypes] });
    expect(endpoint.customer?.id).toBe(customer.customerId);
    await createEndpoint(witness.url, { eventTypes: ['PURCHASE_REQUEST_CHANGED'] });
    await other.ok(CreateRequest, { input: requestInput('De otro cliente') });
    const mine = (await customer.ok(CreateRequest, { input: requestInput('Mío') })).createPurchaseRequest;
    await waitFor('both customers\' events at the witness', () => witness.requests.length === 2);
    await d.app.webhooks.drain();
    const received = bound.requests.map((q) => JSON.parse(q.body) as { type: string; data: { customerId?: string; requestId?: string; userId?: string } });
    expect(received.filter((e) => e.type === 'PURCHASE_REQUEST_CHANGED').map((e) => e.data)).toEqual([expect.objectContaining({ requestId: mine.id, customerId: customer.customerId })]);
    expect(received.filter((e) => e.type === 'NOTIFICATION_CREATED').every((e) => e.data.userId === customer.userId)).toBe(true);
    await d.stop();
  });

  it('refuses non-http(s) and private-address URLs, and lets the Master list, update, disable and delete endpoints (audited)', async () => {
    for (const url of ['ftp://example.com/hook', 'file:///etc/passwd', 'http://10.0.0.7/hook', 'http://169.254.169.254/latest', 'http://[fd00::1]/x', 'http://user:pw@example.com/']) {
      expect(await master.errorCode(CreateEndpoint, { input: { url, eventTypes: ['ORDER_CHANGED'] } })).toBe('WEBHOOK_URL_NOT_ALLOWED');
    }
    const { endpoint } = await createEndpoint('https://hooks.example.com/morna', { eventTypes: ['ORDER_CHANGED'] });
    expect(await master.errorCode(UpdateEndpoint, { id: endpoint.id, input: { url: 'gopher://example.com' } })).toBe('WEBHOOK_URL_NOT_ALLOWED');
    expect((await master.ok(UpdateEndpoint, { id: endpoint.id, input: { url: 'https://hooks.example.com/v2' } })).updateWebhookEndpoint.url).toBe('https://hooks.example.com/v2');
    const found = (await master.ok(Endpoints, { search: 'hooks.example.com/v2' })).webhookEndpoints;
    expect(found.edges.map((e) => e.node.id)).toEqual([endpoint.id]);
    const rotated = (await master.ok(RotateSecret, { id: endpoint.id })).rotateWebhookSecret;
    expect(rotated.endpoint.secretHint).toBe(rotated.secret.slice(-4));
    expect((await master.ok(DisableEndpoint, { id: endpoint.id })).disableWebhookEndpoint).toMatchObject({ enabled: false, disabledReason: 'MANUAL' });
    expect((await master.ok(Endpoints, { enabled: false, search: 'hooks.example.com' })).webhookEndpoints.totalCount).toBe(1);
    expect((await master.ok(DeleteEndpoint, { id: endpoint.id })).deleteWebhookEndpoint).toBe(true);
    expect((await master.ok(Endpoint, { id: endpoint.id })).webhookEndpoint).toBeNull();
    const actions = (await master.ok(AuditEntries, { action: 'webhook.' })).auditLog.edges.filter((e) => e.node.targetId === endpoint.id).map((e) => e.node.action);
    expect(actions.sort()).toEqual(['webhook.endpoint_created', 'webhook.endpoint_deleted', 'webhook.endpoint_disabled', 'webhook.endpoint_updated', 'webhook.secret_rotated']);
    expect(await customer.errorCode(Endpoints, {})).toBe('FORBIDDEN');
  });

  it('pages the delivery log with a cursor', async () => {
    const all = (await master.ok(Deliveries, { first: 100 })).webhookDeliveries;
    expect(all.totalCount).toBeGreaterThan(3);
    const first = (await master.ok(Deliveries, { first: 2 })).webhookDeliveries;
    const second = (await master.ok(Deliveries, { first: 2, after: first.pageInfo.endCursor })).webhookDeliveries;
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect([...first.edges, ...second.edges].map((e) => e.node.id)).toEqual(all.edges.slice(0, 4).map((e) => e.node.id));
    expect(await master.errorCode(Deliveries, { first: 2, after: 'nonsense' })).toBe('BAD_USER_INPUT');
  });

  it('runs the README receiver example against a real delivery: it verifies the signature, and refuses one made with an old secret', async () => {
    const d = await t.startInstance();
    const customer = await t.newCustomer();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const { secret, endpoint } = await createEndpoint(url);
    const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'examples', 'webhook-receiver.mjs')], { env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const lines: string[] = [];
      createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
      await waitFor('the example to listen', () => lines.some((l) => l.startsWith('listening on')));
      await customer.ok(CreateRequest, { input: requestInput('Ejemplo') });
      await waitFor('the example to verify an event', () => lines.some((l) => l.includes('"verified":true')));
      const event = JSON.parse(lines.find((l) => l.includes('"verified":true'))!);
      expect(event).toMatchObject({ verified: true, duplicate: false, type: 'PURCHASE_REQUEST_CHANGED', data: { customerId: customer.customerId } });

      await master.ok(RotateSecret, { id: endpoint.id });
      await customer.ok(CreateRequest, { input: requestInput('Con clave nueva') });
      await waitFor('a refused attempt', async () => (await deliveriesOf(endpoint.id)).some((x) => x.lastStatusCode === 400));
      expect(lines.filter((l) => l.includes('"verified":true'))).toHaveLength(1);
    } finally {
      child.kill();
      await d.stop();
    }
  });
});
