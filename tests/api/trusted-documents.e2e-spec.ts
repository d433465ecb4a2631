import { readFileSync } from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { firstPartyManifests } from '../../api/src/config';
import { sha256 } from '../../api/src/graphql/trusted-documents.rules';
import { notifyUser } from '../../api/src/modules/notifications/notification.service';
import { transact } from '../../api/src/shared/transaction';
import type { GqlResponse } from '../helpers/client';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';

let t: TestApi;
let ana: TestCustomer;
let masterToken: string;
const sockets: Client[] = [];

/** Every first-party document the API was started with, by id. */
const manifest: Record<string, string> = Object.assign({}, ...firstPartyManifests.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>));

/** The id and text of the manifest's document whose operation is `name`. */
function documentNamed(name: string): { id: string; text: string } {
  const entry = Object.entries(manifest).find(([, text]) => new RegExp(`^(query|mutation|subscription) ${name}\\b`).test(text));
  if (!entry) throw new Error(`${name} is not in the manifests`);
  return { id: entry[0], text: entry[1] };
}

const Me = documentNamed('BackofficeMe');
const NotificationLive = documentNamed('PortalNotificationLive');

beforeAll(async () => {
  t = await startTestApi({ trustedDocuments: { enforce: true, manifests: firstPartyManifests } });
  ana = await t.newCustomer();
  masterToken = (await t.asStaff('MASTER')).token!;
});

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.dispose()));
  await t.stop();
});

/** POST /graphql with `headers` (a cookie, a bearer); answers the status and body. */
async function post(body: Record<string, unknown>, headers: Record<string, string>): Promise<{ status: number; body: GqlResponse<Record<string, unknown>> }> {
  const response = await fetch(t.api.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as GqlResponse<Record<string, unknown>> };
}

const byId = (id: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } });

describe('trusted documents over HTTP, enforced', () => {
  it('runs a known document id sent with the session cookie and no text', async () => {
    const answer = await post(byId(Me.id), { cookie: `morna_access=${masterToken}` });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toMatchObject({ me: { kind: 'STAFF' } });
  });

  it('accepts the GraphQL-over-HTTP form, documentId with its sha256: prefix', async () => {
    const answer = await post({ documentId: `sha256:${Me.id}` }, { cookie: `morna_access=${masterToken}` });
    expect(answer.body.data).toMatchObject({ me: { kind: 'STAFF' } });
  });

  it('refuses the same document sent as text with the session cookie: TRUSTED_DOCUMENT_REQUIRED, 400', async () => {
    const answer = await post({ query: Me.text }, { cookie: `morna_access=${masterToken}` });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'TRUSTED_DOCUMENT_REQUIRED', field: 'documentId' });
    expect(answer.body.errors?.[0]?.extensions?.messageEn).toMatch(/registered documents/);
  });

  it('refuses a text with a matching id that is not in the manifest from a first-party caller', async () => {
    const text = 'query Own { me { id } }';
    const answer = await post({ query: text, ...byId(sha256(text)) }, { cookie: `morna_access=${masterToken}` });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });

  it('treats the portal server (X-Morna-Client) and the apps\' origins as first-party, even with a bearer', async () => {
    const asPortal = await post({ query: Me.text }, { authorization: `Bearer ${ana.token}`, 'x-morna-client': 'portal' });
    expect(asPortal.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    const fromOrigin = await post({ query: 'mutation { signOut(refreshToken: "x") }' }, { origin: new URL(t.api.url).origin });
    expect(fromOrigin.body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    const portalById = await post(byId(documentNamed('PortalViewer').id), { authorization: `Bearer ${ana.token}`, 'x-morna-client': 'portal' });
    expect(portalById.body.data).toMatchObject({ me: { kind: 'CUSTOMER' } });
  });

  it('refuses an unknown id: PERSISTED_QUERY_NOT_FOUND, 400', async () => {
    const answer = await post(byId(sha256('query Nobody { me { id } }')), { cookie: `morna_access=${masterToken}` });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND', field: 'extensions.persistedQuery.sha256Hash' });
  });

  it('lets a third party with a bearer token send a document of its own', async () => {
    const answer = await post({ query: 'query Mine { me { id username } }' }, { authorization: `Bearer ${masterToken}` });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ me: { username: expect.any(String) } });
  });

  it('holds a third party\'s own document to the usual limits', async () => {
    const aliases = `query Many { ${Array.from({ length: 25 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const answer = await post({ query: aliases }, { authorization: `Bearer ${masterToken}` });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ALIASES');
  });
});

/** A graphql-ws connection signed in with the session cookie, as the portal's and back-office's browsers open it. */
function cookieConnection(token: string): Client {
  class CookieSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie: `morna_access=${token}` } });
    }
  }
  const client = createClient({ url: t.api.wsUrl, webSocketImpl: CookieSocket, lazy: true, retryAttempts: 0 });
  sockets.push(client);
  return client;
}

/** Subscribes with `payload` and answers the first thing the server sends: an event or the refusal's errors. */
function firstAnswer(client: Client, payload: { query: string; extensions?: Record<string, unknown>; variables?: Record<string, unknown> }, whenLive?: () => Promise<unknown>): Promise<{ data?: unknown; errors?: unknown }> {
  return new Promise((resolve, reject) => {
    const before = t.api.subscriptionsStarted();
    let done = false;
    const stop = client.subscribe(payload, {
      next: (value) => {
        done = true;
        stop();
        resolve({ data: value.data, errors: value.errors });
      },
      error: (errors) => {
        done = true;
        resolve({ errors });
      },
      complete: () => undefined,
    });
    if (!whenLive) return;
    // The event is sent once the server attached the subscription, so it cannot pass it by.
    const poll = setInterval(() => {
      if (done) return clearInterval(poll);
      if (t.api.subscriptionsStarted() > before) {
        clearInterval(poll);
        whenLive().catch(reject);
      }
    }, 10);
  });
}

describe('trusted documents over WebSocket, enforced', () => {
  it('runs a subscription named by its id on a cookie connection, with no text', async () => {
    const notify = () =>
      transact({ em: t.app.orm.em.fork(), app: t.app }, async (em) => {
        notifyUser(em, { userId: ana.userId, kind: 'TRUSTED_DOCUMENTS_TEST', title: { es: 'hola', en: 'hello' }, body: { es: 'hola', en: 'hello' } });
      });
    const answer = await firstAnswer(cookieConnection(ana.token!), { query: '', ...byId(NotificationLive.id) }, notify);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({ notificationReceived: { notification: { id: expect.any(String) } } });
  });

  it('refuses the same subscription sent as text on a cookie connection', async () => {
    const answer = await firstAnswer(cookieConnection(ana.token!), { query: NotificationLive.text });
    expect(answer.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'TRUSTED_DOCUMENT_REQUIRED' }) })]);
  });

  it('refuses an unknown id over WebSocket', async () => {
    const answer = await firstAnswer(cookieConnection(ana.token!), { query: '', ...byId(sha256('subscription Nobody { notificationReceived { cursor } }')) });
    expect(answer.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_FOUND' }) })]);
  });
});
