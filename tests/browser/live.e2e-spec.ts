import type { WebSocket as PageWebSocket } from 'playwright-core';
import { CreateRequest, customerApi, requestInput, staff, StartSourcing } from '../helpers/staff-flow';
import { signInThroughForm, startTestPortal, type TestPortal } from '../helpers/test-portal';

/**
 * The portal's live connection: one graphql-ws socket per tab, authenticated by the httpOnly access-token
 * cookie (no token reaches scripts), that comes back by itself when the API closes it for an expired token,
 * so a page left open keeps receiving staff changes, for every subscription of the page and its layout.
 * Access tokens last 15 s here to make expiry happen.
 */

describe('customer portal: live updates', () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await startTestPortal({ ACCESS_TOKEN_SECONDS: '15' });
  });
  afterAll(() => portal?.stop());

  it('keeps one socket per tab, reconnects after the token expires, and still shows a staff change without reload', async () => {
    const customer = await portal.newCustomer();
    const { createPurchaseRequest } = await (await customerApi(portal, customer)).ok(CreateRequest, { input: requestInput() });
    const { page } = await portal.newPage();
    const sockets: PageWebSocket[] = [];
    // The subscriptions each socket carried (operation names of its `subscribe` messages, which name documents by id).
    const carried = new Map<PageWebSocket, Set<string>>();
    page.on('websocket', (socket) => {
      sockets.push(socket);
      carried.set(socket, new Set());
      socket.on('framesent', (frame) => {
        const name = /"operationName":"(\w+)"/.exec(String(frame.payload))?.[1];
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

    // Awaited from before the navigation: the page may open its socket before its text shows.
    const opened = page.waitForEvent('websocket');
    await page.goto(`/quotes/${createPurchaseRequest.id}`);
    await page.getByText('Recibida', { exact: true }).first().waitFor();
    const first = await opened;
    expect(new URL(first.url()).pathname).toBe('/graphql');
    // The API closes the socket when the 15 s token expires; the tab opens a new one with a refreshed cookie.
    await first.waitForEvent('close', { timeout: 30_000 });
    const second = await page.waitForEvent('websocket', { timeout: 30_000 });
    await second.waitForEvent('framereceived', { predicate: (frame) => String(frame.payload).includes('connection_ack') });

    // Signed in now: a token taken at the start of the test would have expired (15 s).
    await (await staff(portal, 'CHINA_AGENT')).ok(StartSourcing, { id: createPurchaseRequest.id });
    await page.getByText('Buscando proveedor', { exact: true }).first().waitFor();
    // Each expiry replaced the socket: never more than the one open, carrying both the page's subscription
    // and the layout's (the header's notification badge, and the support chat panel's: issue 10).
    const open = sockets.filter((s) => !s.isClosed());
    expect(open).toHaveLength(1);
    expect([...carried.get(open[0]!)!].sort()).toEqual(['PortalChatLive', 'PortalNotificationLive', 'PortalQuoteLive']);
    expect(sockets.length).toBeGreaterThanOrEqual(2);
  });
});
