import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { CreateRequest, customerApi, requestInput, staff, staffLogin, StartSourcing, watchLive } from '../helpers/staff-flow';
import { signInThroughForm, signInToBackoffice, startTestPortal, type TestPortal } from '../helpers/test-portal';

/**
 * Trusted documents enforced (TRUSTED_DOCUMENTS=enforce, as in production): the built portal and back-office
 * name every operation by its id in the manifest, over HTTP and WebSocket, and work end to end; the API
 * refuses any document text from them. Staff and customer steps outside the page go through the API with a
 * bearer token, as a third party's own documents.
 */
describe('first-party apps with trusted documents enforced', () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await startTestPortal({ TRUSTED_DOCUMENTS: 'enforce' });
  });
  afterAll(() => portal?.stop());

  /** Every GraphQL request body and WebSocket `subscribe` payload the page sends from now on. */
  function recordOperations(page: Page): { http: Record<string, unknown>[]; ws: Record<string, unknown>[] } {
    const sent = { http: [] as Record<string, unknown>[], ws: [] as Record<string, unknown>[] };
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/graphql' && request.method() === 'POST') sent.http.push(request.postDataJSON() as Record<string, unknown>);
    });
    page.on('websocket', (socket) =>
      socket.on('framesent', (frame) => {
        const message = JSON.parse(String(frame.payload)) as { type: string; payload?: Record<string, unknown> };
        if (message.type === 'subscribe') sent.ws.push(message.payload!);
      }),
    );
    return sent;
  }

  it('the back-office signs in, shows its queue and receives a new request live, sending only document ids', async () => {
    const { page } = await portal.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    const sent = recordOperations(page);
    const live = watchLive(page);
    await page.goto('/backoffice/');
    const listening = live.subscribed('ChinaQueueUpdated');
    await signInToBackoffice(page, staffLogin('CHINA_AGENT'), DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Cola de China: solicitudes por cotizar' }).waitFor();
    await page.getByText(/en la cola/).waitFor();
    await listening;

    const customer = await portal.newCustomer();
    const { createPurchaseRequest } = await (await customerApi(portal, customer)).ok(CreateRequest, { input: requestInput() });
    await page.getByRole('link', { name: createPurchaseRequest.number }).waitFor();

    expect(sent.http.length).toBeGreaterThan(1);
    for (const body of [...sent.http, ...sent.ws]) {
      expect(body.query ?? '').toBe('');
      expect(body.extensions).toMatchObject({ persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    }
    expect(sent.ws.map((p) => p.operationName)).toContain('ChinaQueueUpdated');
  });

  it('the portal signs a customer in, lists their requests and follows one live', async () => {
    const customer = await portal.newCustomer();
    const { createPurchaseRequest } = await (await customerApi(portal, customer)).ok(CreateRequest, { input: requestInput() });
    const { page } = await portal.newPage();
    const sent = recordOperations(page);
    const live = watchLive(page);
    await signInThroughForm(page, customer.username, customer.password);
    await page.goto('/quotes');
    await page.getByRole('heading', { level: 1, name: 'Mis solicitudes y cotizaciones' }).waitFor();
    await page.getByText(createPurchaseRequest.number).first().waitFor();

    const following = live.subscribed('PortalQuoteLive');
    await page.goto(`/quotes/${createPurchaseRequest.id}`);
    await page.getByText('Recibida', { exact: true }).first().waitFor();
    await following;
    await (await staff(portal, 'CHINA_AGENT')).ok(StartSourcing, { id: createPurchaseRequest.id });
    await page.getByText('Buscando proveedor', { exact: true }).first().waitFor();

    expect(sent.ws.map((p) => p.operationName)).toEqual(expect.arrayContaining(['PortalNotificationLive', 'PortalQuoteLive']));
    for (const payload of sent.ws) {
      expect(payload.query).toBe('');
      expect(payload.extensions).toMatchObject({ persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    }
  });
});
