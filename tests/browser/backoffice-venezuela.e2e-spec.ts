import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { graphql } from '../graphql/generated';
import { openPricing, priceOption, staffPage } from '../helpers/backoffice-steps';
import type { GqlClient } from '../helpers/client';
import { CreateRequest, customerApi, requestInput, StaffFlow, StartSourcing, staffLogin, SubmitSourcing } from '../helpers/staff-flow';
import { checkPage, signInToBackoffice, startTestPortal, type PortalCustomer, type TestPortal } from '../helpers/test-portal';

/**
 * The Venezuela agent's workspace in Debian's chromium against `npm start`: the live pricing queue, the pricing
 * screen with the suggested breakdown, an override with its reason, sending the quote and the WhatsApp message,
 * the customer's note on a modification request, and the China agent kept out. Customers' and China's steps go
 * through the API.
 */

const CustomerQuote = graphql(`
  query VenezuelaTestCustomerQuote($id: ID!) {
    purchaseRequest(id: $id) { state round options { shippingMethod totalUsdMinor totalVesMinor } }
  }
`);
const CustomerNotifications = graphql(`
  query VenezuelaTestNotifications { myNotifications(first: 10) { edges { node { kind title body data } } } }
`);
const RequestModification = graphql(`
  mutation VenezuelaTestModify($id: ID!, $note: String!) { requestQuoteModification(requestId: $id, note: $note) { state } }
`);
const Preview = graphql(`
  query VenezuelaTestPreview($id: ID!) { quotePricePreview(requestId: $id) { options { shippingMethod totalUsdMinor } } }
`);

