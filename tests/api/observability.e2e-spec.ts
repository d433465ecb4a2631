import pino from 'pino';
import { Writable } from 'node:stream';
import { loadConfig } from '../../api/src/config';
import { startApi, type RunningApi } from '../../api/src/main';
import { GqlClient } from '../helpers/client';
import { LOCAL_IPS, startTestApi, type TestApi } from '../helpers/test-api';

const TOKEN = 'scrape-secret-for-tests';

let t: TestApi;
/** A second instance on the same database, in production mode with METRICS_TOKEN, logging at debug into `lines`. */
let api: RunningApi;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  t = await startTestApi();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig(process.env, { port: 0, host: '127.0.0.1', sweepIntervalSeconds: 3600, throttleExemptIps: LOCAL_IPS, metrics: { token: TOKEN, production: true } });
  api = await startApi(config, t.databaseUrl, pino({ level: 'debug' }, sink));
});
afterAll(async () => {
  await api?.stop();
  await t.stop();
});

/** A GraphQL client of the second instance. */
function clientOf(token?: string): GqlClient {
  const waitForSubscriptions = async (count: number) => {
    while (api.subscriptionsStarted() < count) await new Promise((r) => setTimeout(r, 10));
  };
  return new GqlClient({ graphqlUrl: api.graphqlUrl, wsUrl: api.wsUrl, subscriptionsAttached: () => api.subscriptionsStarted(), waitForSubscriptions }, token);
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/metrics`, { headers });
  return { status: response.status, text: await response.text() };
}

/** The value of one sample line, e.g. `morna_graphql_operations_total{operation="other",type="query"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(api.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('/metrics access', () => {
  it('refuses a scrape without the METRICS_TOKEN bearer token, or with a wrong one, and serves it with the token', async () => {
    expect((await scrape(api.url)).status).toBe(401);
    expect((await scrape(api.url, { authorization: 'Bearer wrong' })).status).toBe(401);
    const served = await scrape(api.url, { authorization: `Bearer ${TOKEN}` });
    expect(served.status).toBe(200);
    expect(served.text).toContain('# TYPE morna_http_requests_total counter');
  });

  it('in development without a token serves loopback callers only, not a request a proxy forwarded', async () => {
    expect((await scrape(t.api.url)).status).toBe(200);
    expect((await scrape(t.api.url, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(404);
  });
});

describe('/metrics after traffic', () => {
  let text: string;
  beforeAll(async () => {
    const staff = await t.asStaff('MASTER');
    // A first-party operation name, one nobody declared (it could hold an id), an unnamed one, and a refusal.
    await post({ query: 'query PortalViewer { __typename }', operationName: 'PortalViewer' });
    await post({ query: 'query Order_5f0c6a2e { __typename }' });
    await post({ query: '{ __typename }' });
    await post({ query: 'query { me { id } }' });
    const live = clientOf(staff.token).subscribe('subscription { alertRaised { cursor } }', {});
    await live.ready;
    // An event committed by another connection reaches this instance's relay (a topic nobody listens to).
    await t.sql(`INSERT INTO domain_event (topic, payload, created_at) VALUES ('ObservabilityProbe', '{}', clock_timestamp())`);
    await api.app.relay.drain();
    text = (await scrape(api.url, { authorization: `Bearer ${TOKEN}` })).text;
    live.close();
  });

  it('counts HTTP requests by method, route group and status, with a latency histogram', () => {
    expect(sample(text, 'morna_http_requests_total{method="POST",route="/graphql",status="200"}')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'morna_http_request_duration_seconds_count{method="POST",route="/graphql"}')).toBeGreaterThanOrEqual(4);
  });

  it('counts and times GraphQL operations by a bounded operation name and type: unknown names are "other", unnamed ones "anonymous"', () => {
    expect(sample(text, 'morna_graphql_operations_total{operation="PortalViewer",type="query"}')).toBe(1);
    expect(sample(text, 'morna_graphql_operations_total{operation="other",type="query"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'morna_graphql_operations_total{operation="anonymous",type="query"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'morna_graphql_operations_total{operation="anonymous",type="subscription"}')).toBe(1);
    expect(sample(text, 'morna_graphql_operation_duration_seconds_count{operation="PortalViewer",type="query"}')).toBe(1);
    expect(text).not.toContain('Order_5f0c6a2e');
  });

  it('counts errors by extensions.code', () => {
    expect(sample(text, 'morna_graphql_errors_total{code="UNAUTHENTICATED"}')).toBeGreaterThanOrEqual(1);
  });

  it('times SQL statements and reports the connection pool', () => {
    expect(sample(text, 'morna_db_query_duration_seconds_count{outcome="ok"}')).toBeGreaterThan(0);
    expect(sample(text, 'morna_db_pool_connections{state="max"}')).toBe(10);
    expect(sample(text, 'morna_db_pool_connections{state="used"}')).toBeGreaterThanOrEqual(0);
  });

  it('reports open WebSocket connections and subscriptions', () => {
    expect(sample(text, 'morna_websocket_connections')).toBe(1);
    expect(sample(text, 'morna_graphql_subscriptions')).toBe(1);
  });

  it('reports the event relay lag from commit to delivery, and no rows behind once drained', () => {
    expect(sample(text, 'morna_event_relay_lag_seconds_count')).toBeGreaterThan(0);
    expect(sample(text, 'morna_event_relay_backlog')).toBe(0);
  });

  it('reports the depth of each job queue', () => {
    expect(text).toMatch(/^morna_job_queue_depth\{queue="[\w-]+"\} \d+$/m);
  });

  it('includes the default Node process metrics', () => {
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
  });
});

describe('request ids', () => {
  it('keeps a sane incoming X-Request-Id and returns it in the header, in the error and on every log line of the request', async () => {
    const response = await post({ query: 'query { me { id } }' }, { 'x-request-id': 'support-ticket-42' });
    expect(response.headers.get('x-request-id')).toBe('support-ticket-42');
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: 'support-ticket-42' });
    const ofRequest = lines.filter((line) => line.requestId === 'support-ticket-42');
    expect(ofRequest).toContainEqual(expect.objectContaining({ msg: 'request completed', route: '/graphql', status: 200 }));
  });

  it('replaces an id that is too long or carries spaces with a generated one', async () => {
    for (const incoming of ['x'.repeat(200), 'two words', 'a"b']) {
      const response = await post({ query: '{ __typename }' }, { 'x-request-id': incoming });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('generates an id when none is sent and puts it in HTTP refusals too', async () => {
    const response = await fetch(`${api.url}/no-such-path`, { headers: { accept: 'application/json' } });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'NOT_FOUND', requestId: id });
    expect(lines).toContainEqual(expect.objectContaining({ requestId: id, msg: 'request completed', status: 404 }));
  });
});
