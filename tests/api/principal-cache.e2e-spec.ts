import { graphql } from '../graphql/generated';
import type { Role } from '../graphql/generated/graphql';
import { GqlClient } from '../helpers/client';
import { startTestApi, type TestApi } from '../helpers/test-api';
import { notifyUser } from '../../api/src/modules/notifications/notification.service';
import { transact } from '../../api/src/shared/transaction';

// Requests take their principal from memory once its session was read (auth/principal-cache.ts); these are the
// rules that must survive it: every change to a user or a session reaches the next request.

const Me = graphql(`
  query CachedMe { me { id roles } }
`);
const Orders = graphql(`
  query CachedOrders { orders(first: 1) { edges { node { id } } } }
`);
const Surveys = graphql(`
  query CachedSurveys { surveys(first: 1) { edges { node { id } } } }
`);
const OrdersCounted = graphql(`
  query CachedOrdersCounted { orders(first: 1) { totalCount edges { node { id } } } }
`);
const Notified = graphql(`
  subscription CachedNotified { notificationReceived { notification { title } } }
`);
const CreateStaff = graphql(`
  mutation CachedCreateStaff($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id } }
`);
const SetActive = graphql(`
  mutation CachedSetActive($userId: ID!, $active: Boolean!) { setUserActive(userId: $userId, active: $active) { id } }
`);
const SetRoles = graphql(`
  mutation CachedSetRoles($input: SetUserRolesInput!) { setUserRoles(input: $input) { id } }
`);
const SignIn = graphql(`
  mutation CachedSignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }
`);
const SignOut = graphql(`
  mutation CachedSignOut { signOut }
`);

let t: TestApi;
let master: GqlClient;
let seq = 0;
beforeAll(async () => {
  t = await startTestApi();
  master = await t.asStaff('MASTER');
});
afterAll(() => t.stop());

/** A new staff member with `roles`, signed in, who has already made one request (so their principal is cached). */
async function warmStaff(roles: Role[]): Promise<{ id: string; client: GqlClient }> {
  seq += 1;
  const username = `cacheado${seq}`;
  const created = await master.ok(CreateStaff, { input: { username, displayName: `Cacheado ${seq}`, password: 'clave-de-agente', roles } });
  const signedIn = await t.anonymous().ok(SignIn, { input: { login: username, password: 'clave-de-agente' } });
  const client = new GqlClient(master.endpoints, signedIn.signIn.accessToken);
  await client.ok(Me);
  await client.ok(Me);
  return { id: created.createStaffUser.id, client };
}

/** The error code of `client`'s next requests of `Me`, asked again until one is refused, for at most `seconds`. */
async function refusedWithin(client: GqlClient, seconds: number): Promise<string | undefined> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const answer = await client.request(Me);
    if (answer.errors?.length) return String(answer.errors[0]!.extensions?.code);
    if (Date.now() > until) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('principals kept in memory between requests', () => {
  it('refuses a token used a moment ago once the Master disables its user', async () => {
    const agent = await warmStaff(['CHINA_AGENT']);
    await master.ok(SetActive, { userId: agent.id, active: false });
    expect(await agent.client.errorCode(Me)).toBe('UNAUTHENTICATED');
  });

  it('applies a role the Master removes to the next request of a token already in use', async () => {
    const agent = await warmStaff(['VENEZUELA_AGENT']);
    await agent.client.ok(Surveys);
    await master.ok(SetRoles, { input: { userId: agent.id, roles: ['SALES'] } });
    expect(await agent.client.errorCode(Surveys)).toBe('FORBIDDEN');
  });

  it('applies a role the Master removes to the next operation on a WebSocket already open', async () => {
    const agent = await warmStaff(['VENEZUELA_AGENT']);
    const socket = new GqlClient(master.endpoints, agent.client.token);
    expect(await socket.subscribe(Surveys, {}).next()).toHaveProperty('surveys');
    await master.ok(SetRoles, { input: { userId: agent.id, roles: ['SALES'] } });
    await expect(socket.subscribe(Surveys, {}).next()).rejects.toThrow('FORBIDDEN');
    await socket.close();
  });

  it('keeps a WebSocket\'s principal read for a live event only until the Master changes its roles', async () => {
    const agent = await warmStaff(['VENEZUELA_AGENT']);
    const socket = new GqlClient(master.endpoints, agent.client.token);
    const feed = socket.subscribe(Notified, {});
    await feed.ready;
    // The event re-reads the connection's principal; that read is kept for the connection's next operations.
    await transact({ em: t.app.orm.em.fork(), app: t.app }, async (em) => {
      notifyUser(em, { userId: agent.id, kind: 'CACHE_TEST', title: { es: 'hola', en: 'hi' }, body: { es: 'hola', en: 'hi' } });
    });
    expect((await feed.next()).notificationReceived.notification.title).toBe('hola');
    expect(await socket.subscribe(Surveys, {}).next()).toHaveProperty('surveys');
    await master.ok(SetRoles, { input: { userId: agent.id, roles: ['SALES'] } });
    await expect(socket.subscribe(Surveys, {}).next()).rejects.toThrow('FORBIDDEN');
    await socket.close();
  });

  it('refuses a token of a session signed out a moment ago', async () => {
    const agent = await warmStaff(['SALES']);
    await agent.client.ok(SignOut);
    expect(await agent.client.errorCode(Me)).toBe('UNAUTHENTICATED');
  });

  it('hears of a user disabled by a write that no request of this instance made (another instance, a job)', async () => {
    const agent = await warmStaff(['SALES']);
    await t.sql('UPDATE app_user SET active = false WHERE id = $1', [agent.id]);
    expect(await refusedWithin(agent.client, t.app.config.principalCacheSeconds)).toBe('UNAUTHENTICATED');
  });
});

describe('totalCount', () => {
  it('counts the matching items when selected, and a page without it still pages', async () => {
    const counted = await master.ok(OrdersCounted);
    const [{ total }] = await t.sql<{ total: number }>('SELECT count(*)::int AS total FROM purchase_order');
    expect(counted.orders.totalCount).toBe(total);
    expect((await master.ok(Orders)).orders.edges.length).toBe(Math.min(1, total!));
  });
});
