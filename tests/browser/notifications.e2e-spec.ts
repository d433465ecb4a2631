import type { Page } from 'playwright-core';
import { graphql } from '../graphql/generated';
import type { CreatePurchaseRequestInput } from '../graphql/generated/graphql';
import { GqlClient } from '../helpers/client';
import { TINY_PNG } from '../helpers/images';
import { checkPage, signInThroughForm, startTestPortal, type PortalCustomer, type TestPortal } from '../helpers/test-portal';
import { DEMO_PASSWORD, demoSignIns } from '../../api/src/seed/demo';

/**
 * The portal's notifications in Debian's chromium against `npm start`: the header's unread badge counts a
 * staff action on an open page without reload, the centre lists it, opening it and "mark all read" clear
 * the badge, and an English page reads the notifications in English; and the photos of a quote request are
 * shown to their owner (the API's /uploads/:id, opened by the httpOnly access cookie the portal sets) while
 * another customer gets 404 for the same address. Staff steps go through the API as demo agents.
 */

const SignIn = graphql(`
  mutation NotificationsTestSignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }
`);
const CreateRequest = graphql(`
  mutation NotificationsTestCreateRequest($input: CreatePurchaseRequestInput!) { createPurchaseRequest(input: $input) { id number } }
`);
const StartSourcing = graphql(`
  mutation NotificationsTestStartSourcing($id: ID!) { startSourcing(requestId: $id) { state } }
`);
const SubmitSourcing = graphql(`
  mutation NotificationsTestSubmitSourcing($id: ID!, $input: SubmitSourcingInput!) { submitSourcing(requestId: $id, input: $input) { state } }
`);
const SendQuote = graphql(`
  mutation NotificationsTestSendQuote($id: ID!, $input: SendQuoteInput!) { sendQuote(requestId: $id, input: $input) { state } }
`);
const Decline = graphql(`
  mutation NotificationsTestDecline($id: ID!, $reason: String!) { declinePurchaseRequest(requestId: $id, reason: $reason) { state } }
`);

