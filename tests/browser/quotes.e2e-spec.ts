import { graphql } from '../graphql/generated';
import { TINY_PNG } from '../helpers/images';
import { CreateRequest, customerApi, requestInput, signedIn, StaffFlow } from '../helpers/staff-flow';
import { checkPage, startTestPortal, type TestPortal, WALKTHROUGH_TIMEOUT_MS } from '../helpers/test-portal';

/**
 * The customer portal's quote pages in Debian's chromium against `npm start`: a new request with a photo,
 * the quote's options side by side, a modification and a re-quote, acceptance; and the refusals a customer
 * meets (the 3rd modification, the monthly limit, an expired quote, another customer's request by URL).
 * Staff steps go through the API as the demo China and Venezuela agents.
 */

const RequestModification = graphql(`
  mutation PortalTestRequestModification($id: ID!, $note: String!) { requestQuoteModification(requestId: $id, note: $note) { state } }
`);

describe('customer portal: quote requests and quotes', () => {
  let portal: TestPortal;
  beforeAll(async () => (portal = await startTestPortal()));
  afterAll(() => portal?.stop());
  const flow = new StaffFlow(() => portal);

  it('walks a customer from a request with a photo through the quote, a modification and a new quote to acceptance', async () => {
    const customer = await portal.newCustomer();
    const page = await signedIn(portal, customer);
    await page.getByRole('navigation').getByRole('link', { name: 'Mis solicitudes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mis solicitudes y cotizaciones' }).waitFor();
    await page.getByText('Aún no has pedido cotizaciones.').waitFor();
    await checkPage(page, 'quotes-empty');
    await page.getByRole('link', { name: 'Nueva solicitud' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nueva solicitud de cotización' }).waitFor();
    await page.getByText('Te quedan 5 de 5 solicitudes este mes').waitFor();
    await checkPage(page, 'quote-new');

    // Checked in the browser before anything is sent: neither a link nor a photo, nor a description.
    await page.getByRole('button', { name: 'Pedir cotización' }).click();
    await page.getByText('Pega un enlace o agrega al menos una foto.').waitFor();
    await page.getByText('Este campo es obligatorio.').waitFor();
    await page.getByRole('textbox', { name: 'Descripción' }).fill('Licuadora de 1,5 litros, 110 V');

    await page.getByLabel('Elegir fotos').setInputFiles({ name: 'licuadora.png', mimeType: 'image/png', buffer: TINY_PNG });
    await page.getByText(/Foto «licuadora.png» lista|No pudimos subir/).waitFor();
    expect(await page.getByRole('group', { name: /^Fotos del producto/ }).locator('.photo-list').textContent()).toContain('Foto «licuadora.png» lista');
    await page.getByLabel('Elegir fotos').setInputFiles({ name: 'notas.txt', mimeType: 'text/plain', buffer: Buffer.from('hola') });
    await page.getByText('«notas.txt» no es una imagen JPEG, PNG o WebP.').waitFor();
    await checkPage(page, 'quote-new-photo');
    await page.getByRole('spinbutton', { name: 'Cantidad' }).fill('2');
    await page.getByRole('textbox', { name: /Especificaciones/ }).fill('Color rojo');
    await page.getByRole('checkbox', { name: 'Marítimo' }).check();
    await page.getByRole('radio', { name: 'Retiro en oficina' }).check();
    await page.getByRole('button', { name: 'Pedir cotización' }).click();

    await page.getByRole('heading', { level: 1, name: /^Solicitud SC-/ }).waitFor();
    await page.getByText('Recibida', { exact: true }).first().waitFor();
    expect(await page.getByText('1 foto(s)').isVisible()).toBe(true);
    await checkPage(page, 'quote-submitted');
    const requestId = new URL(page.url()).pathname.split('/').pop()!;
    const [row] = await portal.sql<{ quantity: number; national_delivery: string; photos: string }>(
      `SELECT quantity, national_delivery, (SELECT count(*) FROM purchase_request_photos p WHERE p.purchase_request_id = r.id) AS photos FROM purchase_request r WHERE id = $1`,
      [requestId],
    );
    expect(row).toMatchObject({ quantity: 2, national_delivery: 'OFFICE_PICKUP', photos: '1' });

    // Staff answer while the page stays open: the quote appears live, with no reload.
    await flow.sourceAndQuote(requestId, ['AIR', 'SEA']);
    await page.getByRole('heading', { name: 'Tu cotización' }).waitFor();
    expect(await page.getByRole('article').count()).toBe(2);
    await page.getByText('Se cobra por peso volumétrico: 12 kg (50 × 40 × 30 cm), mayor que el peso real de 3,2 kg.').waitFor();
    await page.getByText('El marítimo se cobra por volumen: 0,06 m³ (50 × 40 × 30 cm).').waitFor();
    await page.getByText(/^Tiempo para responder: 2 días 23 h \d+ min \d+ s$/).waitFor();
    await page.getByText('a 36,5 Bs. por dólar').first().waitFor();
    await page.getByText(/Pagando en dólares: .* de descuento\)/).first().waitFor();
    await page.getByText('Quedan 2 de 2 modificaciones.').waitFor();
    await checkPage(page, 'quote-options');

    await page.getByRole('textbox', { name: '¿Qué quieres cambiar?' }).fill('¿Pueden cotizar solo el aéreo con 3 unidades?');
    await page.getByRole('button', { name: 'Pedir cambio' }).click();
    await page.getByRole('status').filter({ hasText: 'Pediste un cambio; te enviaremos una nueva cotización.' }).waitFor();
    await page.getByText('Modificación pedida', { exact: true }).first().waitFor();
    await checkPage(page, 'quote-modification-requested');

    await flow.quote(requestId, ['AIR', 'SEA']);
    await page.getByText('Quedan 1 de 2 modificaciones.').waitFor();
    await page.getByRole('button', { name: 'Aceptar Aéreo' }).click();
    await page.getByText(/^Aceptaste la cotización. Tu orden de compra es PO-\d{4}-\d+\./).waitFor();
    expect(await page.getByRole('link', { name: /^Ver la orden PO-/ }).getAttribute('href')).toMatch(/^\/orders\/[0-9a-f-]{36}$/);
    await checkPage(page, 'quote-accepted');

    await page.getByRole('navigation').getByRole('link', { name: 'Mis solicitudes' }).click();
    await page.getByRole('link', { name: /Licuadora de 1,5 litros, 110 V/ }).waitFor();
    await page.getByText('Aceptada', { exact: true }).waitFor();
    await checkPage(page, 'quotes-list');
  }, WALKTHROUGH_TIMEOUT_MS);

  it('warns before the last allowed modification is exceeded, and shows the purchase rejected by the 3rd request', async () => {
    const customer = await portal.newCustomer();
    const api = await customerApi(portal, customer);
    const { requestId: id } = await flow.quotedRequest(api);
    for (let i = 0; i < 2; i++) {
      await api.ok(RequestModification, { id, note: `Cambio número ${i + 1}` });
      await flow.quote(id);
    }
    const page = await signedIn(portal, customer);
    await page.goto(`/quotes/${id}`);
    await page.getByText('Atención: ya usaste tus 2 modificaciones. Si pides otro cambio, la compra se rechaza.').waitFor();
    await checkPage(page, 'quote-last-modification-warning');
    await page.getByRole('textbox', { name: '¿Qué quieres cambiar?' }).fill('Una vez más, por favor');
    await page.getByRole('button', { name: 'Pedir cambio' }).click();
    await page.getByRole('alert').filter({ hasText: 'Pediste más cambios de los permitidos: la compra quedó rechazada.' }).waitFor();
    await page.getByText('Rechazada', { exact: true }).first().waitFor();
    await checkPage(page, 'quote-modification-limit');
  });

  it('says how many requests remain, and refuses the 6th of the month with a plain message', async () => {
    const customer = await portal.newCustomer();
    const api = await customerApi(portal, customer);
    for (let i = 0; i < 5; i++) await api.ok(CreateRequest, { input: requestInput() });
    const page = await signedIn(portal, customer);
    await page.goto('/quotes/new');
    await page.getByText(/^Ya usaste tus 5 solicitudes de este mes. Podrás pedir otra el /).waitFor();
    await page.getByRole('textbox', { name: /Enlace del producto/ }).fill('https://example.com/producto/6');
    await page.getByRole('textbox', { name: 'Descripción' }).fill('Sexta solicitud del mes');
    await page.getByRole('button', { name: 'Pedir cotización' }).click();
    await page.getByRole('alert').filter({ hasText: /^Alcanzaste el límite de solicitudes de este mes\./ }).waitFor();
    await checkPage(page, 'quote-new-limit-reached');
  });

  it('refuses to accept an expired quote, saying so beside the options', async () => {
    const customer = await portal.newCustomer();
    const api = await customerApi(portal, customer);
    const { createPurchaseRequest } = await api.ok(CreateRequest, { input: requestInput({ shippingMethods: ['SEA'] }) });
    await flow.sourceAndQuote(createPurchaseRequest.id, ['SEA']);
    const page = await signedIn(portal, customer);
    await page.goto(`/quotes/${createPurchaseRequest.id}`);
    await page.getByRole('button', { name: 'Aceptar Marítimo' }).waitFor();
    // The deadline passes (the expiry sweep has not run yet, so the request is still QUOTED).
    await portal.sql(`UPDATE purchase_request SET response_deadline = now() - interval '1 minute' WHERE id = $1`, [createPurchaseRequest.id]);
    await page.reload();
    await page.getByText('El plazo para responder terminó.').waitFor();
    await page.getByRole('button', { name: 'Aceptar Marítimo' }).click();
    await page.getByRole('alert').filter({ hasText: 'La cotización venció: ya no se puede responder. Pide una nueva.' }).waitFor();
    await checkPage(page, 'quote-expired');
  });

  it('answers another customer’s request by URL with the portal’s 404 page', async () => {
    const [owner, other] = await Promise.all([portal.newCustomer(), portal.newCustomer()]);
    const { createPurchaseRequest } = await (await customerApi(portal, owner)).ok(CreateRequest, { input: requestInput() });
    const page = await signedIn(portal, other);
    const response = await page.goto(`/quotes/${createPurchaseRequest.id}`);
    expect(response!.status()).toBe(404);
    await page.getByRole('heading', { name: 'Página no encontrada' }).waitFor();
    expect(await page.getByText('Licuadora').count()).toBe(0);
    expect((await page.goto('/quotes/not-a-uuid'))!.status()).toBe(404);
  });
});
