import type { Page } from 'playwright-core';
import { GqlClient } from '../helpers/client';
import { TINY_PNG } from '../helpers/images';
import { checkPage, signInThroughForm, startTestPortal, type PortalCustomer, type TestPortal } from '../helpers/test-portal';
import { DEMO_PASSWORD, demoSignIns } from '../../api/src/seed/demo';

/**
 * The portal's public pages in Debian's chromium against `npm start`: a family member follows an order with
 * its PO number and the buyer's phone digits (the order driven to tracking through the API by the customer
 * and the demo staff), refusals in plain words, the traceability page's coming-soon layout, and support.
 */

const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { accessToken } }`;
const CREATE_REQUEST = `mutation ($input: CreatePurchaseRequestInput!) { createPurchaseRequest(input: $input) { id } }`;
const START_SOURCING = `mutation ($id: ID!) { startSourcing(requestId: $id) { id } }`;
const SUBMIT_SOURCING = `mutation ($id: ID!, $input: SubmitSourcingInput!) { submitSourcing(requestId: $id, input: $input) { id } }`;
const SEND_QUOTE = `mutation ($id: ID!, $input: SendQuoteInput!) { sendQuote(requestId: $id, input: $input) { options { id } } }`;
const ACCEPT = `mutation ($id: ID!) { acceptQuoteOption(optionId: $id) { id number usdPayableMinor } }`;
const SUBMIT_PAYMENT = `mutation ($input: SubmitPaymentInput!) { submitPayment(input: $input) { id } }`;
const VALIDATE_PAYMENT = `mutation ($id: ID!) { validatePayment(paymentId: $id) { id } }`;
const REGISTER_SUPPLIER_PAYMENT = `mutation ($input: RegisterSupplierPaymentInput!) { registerSupplierPayment(input: $input) { id } }`;
const CONFIRM_SUPPLIER_PAYMENT = `mutation ($id: ID!) { confirmSupplierPayment(orderId: $id) { id } }`;
const RECORD = `mutation ($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id } }`;

describe('customer portal: public order tracking, traceability and support pages', () => {
  let portal: TestPortal;
  let customer: PortalCustomer;
  let order: { id: string; number: string };

  async function apiAs(login: string, password: string): Promise<GqlClient> {
    const endpoints = { graphqlUrl: `${portal.url}/graphql`, wsUrl: '', subscriptionsAttached: () => 0, waitForSubscriptions: async () => {} };
    const { signIn } = await new GqlClient(endpoints).ok<{ signIn: { accessToken: string } }, unknown>(SIGN_IN, { input: { login, password } });
    return new GqlClient(endpoints, signIn.accessToken);
  }
  const staff = (role: string) => apiAs(demoSignIns.find((s) => s.role === role)!.username, DEMO_PASSWORD);
  async function upload(client: GqlClient): Promise<string> {
    const response = await fetch(`${portal.url}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': 'image/png' }, body: TINY_PNG });
    return ((await response.json()) as { id: string }).id;
  }

  /** Request → sourcing → quote → acceptance → paid and validated → supplier paid → two tracking milestones (one with a photo). */
  async function orderInTransit(buyer: GqlClient): Promise<{ id: string; number: string }> {
    const [china, venezuela, validator] = await Promise.all([staff('CHINA_AGENT'), staff('VENEZUELA_AGENT'), staff('PAYMENT_VALIDATOR')]);
    const { createPurchaseRequest: request } = await buyer.ok<{ createPurchaseRequest: { id: string } }, unknown>(CREATE_REQUEST, {
      input: { productUrl: 'https://example.com/producto/7', description: 'Cafetera italiana', quantity: 1, purchaseType: 'RETAIL', shippingMethods: ['AIR'], nationalDelivery: 'COURIER' },
    });
    await china.ok(START_SOURCING, { id: request.id });
    await china.ok(SUBMIT_SOURCING, { id: request.id, input: { supplierUnitPriceMinor: 2000, chinaShippingMinor: 300, lengthCm: 20, widthCm: 20, heightCm: 25, weightKg: '1.2', supplierDispatchDays: 2 } });
    const { sendQuote } = await venezuela.ok<{ sendQuote: { options: { id: string }[] } }, unknown>(SEND_QUOTE, {
      id: request.id, input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt: new Date(Date.now() + 25 * 86_400_000).toISOString() }] },
    });
    const { acceptQuoteOption: accepted } = await buyer.ok<{ acceptQuoteOption: { id: string; number: string; usdPayableMinor: number } }, unknown>(ACCEPT, { id: sendQuote.options[0]!.id });
    const { submitPayment } = await buyer.ok<{ submitPayment: { id: string } }, unknown>(SUBMIT_PAYMENT, {
      input: { orderId: accepted.id, method: 'ZELLE', amountMinor: accepted.usdPayableMinor, reference: 'ZL-7788', proofUploadId: await upload(buyer) },
    });
    await validator.ok(VALIDATE_PAYMENT, { id: submitPayment.id });
    await validator.ok(REGISTER_SUPPLIER_PAYMENT, { input: { orderId: accepted.id, currency: 'CNY', amountMinor: 15_000, reference: 'ALIPAY-1' } });
    await china.ok(CONFIRM_SUPPLIER_PAYMENT, { id: accepted.id });
    await china.ok(RECORD, { input: { orderId: accepted.id, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén Guangzhou', note: 'Nota interna', photoUploadIds: [await upload(china)] } });
    await china.ok(RECORD, { input: { orderId: accepted.id, phase: 'DEPARTED_CHINA', place: 'Aeropuerto de Cantón' } });
    return accepted;
  }

  beforeAll(async () => {
    portal = await startTestPortal();
    customer = await portal.newCustomer();
    order = await orderInTransit(await apiAs(customer.username, customer.password));
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
    expect(page.url()).toBe(`${portal.url}/track`);
  });

  it('is linked from the sign-in page and the visitors\' header', async () => {
    const page = await visitor('/sign-in');
    await page.getByRole('main').getByRole('link', { name: 'Seguir un pedido' }).click();
    await page.getByRole('heading', { level: 1, name: 'Seguir un pedido' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Ayuda' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ayuda' }).waitFor();
  });

  it('shows the traceability page a QR code opens: the unit id, verification coming soon, and empty history and anchors', async () => {
    const page = await visitor('/trace/UNIT-2026-000123');
    await page.getByRole('heading', { level: 1, name: 'Trazabilidad del producto' }).waitFor();
    await expect(page.getByText('UNIT-2026-000123').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('status').getByText('Verificación disponible pronto').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('region', { name: 'Historia de la unidad' }).getByText('Todavía no hay eventos que mostrar.').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('region', { name: 'Anclajes en la cadena de bloques' }).getByText('Todavía no hay anclajes que verificar.').isVisible()).resolves.toBe(true);
    await checkPage(page, 'trace');
  });

  it('shows visitors how to reach the business by WhatsApp and its hours, and a signed-in customer their code too', async () => {
    const page = await visitor('/support');
    const whatsapp = page.getByRole('link', { name: /^Escribir por WhatsApp al \+58/ });
    expect(await whatsapp.getAttribute('href')).toBe(`https://wa.me/584125550100?text=${encodeURIComponent('Hola, necesito ayuda.')}`);
    await expect(page.getByText(/^Lunes a viernes/).isVisible()).resolves.toBe(true);
    await checkPage(page, 'support');

    const { page: signedIn } = await portal.newPage();
    await signInThroughForm(signedIn, customer.username, customer.password);
    await signedIn.getByRole('navigation').getByRole('link', { name: 'Ayuda' }).click();
    await signedIn.getByText('Dale este código a soporte para que te atendamos más rápido.').waitFor();
    await expect(signedIn.getByText(customer.code, { exact: true }).isVisible()).resolves.toBe(true);
    expect(await signedIn.getByRole('link', { name: /^Escribir por WhatsApp/ }).getAttribute('href')).toContain(encodeURIComponent(customer.code));
    await checkPage(signedIn, 'support-signed-in');
  });
});