describe('customer portal: notifications and request photos', () => {
  let portal: TestPortal;
  let china: GqlClient;
  let venezuela: GqlClient;

  /** An API client signed in as `login`, and its access token (for POST /uploads). */
  async function apiAs(login: string, password: string): Promise<GqlClient> {
    const endpoints = { graphqlUrl: `${portal.url}/graphql`, wsUrl: '', subscriptionsAttached: () => 0, waitForSubscriptions: async () => {} };
    const { signIn } = await new GqlClient(endpoints).ok(SignIn, { input: { login, password } });
    return new GqlClient(endpoints, signIn.accessToken);
  }
  const staff = (role: string) => apiAs(demoSignIns.find((s) => s.role === role)!.username, DEMO_PASSWORD);

  beforeAll(async () => {
    portal = await startTestPortal();
    [china, venezuela] = await Promise.all([staff('CHINA_AGENT'), staff('VENEZUELA_AGENT')]);
  });
  afterAll(() => portal?.stop());

  async function signedIn(customer: PortalCustomer): Promise<Page> {
    const { page } = await portal.newPage();
    await signInThroughForm(page, customer.username, customer.password);
    return page;
  }

  const requestInput = (overrides: Partial<CreatePurchaseRequestInput> = {}): CreatePurchaseRequestInput => ({
    productUrl: 'https://example.com/producto/9',
    description: 'Lámpara de escritorio',
    quantity: 1,
    purchaseType: 'RETAIL',
    shippingMethods: ['AIR'],
    nationalDelivery: 'COURIER',
    ...overrides,
  });

  /** China sources the request and Venezuela sends the quote: the customer is notified (QUOTE_READY). */
  async function sendQuote(requestId: string): Promise<void> {
    await china.ok(StartSourcing, { id: requestId });
    await china.ok(SubmitSourcing, {
      id: requestId,
      input: { supplierUnitPriceMinor: 1500, chinaShippingMinor: 500, lengthCm: 20, widthCm: 20, heightCm: 30, weightKg: '1.5', supplierDispatchDays: 2 },
    });
    await venezuela.ok(SendQuote, { id: requestId, input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt: new Date(Date.now() + 20 * 86_400_000).toISOString() }] } });
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Principal' });
  /**
   * Resolves once the tab has sent the subscription `operation` on its live socket (set up before the
   * navigation that opens it), so that a staff action after it is not missed.
   */
  const subscribed = (page: Page, operation: string) =>
    new Promise<void>((resolve) => page.on('websocket', (socket) => socket.on('framesent', (frame) => String(frame.payload).includes(operation) && resolve())));
  /** Set before a staff action and read after it: still there only if the page was not reloaded. */
  const markPage = (page: Page) => page.evaluate('window.__notReloaded = true');
  const notReloaded = (page: Page) => page.evaluate('window.__notReloaded === true');

  it('counts a staff action in the header badge on an open page, lists it in the centre, and clears the badge once read', async () => {
    const customer = await portal.newCustomer();
    const api = await apiAs(customer.username, customer.password);
    const { createPurchaseRequest: first } = await api.ok(CreateRequest, { input: requestInput() });
    const { createPurchaseRequest: second } = await api.ok(CreateRequest, { input: requestInput({ description: 'Silla plegable' }) });
    const page = await signedIn(customer);

    await nav(page).getByRole('link', { name: 'Notificaciones', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Notificaciones' }).waitFor();
    await page.getByText(/^Aún no tienes notificaciones\./).waitFor();
    expect(await page.getByRole('button', { name: 'Marcar todas como leídas' }).count()).toBe(0);
    await checkPage(page, 'notifications-empty');

    // The quote is sent while the customer looks at their request: the badge counts it, no reload.
    const live = subscribed(page, 'PortalNotificationLive');
    await page.goto(`/quotes/${first.id}`);
    await page.getByRole('heading', { level: 1, name: `Solicitud ${first.number}` }).waitFor();
    await live;
    await markPage(page);
    await sendQuote(first.id);
    await nav(page).getByRole('link', { name: 'Notificaciones, 1 sin leer' }).waitFor();
    expect(await notReloaded(page)).toBe(true);

    await nav(page).getByRole('link', { name: 'Notificaciones, 1 sin leer' }).click();
    await page.getByRole('heading', { level: 2, name: `Tu cotización ${first.number} está lista` }).waitFor();
    await page.getByText('1 sin leer de 1').waitFor();

    // A second one arrives while the centre is open: listed first, counted, no reload.
    await markPage(page);
    await venezuela.ok(Decline, { id: second.id, reason: 'El proveedor ya no fabrica este modelo.' });
    await nav(page).getByRole('link', { name: 'Notificaciones, 2 sin leer' }).waitFor();
    await page.getByText('2 sin leer de 2').waitFor();
    expect(await notReloaded(page)).toBe(true);
    const headings = await page.getByRole('listitem').getByRole('heading', { level: 2 }).allTextContents();
    expect(headings).toEqual([`No pudimos cotizar tu solicitud ${second.number}`, `Tu cotización ${first.number} está lista`]);
    await page.getByText('Motivo: El proveedor ya no fabrica este modelo.').waitFor();
    await checkPage(page, 'notifications-list');

    // Opening one marks it read on the way to the request it is about.
    const quoteReady = page.getByRole('listitem').filter({ hasText: `Tu cotización ${first.number} está lista` });
    await quoteReady.getByRole('button', { name: 'Ver la solicitud' }).click();
    await page.getByRole('heading', { level: 1, name: `Solicitud ${first.number}` }).waitFor();
    await nav(page).getByRole('link', { name: 'Notificaciones, 1 sin leer' }).waitFor();

    await nav(page).getByRole('link', { name: 'Notificaciones, 1 sin leer' }).click();
    await page.getByRole('link', { name: 'Sin leer', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: `Tu cotización ${first.number} está lista` }).waitFor({ state: 'detached' });
    expect(await page.getByRole('listitem').getByRole('heading', { level: 2 }).allTextContents()).toEqual([`No pudimos cotizar tu solicitud ${second.number}`]);
    await page.getByRole('button', { name: 'Marcar todas como leídas' }).click();
    await page.getByRole('status').filter({ hasText: 'Marcaste todas las notificaciones como leídas.' }).waitFor();
    await page.getByText('No tienes notificaciones sin leer.').waitFor();
    await nav(page).getByRole('link', { name: 'Notificaciones', exact: true }).waitFor();

    await page.getByRole('link', { name: 'Todas', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: `Tu cotización ${first.number} está lista` }).waitFor();
    expect(await page.getByText('Sin leer', { exact: true }).count()).toBe(1); // the filter link only, no item tag
    expect(await page.getByRole('link', { name: 'Ver la solicitud' }).count()).toBe(2);
    await checkPage(page, 'notifications-read');
    const unread = await portal.sql<{ n: string }>(
      `SELECT count(*) AS n FROM notification n JOIN app_user u ON u.id = n.recipient_id WHERE u.username = $1 AND n.read_at IS NULL`,
      [customer.username],
    );
    expect(unread[0]!.n).toBe('0');

    // In English the kind is named in English and the API gives the notification's own text in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByText('Quote ready', { exact: true }).waitFor();
    const quoteReadyEn = page.getByRole('heading', { level: 2, name: `Your quote ${first.number} is ready` });
    await quoteReadyEn.waitFor();
    expect(await quoteReadyEn.getAttribute('lang')).toBeNull();
    await page.getByText('Reason: El proveedor ya no fabrica este modelo.').waitFor();
    expect(await page.getByRole('heading', { level: 2, name: `Tu cotización ${first.number} está lista` }).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications', exact: true }).waitFor();
  });

  it('shows the photos of a request to its owner, and answers 404 for them to another customer', async () => {
    const [owner, other] = await Promise.all([portal.newCustomer(), portal.newCustomer()]);
    const api = await apiAs(owner.username, owner.password);
    const uploaded = await fetch(`${portal.url}/uploads`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${api.token}` }, body: TINY_PNG });
    expect(uploaded.status).toBe(201);
    const { id: photoId } = (await uploaded.json()) as { id: string };
    const { createPurchaseRequest } = await api.ok(CreateRequest, { input: requestInput({ productUrl: null, photoUploadIds: [photoId] }) });

    const page = await signedIn(owner);
    await page.goto(`/quotes/${createPurchaseRequest.id}`);
    const photo = page.getByRole('img', { name: 'Foto 1 de 1 del producto' });
    await photo.waitFor();
    // decode() rejects when the image cannot be loaded; a loaded one has its real width (1 px here).
    await page.evaluate(`document.querySelector('.thumbs img').decode()`);
    expect(await page.evaluate(`document.querySelector('.thumbs img').naturalWidth`)).toBeGreaterThan(0);
    expect(await page.getByText('1 foto(s)').isVisible()).toBe(true);
    await checkPage(page, 'quote-photos');

    const served = await page.request.get(`/uploads/${photoId}`);
    expect(served.status()).toBe(200);
    expect(served.headers()).toMatchObject({ 'content-type': 'image/png', 'x-content-type-options': 'nosniff' });

    const otherPage = await signedIn(other);
    const refused = await otherPage.request.get(`/uploads/${photoId}`);
    expect(refused.status()).toBe(404);
    const { page: anonymous } = await portal.newPage();
    expect((await anonymous.request.get(`/uploads/${photoId}`)).status()).toBe(401);
  });
});