describe('back-office: the Venezuela agent prices and sends quotes', () => {
  let portal: TestPortal;
  let customer: PortalCustomer;
  let customerClient: GqlClient;
  const flow = new StaffFlow(() => portal);

  beforeAll(async () => {
    portal = await startTestPortal();
    customer = await portal.newCustomer();
    customerClient = await customerApi(portal, customer);
  });
  afterAll(() => portal?.stop());

  /** A retail request of the test customer by air and sea (4 blenders), not yet sourced. */
  async function newRequest(description: string): Promise<{ id: string; number: string }> {
    const { createPurchaseRequest } = await customerClient.ok(CreateRequest, { input: requestInput({ description, shippingMethods: ['AIR', 'SEA'] }) });
    return createPurchaseRequest;
  }

  /** The China agent takes and sources the request: US$ 12.50 each, US$ 8 in China, 50×40×30 cm, 3.2 kg (volumetric 12 kg). */
  async function sourceInChina(id: string): Promise<void> {
    const china = await flow.as('CHINA_AGENT');
    await china.ok(StartSourcing, { id });
    await china.ok(SubmitSourcing, {
      id,
      input: { supplierUnitPriceMinor: 1250, chinaShippingMinor: 800, lengthCm: 50, widthCm: 40, heightCm: 30, weightKg: '3.2', supplierDispatchDays: 3 },
    });
  }

  const queueHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Cola de precios: solicitudes por cotizar' });
  const rowOf = (page: Page, number: string) => page.getByRole('listitem').filter({ has: page.getByRole('link', { name: number }) });

  it('shows a request sourced by China arriving in the open queue, explains its price, and sends it with an air price overridden for a reason', async () => {
    const { page } = await portal.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/backoffice/');
    const listening = page.waitForEvent('websocket').then((ws) => ws.waitForEvent('framesent', { predicate: (frame) => String(frame.payload).includes('"operationName":"VenezuelaQueueUpdated"') }));
    await signInToBackoffice(page, staffLogin('VENEZUELA_AGENT'), DEMO_PASSWORD);
    await queueHeading(page).waitFor();
    expect(page.url()).toBe(`${portal.url}/backoffice/venezuela`);
    await page.getByText(/en la cola/).waitFor();
    await listening;

    const request = await newRequest('Licuadora para la tienda');
    // Not yet in Venezuela's queue while China sources it; it arrives when China hands it over.
    await sourceInChina(request.id);
    const row = rowOf(page, request.number);
    await row.waitFor();
    await row.getByText('En precios').waitFor();
    expect(await row.textContent()).toContain('Esperando');
    await checkPage(page, 'backoffice-venezuela-queue');

    await openPricing(page, request.number);
    const air = page.getByRole('group', { name: 'Aéreo' });
    const sea = page.getByRole('group', { name: 'Marítimo' });
    const airTable = air.getByRole('table', { name: 'Desglose sugerido: Aéreo' });
    await airTable.waitFor();
    // The chargeable weight explained: 50 × 40 × 30 ÷ 5000 = 12 kg beats the actual 3.2 kg.
    expect(await airTable.getByRole('row', { name: /^Peso real/ }).textContent()).toContain('3,200 kg');
    expect(await airTable.getByRole('row', { name: /^Peso volumétrico/ }).textContent()).toContain('50 × 40 × 30 cm ÷ 5000 = 12,000 kg');
    expect(await airTable.getByRole('row', { name: /^Peso cobrable/ }).textContent()).toContain('12,000 kg — se cobra el volumétrico porque es mayor que el real');
    expect(await airTable.getByRole('row', { name: /^Flete internacional/ }).textContent()).toMatch(/12,000 kg × .*12,00 por kg = .*144,00/);
    expect(await airTable.getByRole('row', { name: /^Total sugerido/ }).textContent()).toMatch(/258,75.*Bs\. 9\.444,38/);
    expect(await sea.getByRole('row', { name: /^Volumen/ }).textContent()).toContain('50 × 40 × 30 cm = 0,060000 m³');
    const suggested = (await (await flow.as('VENEZUELA_AGENT')).ok(Preview, { id: request.id })).quotePricePreview.options;
    expect(suggested).toEqual([{ shippingMethod: 'AIR', totalUsdMinor: 25875 }, { shippingMethod: 'SEA', totalUsdMinor: 11250 }]);

    // An override without a reason is refused next to the reason, before anything is sent.
    await air.getByLabel('Precio final Aéreo (US$)').fill('240');
    await page.getByRole('button', { name: 'Enviar cotización' }).click();
    await page.getByText('Revisa los datos marcados.').waitFor();
    await air.getByText('Para cambiar el precio sugerido escribe el motivo', { exact: false }).waitFor();
    expect(await air.getByLabel(/^Motivo del cambio de precio Aéreo/).getAttribute('aria-invalid')).toBe('true');
    expect(await sea.getByLabel('Entrega estimada Marítimo').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'backoffice-venezuela-pricing');

    await priceOption(page, 'Aéreo', { etaDays: 20, override: { price: '240', reason: 'Cliente frecuente, tarifa negociada' } });
    await priceOption(page, 'Marítimo', { etaDays: 60 });
    await page.getByRole('button', { name: 'Enviar y preparar WhatsApp' }).click();
    const whatsapp = page.getByRole('region', { name: 'Enviar por WhatsApp' });
    await whatsapp.waitFor();
    await checkPage(page, 'backoffice-venezuela-whatsapp');

    // The customer has the quote: the overridden air price and the suggested sea price.
    const quote = (await customerClient.ok(CustomerQuote, { id: request.id })).purchaseRequest;
    expect(quote).toMatchObject({ state: 'QUOTED', round: 1 });
    expect(quote.options.map((o) => [o.shippingMethod, o.totalUsdMinor])).toEqual([['AIR', 24000], ['SEA', 11250]]);

    // The WhatsApp message is the one the customer received in the app, and the wa.me link carries it.
    const notification = (await customerClient.ok(CustomerNotifications, {})).myNotifications.edges
      .map((e) => e.node)
      .find((n) => n.kind === 'QUOTE_READY' && n.data.requestId === request.id)!;
    const text = `${notification.title}\n${notification.body}`;
    expect(text).toContain('• Aéreo: USD 240,00 (Bs. 8.760,00)');
    expect(await whatsapp.getByLabel('Mensaje para el cliente').inputValue()).toBe(text);
    const link = whatsapp.getByRole('link', { name: 'Abrir WhatsApp con el mensaje' });
    expect(await link.getAttribute('href')).toBe(`https://wa.me/${customer.phone.replace(/\D/g, '')}?text=${encodeURIComponent(text)}`);

    // The override and its reason are kept with the quote and in the audit log.
    const options = await portal.sql<{ shipping_method: string; total_usd_minor: string; suggested_total_usd_minor: string; override_reason: string | null }>(
      `SELECT shipping_method, total_usd_minor, suggested_total_usd_minor, override_reason FROM quote_option WHERE request_id = $1 ORDER BY shipping_method`,
      [request.id],
    );
    expect(options.map((o) => [o.shipping_method, Number(o.total_usd_minor), Number(o.suggested_total_usd_minor), o.override_reason])).toEqual([
      ['AIR', 24000, 25875, 'Cliente frecuente, tarifa negociada'],
      ['SEA', 11250, 11250, null],
    ]);
    const audited = await portal.sql<{ detail: { reason: string; totalUsdMinor: number; suggestedTotalUsdMinor: number } }>(
      `SELECT detail FROM audit_log_entry WHERE action = 'quote.price_overridden' AND target_id = $1`,
      [request.id],
    );
    expect(audited.map((a) => a.detail)).toEqual([expect.objectContaining({ reason: 'Cliente frecuente, tarifa negociada', totalUsdMinor: 24000, suggestedTotalUsdMinor: 25875 })]);

    // Back in the queue, the request is gone: it waits on the customer now.
    await page.getByRole('link', { name: 'Volver a la cola de precios' }).click();
    await queueHeading(page).waitFor();
    await page.getByRole('link', { name: request.number }).waitFor({ state: 'detached' });
  });

  it('lists a modification request with the customer\'s note in its own tab and shows the note on the pricing screen', async () => {
    const request = await newRequest('Termo de acero');
    await sourceInChina(request.id);
    await flow.quote(request.id, ['AIR', 'SEA']);
    await customerClient.ok(RequestModification, { id: request.id, note: 'Solo quiero el envío marítimo, en color rojo' });

    const page = await staffPage(portal, 'VENEZUELA_AGENT');
    await queueHeading(page).waitFor();
    await page.getByRole('navigation', { name: 'Tipo de trabajo' }).getByRole('link', { name: 'Modificaciones pedidas' }).click();
    const row = rowOf(page, request.number);
    await row.waitFor();
    expect(await row.textContent()).toContain('«Solo quiero el envío marítimo, en color rojo»');
    expect(await page.getByRole('link', { name: 'Modificaciones pedidas' }).getAttribute('aria-current')).toBe('page');

    await row.getByRole('link', { name: request.number }).click();
    const note = page.getByRole('note', { name: 'Cambio pedido por el cliente' });
    await note.waitFor();
    expect(await note.textContent()).toContain('Solo quiero el envío marítimo, en color rojo');
    await page.getByRole('table', { name: 'Desglose sugerido: Marítimo' }).waitFor();
  });

  it('sources a wholesale request from the Venezuela queue itself, which then waits there for its price', async () => {
    const { createPurchaseRequest: request } = await customerClient.ok(CreateRequest, { input: requestInput({ description: 'Sillas al mayor', purchaseType: 'WHOLESALE', quantity: 40 }) });
    const page = await staffPage(portal, 'VENEZUELA_AGENT');
    await page.getByRole('navigation', { name: 'Tipo de trabajo' }).getByRole('link', { name: 'Al mayor sin cotizar' }).click();
    const row = rowOf(page, request.number);
    await row.getByText('Al mayor', { exact: true }).waitFor();
    await row.getByRole('link', { name: request.number }).click();
    await page.getByText('Solicitud al mayor: registra primero los datos del proveedor', { exact: false }).waitFor();

    await page.getByLabel('Precio unitario del proveedor (US$)').fill('9');
    await page.getByLabel('Envío dentro de China hasta el almacén, total (US$)').fill('30');
    await page.getByLabel('Largo (cm)').fill('60');
    await page.getByLabel('Ancho (cm)').fill('60');
    await page.getByLabel('Alto (cm)').fill('90');
    await page.getByLabel('Peso real (kg)').fill('180');
    await page.getByLabel('Tiempo de despacho del proveedor (días)').fill('10');
    await page.getByRole('button', { name: 'Enviar a precios' }).click();
    await page.getByRole('status').filter({ hasText: `La solicitud ${request.number} pasó a precios en Venezuela.` }).waitFor();
    await page.getByRole('link', { name: 'Por cotizar' }).click();
    await rowOf(page, request.number).getByText('En precios').waitFor();
  });

  it('shows a China agent no Venezuela workspace, and the API refuses them the price suggestion', async () => {
    const page = await staffPage(portal, 'CHINA_AGENT');
    await page.getByRole('heading', { level: 1, name: 'Cola de China: solicitudes por cotizar' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Espacios de trabajo' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Cola de China', 'Logística', 'Trazabilidad']);
    await page.goto('/backoffice/venezuela');
    await page.getByRole('heading', { level: 1, name: 'Página no disponible' }).waitFor();

    const request = await newRequest('Lámpara de escritorio');
    await sourceInChina(request.id);
    expect(await (await flow.as('CHINA_AGENT')).errorCode(Preview, { id: request.id })).toBe('FORBIDDEN');
  });
});
