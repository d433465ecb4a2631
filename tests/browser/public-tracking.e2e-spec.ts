import type { Page } from 'playwright-core';
import { customerApi, signedIn, StaffFlow } from '../helpers/staff-flow';
import { checkPage, startTestPortal, type PortalCustomer, type TestPortal } from '../helpers/test-portal';

/**
 * The portal's public pages in Debian's chromium against `npm start`: a family member follows an order with
 * its PO number and the buyer's phone digits (the order driven to tracking through the API by the customer
 * and the demo staff), refusals in plain words, the traceability page's coming-soon layout, and support.
 */

describe('customer portal: public order tracking, traceability and support pages', () => {
  let portal: TestPortal;
  let customer: PortalCustomer;
  let order: { id: string; number: string };

  /** Request → sourcing → quote → acceptance → paid and validated → supplier paid → two tracking milestones (one with a photo and a staff note). */
  async function orderInTransit(buyer: PortalCustomer): Promise<{ id: string; number: string }> {
    const flow = new StaffFlow(() => portal);
    const { orderId, number } = await flow.paidOrder(await customerApi(portal, buyer));
    await flow.purchase(orderId);
    await flow.record({ orderId }, 'AT_CHINA_WAREHOUSE', { photo: true, note: 'Nota interna' });
    await flow.record({ orderId }, 'DEPARTED_CHINA');
    return { id: orderId, number };
  }

  beforeAll(async () => {
    portal = await startTestPortal();
    customer = await portal.newCustomer();
    order = await orderInTransit(customer);
  }, 90_000);
  afterAll(() => portal?.stop());

  async function visitor(path = '/track'): Promise<Page> {
    const { page } = await portal.newPage();
    await page.goto(path);
    return page;
  }
  async function track(page: Page, number: string, factor: string): Promise<void> {
    await page.getByRole('textbox', { name: 'Número de orden, paquete o caja' }).fill(number);
    await page.getByRole('textbox', { name: 'Código de cliente o últimos 4 dígitos del teléfono' }).fill(factor);
    await page.getByRole('button', { name: 'Ver el seguimiento' }).click();
  }

  it('lets a family member follow an order with its PO number and the buyer\'s last 4 phone digits: phase, milestones, places, photos, no private data', async () => {
    const page = await visitor();
    await checkPage(page, 'track-form');
    await track(page, order.number, customer.phone.slice(-4));
    const result = page.getByRole('region', { name: `Orden ${order.number}` });
    await result.waitFor();
    await expect(result.getByText('Salió de China', { exact: true }).first().isVisible()).resolves.toBe(true);
    const reached = result.locator('.timeline-done, .timeline-current');
    expect(await reached.locator('.timeline-phase strong').allTextContents()).toEqual(['Comprado al proveedor', 'En el almacén de China', 'Salió de China']);
    expect(await result.locator('[aria-current="step"] .timeline-phase strong').textContent()).toBe('Salió de China');
    await expect(result.getByText(/· Almacén Guangzhou/).first().isVisible()).resolves.toBe(true);
    const photo = result.getByRole('img', { name: 'Foto 1: En el almacén de China' });
    await photo.waitFor();
    // The signed link loads through the portal's origin: the image really decodes.
    await page.waitForFunction((img) => {
      const image = img as unknown as { complete: boolean; naturalWidth: number };
      return image.complete && image.naturalWidth > 0;
    }, await photo.elementHandle());
    const text = await page.locator('main').innerText();
    for (const secret of [customer.fullName, customer.phone, customer.code, 'Nota interna', 'US$', 'Bs.']) expect(text).not.toContain(secret);
    await checkPage(page, 'track-result');
  });

  it('answers a wrong second factor and an unknown number with the same plain refusal', async () => {
    const page = await visitor();
    const refusal = 'No encontramos un pedido con ese número y ese dato de verificación.';
    await track(page, order.number, String((Number(customer.phone.slice(-4)) + 1) % 10_000).padStart(4, '0'));
    await page.getByRole('alert').getByText(refusal, { exact: false }).waitFor();
    await track(page, 'PO-2026-999999', customer.phone.slice(-4));
    await page.getByRole('alert').getByText(refusal, { exact: false }).waitFor();
    expect(await page.getByRole('region', { name: /^Orden / }).count()).toBe(0);
    await checkPage(page, 'track-refused');
  });

  it('checks the form in the browser: a second factor that is neither a customer code nor 4 digits is refused before sending', async () => {
    const page = await visitor();
    await track(page, order.number, '45');
    await page.getByText('Escribe el código de cliente (MC-…) o exactamente los últimos 4 dígitos del teléfono.').waitFor();
  });

  it('prefills the number from a shared link, never a second factor even if the link carries one, and drops both from the address on sending', async () => {
    const page = await visitor(`/track?number=${order.number}&secondFactor=${customer.code}`);
    expect(await page.getByRole('textbox', { name: 'Número de orden, paquete o caja' }).inputValue()).toBe(order.number);
    expect(await page.getByRole('textbox', { name: 'Código de cliente o últimos 4 dígitos del teléfono' }).inputValue()).toBe('');
    await page.getByRole('textbox', { name: 'Código de cliente o últimos 4 dígitos del teléfono' }).fill(customer.code.toLowerCase());
    await page.getByRole('button', { name: 'Ver el seguimiento' }).click();
    await page.getByRole('region', { name: `Orden ${order.number}` }).waitFor();
    // The address changes with the history update, which Playwright reports a moment after the DOM.
    await page.waitForURL(`${portal.url}/track`);
  });

  it('is linked from the sign-in page and the visitors\' header', async () => {
    const page = await visitor('/sign-in');
    await page.getByRole('main').getByRole('link', { name: 'Seguir un pedido' }).click();
    await page.getByRole('heading', { level: 1, name: 'Seguir un pedido' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Ayuda' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ayuda' }).waitFor();
  });

  it('answers a traceability address of no unit with the not-found page', async () => {
    const page = await visitor('/trace/UNIT-2026-000123');
    await page.getByRole('heading', { level: 1, name: 'Página no encontrada' }).waitFor();
  });

  it('shows visitors how to reach the business by WhatsApp and its hours, and a signed-in customer their code too', async () => {
    const page = await visitor('/support');
    const whatsapp = page.getByRole('link', { name: /^Escribir por WhatsApp al \+58/ });
    expect(await whatsapp.getAttribute('href')).toBe(`https://wa.me/584125550100?text=${encodeURIComponent('Hola, necesito ayuda.')}`);
    await expect(page.getByText(/^Lunes a viernes/).isVisible()).resolves.toBe(true);
    await checkPage(page, 'support');

    const customerPage = await signedIn(portal, customer);
    await customerPage.getByRole('navigation').getByRole('link', { name: 'Ayuda' }).click();
    await customerPage.getByText('Dale este código a soporte para que te atendamos más rápido.').waitFor();
    await expect(customerPage.getByText(customer.code, { exact: true }).isVisible()).resolves.toBe(true);
    expect(await customerPage.getByRole('link', { name: /^Escribir por WhatsApp/ }).getAttribute('href')).toContain(encodeURIComponent(customer.code));
    await checkPage(customerPage, 'support-signed-in');
  });
});
