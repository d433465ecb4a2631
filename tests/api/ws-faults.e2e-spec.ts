import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { GqlResponse, TestSubscription } from '../helpers/client';
import { GqlClient } from '../helpers/client';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';

const Feed = 'subscription Feed { notificationReceived { cursor notification { title } } }';

let t: TestApi;
let ana: TestCustomer;
beforeAll(async () => {
  t = await startTestApi({ wsMaxConnectionsPerUser: 2 });
  ana = await t.newCustomer();
});
afterAll(async () => {
  await t.stop();
});

/** The first answer to one operation over a new WebSocket connection of `token`: its result, or the errors it was refused with. */
async function overWebSocket(token: string, payload: { query: string; variables?: Record<string, unknown>; operationName?: string }): Promise<GqlResponse<unknown>> {
  const client = createClient({ url: t.api.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  try {
    return await new Promise<GqlResponse<unknown>>((resolve, reject) => {
      client.subscribe(payload, {
        next: (value) => resolve(value as GqlResponse<unknown>),
        error: (err) => (Array.isArray(err) ? resolve({ errors: err }) : reject(err)),
        complete: () => undefined,
      });
    });
  } finally {
    await client.dispose();
  }
}

/** Opens a raw graphql-ws socket, sends connection_init with `token` and closes at once, before the server could answer. */
function dropDuringInit(token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(t.api.wsUrl, 'graphql-transport-ws');
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
      socket.close();
    });
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
}

describe('operations over WebSocket answer bad requests like HTTP does', () => {
  it('answers a variable of the wrong value with BAD_USER_INPUT, not INTERNAL_SERVER_ERROR', async () => {
    const staff = await t.asStaff('CHINA_AGENT');
    const result = await overWebSocket(staff.token!, {
      query: 'subscription Q($q: StaffQueue!) { staffQueueUpdated(queue: $q) { cursor } }',
      variables: { q: 'BOGUS' },
    });
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', messageEn: expect.any(String) });
  });

  it('answers a document of several operations without operationName with the code HTTP answers it with', async () => {
    const query = 'query A { me { id } } query B { me { id } }';
    const http = await ana.request(query);
    const code = http.errors![0]!.extensions!.code;
    expect(code).not.toBe('INTERNAL_SERVER_ERROR');
    const ws = await overWebSocket(ana.token!, { query });
    expect(ws.errors![0]!.extensions).toMatchObject({ code });
    const unknown = await overWebSocket(ana.token!, { query, operationName: 'C' });
    expect(unknown.errors![0]!.extensions).toMatchObject({ code });
    expect((await overWebSocket(ana.token!, { query, operationName: 'B' })).data).toEqual({ me: { id: ana.userId } });
  });
});

describe('WebSocket connection slots', () => {
  it('gives a user\'s slot back when the socket closes while connection_init is checked, so the user can still connect', async () => {
    const bea = await t.newCustomer();
    for (let i = 0; i < 10; i += 1) await dropDuringInit(bea.token!);
    // The server finishes the dropped connections' checks shortly after the sockets closed.
    await new Promise((r) => setTimeout(r, 300));
    const feed = new GqlClient(bea.endpoints, bea.token).subscribe(Feed, {});
    await feed.ready;
    feed.close();
  });
});

describe('faults while a WebSocket connection is set up', () => {
  // Without the principal cache every operation reads the session (the fault below is then reached).
  let uncached: TestApi;
  let ana: TestCustomer;
  beforeAll(async () => {
    uncached = await startTestApi({ wsMaxConnectionsPerUser: 2, principalCacheSeconds: 0 });
    ana = await uncached.newCustomer();
  });
  afterAll(async () => {
    await uncached.stop();
  });

  /** Runs `during` while the session table is away (the database answers every session read with an error). */
  async function withoutSessions<T>(during: () => Promise<T>): Promise<T> {
    await uncached.sql('ALTER TABLE auth_session RENAME TO auth_session_away');
    try {
      return await during();
    } finally {
      await uncached.sql('ALTER TABLE auth_session_away RENAME TO auth_session');
    }
  }

  it('closes with 4500 and a generic reason naming an errorId, never the database\'s message, when connection_init fails', async () => {
    const consoleError = jest.spyOn(console, 'error');
    try {
      const end = await withoutSessions(() => new GqlClient(ana.endpoints, ana.token).subscribe(Feed, {}).ended);
      expect(end).toMatchObject({ kind: 'closed', code: 4500, reason: expect.stringMatching(/^Internal error [0-9a-f-]{36}$/) });
      // Logged once, with the errorId, by the API's logger; not dumped raw to the console.
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
  });

  it('answers INTERNAL_SERVER_ERROR with an errorId, and keeps the socket, when an operation\'s context cannot be read', async () => {
    const client = new GqlClient(ana.endpoints, ana.token);
    const first = client.subscribe(Feed, {});
    await first.ready;
    const second: TestSubscription<unknown> = await withoutSessions(async () => {
      const sub = client.subscribe(Feed, {});
      await sub.ended;
      return sub;
    });
    const end = await second.ended;
    expect(end).toMatchObject({ kind: 'error' });
    const [error] = (end as { errors: GqlResponse<unknown>['errors'] }).errors!;
    expect(error!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
    expect(JSON.stringify(error)).not.toMatch(/auth_session|relation/);
    // The connection is still open: a new operation on it runs.
    const third = client.subscribe(Feed, {});
    await third.ready;
    await client.close();
  });
});

describe('WebSocket behind a trusted proxy', () => {
  let proxied: TestApi;
  beforeAll(async () => {
    proxied = await startTestApi({ trustProxy: 'loopback', wsMaxConnectionsPerIp: 2 });
  });
  afterAll(async () => {
    await proxied.stop();
  });

  /** Opens a socket as the proxy would for `client`; resolves with the open socket or the refused upgrade's status. */
  function connectAs(client: string): Promise<WebSocket | number> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(proxied.api.wsUrl, 'graphql-transport-ws', { headers: { 'x-forwarded-for': client } });
      socket.once('open', () => resolve(socket));
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('error', reject);
    });
  }

  it('counts per-IP connection caps on the forwarded client address with TRUST_PROXY', async () => {
    const first = [await connectAs('203.0.113.1'), await connectAs('203.0.113.1')];
    expect(first.every((s) => s instanceof WebSocket)).toBe(true);
    expect(await connectAs('203.0.113.1')).toBe(429);
    const other = await connectAs('203.0.113.2');
    expect(other).toBeInstanceOf(WebSocket);
    for (const socket of [...first, other]) (socket as WebSocket).close();
  });
});
