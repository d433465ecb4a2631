import type { WebSocket as PageWebSocket } from 'playwright-core';
import { graphql } from '../graphql/generated';
import { GqlClient } from '../helpers/client';
import { signInThroughForm, startTestPortal, type TestPortal } from '../helpers/test-portal';
import { DEMO_PASSWORD, demoSignIns } from '../../api/src/seed/demo';

/**
 * The portal's live connection: one graphql-ws socket per tab, authenticated by the httpOnly access-token
 * cookie (no token reaches scripts), that comes back by itself when the API closes it for an expired token,
 * so a page left open keeps receiving staff changes, for every subscription of the page and its layout.
 * Access tokens last 15 s here to make expiry happen.
 */

const SignIn = graphql(`
  mutation LiveTestSignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }
`);
const CreateRequest = graphql(`
  mutation LiveTestCreateRequest($input: CreatePurchaseRequestInput!) { createPurchaseRequest(input: $input) { id } }
`);
const StartSourcing = graphql(`
  mutation LiveTestStartSourcing($id: ID!) { startSourcing(requestId: $id) { state } }
`);

describe('customer portal: live updates', () => {
  let portal: TestPortal;

  async function apiAs(login: string, password: string): Promise<GqlClient> {
    const endpoints = { graphqlUrl: `${portal.url}/graphql`, wsUrl: '', subscriptionsAttached: () => 0, waitForSubscriptions: async () => {} };
    const { signIn } = await new GqlClient(endpoints).ok(SignIn, { input: { login, password } });
    return new GqlClient(endpoints, signIn.accessToken);
  }

  beforeAll(async () => {
    portal = await startTestPortal({ ACCESS_TOKEN_SECONDS: '15' });
  });
  afterAll(() => portal?.stop());

  it('keeps one socket per tab, reconnects after the token expires, and still shows a staff change without reload', async () => {
    const customer = await portal.newCustomer();
    const api = await apiAs(customer.username, customer.password);
    const { createPurchaseRequest } = await api.ok(CreateRequest, {
      input: { productUrl: 'https://example.com/producto/7', description: 'Ventilador de pie', quantity: 1, purchaseType: 'RETAIL', shippingMethods: ['AIR'], nationalDelivery: 'COURIER' },
    });
    const { page } = await portal.newPage();
    const sockets: PageWebSocket[] = [];
    // The subscriptions each socket carried (operation names of its `subscribe` messages).
    const carried = new Map<PageWebSocket, Set<string>>();
    page.on('websocket', (socket) => {
      sockets.push(socket);
      carried.set(socket, new Set());
      socket.on('framesent', (frame) => {
        const name = /subscription (\w+)/.exec(String(frame.payload))?.[1];
        if (name) carried.get(socket)!.add(name);
      });
    });
    await signInThroughForm(page, customer.username, customer.password);
    // Only the current document's sockets count: a full page load ends the previous document's (the signed-in
    // home page has one, for the badge), and Playwright does not report those as closed.
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) sockets.length = 0;
    });
    expect(await page.evaluate('document.cookie')).not.toMatch(/morna_access|eyJ/);

    await page.goto(`/quotes/${createPurchaseRequest.id}`);
    await page.getByText('Recibida', { exact: true }).first().waitFor();
    const first = await page.waitForEvent('websocket');
    expect(new URL(first.url()).pathname).toBe('/graphql');
    // The API closes the socket when the 15 s token expires; the tab opens a new one with a refreshed cookie.
    await first.waitForEvent('close', { timeout: 30_000 });
    const second = await page.waitForEvent('websocket', { timeout: 30_000 });
    await second.waitForEvent('framereceived', { predicate: (frame) => String(frame.payload).includes('connection_ack') });

    const china = await apiAs(demoSignIns.find((s) => s.role === 'CHINA_AGENT')!.username, DEMO_PASSWORD);
    await china.ok(StartSourcing, { id: createPurchaseRequest.id });
    await page.getByText('Buscando proveedor', { exact: true }).first().waitFor();
    // Each expiry replaced the socket: never more than the one open, carrying both the page's subscription
    // and the layout's (the header's notification badge).
    const open = sockets.filter((s) => !s.isClosed());
    expect(open).toHaveLength(1);
    expect([...carried.get(open[0]!)!].sort()).toEqual(['PortalNotificationLive', 'PortalQuoteLive']);
    expect(sockets.length).toBeGreaterThanOrEqual(2);
  });
});
