import type { Page } from 'playwright-core';
import { graphql } from '../graphql/generated';
import { TINY_PNG } from '../helpers/images';
import { CreateRequest, customerApi, markPage, requestInput, signedIn, StaffFlow, stillMarked, watchLive } from '../helpers/staff-flow';
import { checkPage, startTestPortal, type TestPortal } from '../helpers/test-portal';

/**
 * The portal's notifications in Debian's chromium against `npm start`: the header's unread badge counts a
 * staff action on an open page without reload, the centre lists it, opening it and "mark all read" clear
 * the badge, and an English page reads the notifications in English; and the photos of a quote request are
 * shown to their owner (the API's /uploads/:id, opened by the httpOnly access cookie the portal sets) while
 * another customer gets 404 for the same address. Staff steps go through the API as demo agents.
 */

const Decline = graphql(`
  mutation NotificationsTestDecline($id: ID!, $reason: String!) { declinePurchaseRequest(requestId: $id, reason: $reason) { state } }
`);

describe('customer portal: notifications and request photos', () => {
  let portal: TestPortal;
  beforeAll(async () => (portal = await startTestPortal()));
  afterAll(() => portal?.stop());
  const flow = new StaffFlow(() => portal);

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Principal' });

  it('counts a staff action in the header badge on an open page, lists it in the centre, and clears the badge once read', async () => {
    const customer = await portal.newCustomer();
    const api = await customerApi(portal, customer);
    const { createPurchaseRequest: first } = await api.ok(CreateRequest, { input: requestInput() });
    const { createPurchaseRequest: second } = await api.ok(CreateRequest, { input: requestInput({ description: 'Silla plegable' }) });
    const page = await signedIn(portal, customer);

    await nav(page).getByRole('link', { name: 'Notificaciones', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Notificaciones' }).waitFor();
    await page.getByText(/^Aún no tienes notificaciones\./).waitFor();
    expect(await page.getByRole('button', { name: 'Marcar todas como leídas' }).count()).toBe(0);
    await checkPage(page, 'notifications-empty');

    // The quote is sent while the customer looks at their request: the badge counts it, no reload.
    const live = watchLive(page).subscribed('PortalNotificationLive');
    await page.goto(`/quotes/${first.id}`);
    await page.getByRole('heading', { level: 1, name: `Solicitud ${first.number}` }).waitFor();
    await live;
    await markPage(page);
    await flow.sourceAndQuote(first.id);
    await nav(page).getByRole('link', { name: 'Notificaciones, 1 sin leer' }).waitFor();
    expect(await stillMarked(page)).toBe(true);

    await nav(page).getByRole('link', { name: 'Notificaciones, 1 sin leer' }).click();
    await page.getByRole('heading', { level: 2, name: `Tu cotización ${first.number} está lista` }).waitFor();
    await page.getByText('1 sin leer de 1').waitFor();

    // A second one arrives while the centre is open: listed first, counted, no reload.
    await markPage(page);
    await (await flow.as('VENEZUELA_AGENT')).ok(Decline, { id: second.id, reason: 'El proveedor ya no fabrica este modelo.' });
    await nav(page).getByRole('link', { name: 'Notificaciones, 2 sin leer' }).waitFor();
    await page.getByText('2 sin leer de 2').waitFor();
    expect(await stillMarked(page)).toBe(true);
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
    const api = await customerApi(portal, owner);
    const uploaded = await fetch(`${portal.url}/uploads`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${api.token}` }, body: TINY_PNG });
    expect(uploaded.status).toBe(201);
    const { id: photoId } = (await uploaded.json()) as { id: string };
    const { createPurchaseRequest } = await api.ok(CreateRequest, { input: requestInput({ productUrl: null, photoUploadIds: [photoId] }) });

    const page = await signedIn(portal, owner);
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

    const otherPage = await signedIn(portal, other);
    const refused = await otherPage.request.get(`/uploads/${photoId}`);
    expect(refused.status()).toBe(404);
    const { page: anonymous } = await portal.newPage();
    expect((await anonymous.request.get(`/uploads/${photoId}`)).status()).toBe(401);
  });
});
