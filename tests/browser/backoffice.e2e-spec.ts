import type { Page } from 'playwright-core';
import { graphql } from '../graphql/generated';
import { fillSourcing, openRequest, sendSourcing, staffPage } from '../helpers/backoffice-steps';
import type { GqlClient } from '../helpers/client';
import { CreateRequest, customerApi, requestInput, staff, staffLogin, SubmitSourcing } from '../helpers/staff-flow';
import { checkPage, signInToBackoffice, startTestPortal, type PortalCustomer, type TestPortal } from '../helpers/test-portal';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';

/**
 * The staff back-office in Debian's chromium against `npm start` (served at /backoffice/ beside the API and
 * the portal): sign-in with the demo staff accounts, the China agent's live queue and sourcing form, what a
 * Venezuela agent and a customer are refused, and a session revoked while a form is half typed.
 * Customers' steps go through the API.
 */

const RequestState = graphql(`
  query BackofficeTestRequestState($id: ID!) {
    purchaseRequest(id: $id) { state queue supplierUnitPriceMinor chinaShippingMinor lengthCm widthCm heightCm weightKg supplierDispatchDays supplierUrl sourcingNotes }
  }
`);

describe('back-office: sign-in and the China agent queue', () => {
  let portal: TestPortal;
  let customer: PortalCustomer;
  let customerClient: GqlClient;

  beforeAll(async () => {
    portal = await startTestPortal();
    customer = await portal.newCustomer();
    customerClient = await customerApi(portal, customer);
  });
  afterAll(() => portal?.stop());

  let seq = 0;
  async function newRequest(): Promise<{ id: string; number: string }> {
    seq += 1;
    const { createPurchaseRequest } = await customerClient.ok(CreateRequest, {
      input: requestInput({ productUrl: `https://example.com/producto/${seq}`, description: `Termo de acero ${seq}`, quantity: 3, shippingMethods: ['AIR', 'SEA'] }),
    });
    return createPurchaseRequest;
  }


  const queueHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Cola de China: solicitudes por cotizar' });

  it('serves its page for every client route under /backoffice/, with a CSP that allows only this origin, and 404s a missing asset', async () => {
    for (const path of ['/backoffice/', '/backoffice/china/requests/any']) {
      const response = await fetch(`${portal.url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root"></div>');
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
    expect((await fetch(`${portal.url}/backoffice/assets/missing.js`)).status).toBe(404);
  });

  it('signs the demo China agent in and shows a request a customer creates in the already open queue, without reload', async () => {
    const { page } = await portal.newPage();
    await page.goto('/backoffice/');
    await page.getByRole('heading', { level: 1, name: 'Back-office: iniciar sesión' }).waitFor();
    await checkPage(page, 'backoffice-sign-in');

    // The queue listens (same-origin WebSocket on the session cookie) before the customer asks.
    const listening = page.waitForEvent('websocket').then((ws) => ws.waitForEvent('framesent', { predicate: (frame) => String(frame.payload).includes('"operationName":"ChinaQueueUpdated"') }));
    await signInToBackoffice(page, staffLogin('CHINA_AGENT'), DEMO_PASSWORD);
    await queueHeading(page).waitFor();
    expect(page.url()).toBe(`${portal.url}/backoffice/china`);
    await page.getByText(/en la cola/).waitFor();
    await listening;

    const request = await newRequest();
    const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: request.number }) });
    await row.waitFor();
    await row.getByText('Nueva').waitFor();
    expect(await row.textContent()).toContain('Esperando');
    await checkPage(page, 'backoffice-china-queue');
  });

  it('moves a request out of the queue once the agent takes it and sends the sourcing form', async () => {
    const request = await newRequest();
    const page = await staffPage(portal, 'CHINA_AGENT');
    await openRequest(page, request.number);
    await page.getByRole('button', { name: 'Tomar la solicitud' }).click();
    await page.getByRole('button', { name: 'Tomar la solicitud' }).waitFor({ state: 'detached' });

    // The form checks before sending: the error shows next to its field.
    await page.getByRole('button', { name: 'Enviar a precios' }).click();
    await page.getByText('Revisa los datos marcados.').waitFor();
    expect(await page.getByLabel('Largo (cm)').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'backoffice-china-sourcing');

    await fillSourcing(page);
    await sendSourcing(page, request.number);
    await queueHeading(page).waitFor();
    await page.getByRole('link', { name: request.number }).waitFor({ state: 'detached' });

    const stored = (await (await staff(portal, 'CHINA_AGENT')).ok(RequestState, { id: request.id })).purchaseRequest;
    expect(stored).toEqual({
      state: 'PRICING',
      queue: 'VENEZUELA',
      supplierUnitPriceMinor: 1250,
      chinaShippingMinor: 800,
      lengthCm: 50,
      widthCm: 40,
      heightCm: 30,
      weightKg: '3.200',
      supplierDispatchDays: 5,
      supplierUrl: 'https://detail.1688.com/offer/77.html',
      sourcingNotes: 'Proveedor verificado',
    });
  });

  it('shows a Venezuela agent no China workspace, and the API refuses them sourcing a retail request', async () => {
    const page = await staffPage(portal, 'VENEZUELA_AGENT');
    await page.getByRole('heading', { level: 1, name: 'Cola de precios: solicitudes por cotizar' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Espacios de trabajo' }).getByRole('link').allTextContents()).toEqual(['Precios Venezuela', 'Logística', 'Tickets', 'Chat de soporte', 'Trazabilidad']);
    await page.goto('/backoffice/china');
    await page.getByRole('heading', { level: 1, name: 'Página no disponible' }).waitFor();

    const request = await newRequest();
    const venezuela = await staff(portal, 'VENEZUELA_AGENT');
    const input = { supplierUnitPriceMinor: 1250, chinaShippingMinor: 800, lengthCm: 50, widthCm: 40, heightCm: 30, weightKg: '3.2', supplierDispatchDays: 5 };
    expect(await venezuela.errorCode(SubmitSourcing, { id: request.id, input })).toBe('FORBIDDEN');
  });

  it('refuses a customer account in plain words and leaves it signed out', async () => {
    const { page } = await portal.newPage();
    await page.goto('/backoffice/');
    const form = page.getByRole('form', { name: 'Back-office: iniciar sesión' });
    await form.getByRole('textbox', { name: 'Usuario o correo' }).fill(customer.username);
    await form.getByLabel('Contraseña', { exact: true }).fill(customer.password);
    await form.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('alert').filter({ hasText: 'Esta cuenta es de cliente.' }).waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.filter((c) => c.name === 'morna_access' || c.name === 'morna_refresh')).toEqual([]);
  });

  it('asks to sign in again when the session is revoked, keeping what was typed in the sourcing form', async () => {
    const request = await newRequest();
    const page = await staffPage(portal, 'CHINA_AGENT');
    // No token is readable by the page's scripts: the session lives in httpOnly cookies only.
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.evaluate('Object.keys(localStorage).filter((k) => /token|session/i.test(k))')).toEqual([]);
    await openRequest(page, request.number);
    await fillSourcing(page);

    await portal.sql(`UPDATE auth_session SET revoked_at = now(), revoked_reason = 'sign_out' WHERE revoked_at IS NULL AND user_id = (SELECT id FROM app_user WHERE username = $1)`, [staffLogin('CHINA_AGENT')]);
    await page.getByRole('button', { name: 'Enviar a precios' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tu sesión venció' });
    await dialog.waitFor();
    await checkPage(page, 'backoffice-session-expired');
    await signInToBackoffice(page, staffLogin('CHINA_AGENT'), DEMO_PASSWORD);
    await dialog.waitFor({ state: 'detached' });

    expect(await page.getByLabel('Precio unitario del proveedor (US$)').inputValue()).toBe('12,50');
    expect(await page.getByLabel('Peso real (kg)').inputValue()).toBe('3,2');
    expect(await page.getByLabel(/^Notas internas/).inputValue()).toBe('Proveedor verificado');
    await sendSourcing(page, request.number);
  });
});
