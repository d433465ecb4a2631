import type { Page } from 'playwright-core';
import { graphql } from '../graphql/generated';
import type { CreatePurchaseRequestInput, ShippingMethod } from '../graphql/generated/graphql';
import { GqlClient } from '../helpers/client';
import { TINY_PNG } from '../helpers/images';
import { checkPage, signInThroughForm, startTestPortal, type PortalCustomer, type TestPortal } from '../helpers/test-portal';
import { DEMO_PASSWORD, demoSignIns } from '../../api/src/seed/demo';

/**
 * The customer portal's quote pages in Debian's chromium against `npm start`: a new request with a photo,
 * the quote's options side by side, a modification and a re-quote, acceptance; and the refusals a customer
 * meets (the 3rd modification, the monthly limit, an expired quote, another customer's request by URL).
 * Staff steps go through the API as the demo China and Venezuela agents.
 */

const SignIn = graphql(`
  mutation PortalTestSignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }
`);
const CreateRequest = graphql(`
  mutation PortalTestCreateRequest($input: CreatePurchaseRequestInput!) { createPurchaseRequest(input: $input) { id } }
`);
const StartSourcing = graphql(`
  mutation PortalTestStartSourcing($id: ID!) { startSourcing(requestId: $id) { state } }
`);
const SubmitSourcing = graphql(`
  mutation PortalTestSubmitSourcing($id: ID!, $input: SubmitSourcingInput!) { submitSourcing(requestId: $id, input: $input) { state } }
`);
const SendQuote = graphql(`
  mutation PortalTestSendQuote($id: ID!, $input: SendQuoteInput!) { sendQuote(requestId: $id, input: $input) { state round } }
`);
const RequestModification = graphql(`
  mutation PortalTestRequestModification($id: ID!, $note: String!) { requestQuoteModification(requestId: $id, note: $note) { state } }
`);

describe('customer portal: quote requests and quotes', () => {
  let portal: TestPortal;
  let china: GqlClient;
  let venezuela: GqlClient;

  /** An API client signed in as `login` (a demo staff user or a test customer). */
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

  /** The login fixture: a fresh browser signed in through the sign-in form. */
  async function signedIn(customer: PortalCustomer): Promise<Page> {
    const { page } = await portal.newPage();
    await signInThroughForm(page, customer.username, customer.password);
    return page;
  }

  /** China sources the request (50×40×30 cm, 3.2 kg: volumetric 12 kg beats actual); Venezuela prices each method. */
  async function sourceAndQuote(requestId: string, methods: ShippingMethod[]): Promise<void> {
    await china.ok(StartSourcing, { id: requestId });
    await china.ok(SubmitSourcing, {
      id: requestId,
      input: { supplierUnitPriceMinor: 1250, chinaShippingMinor: 800, lengthCm: 50, widthCm: 40, heightCm: 30, weightKg: '3.2', supplierDispatchDays: 3 },
    });
    await quote(requestId, methods);
  }
  const quote = (requestId: string, methods: ShippingMethod[]) =>
    venezuela.ok(SendQuote, {
      id: requestId,
      input: { options: methods.map((shippingMethod) => ({ shippingMethod, estimatedDeliveryAt: new Date(Date.now() + 20 * 86_400_000).toISOString() })) },
    });

  const requestInput = (overrides: Partial<CreatePurchaseRequestInput> = {}): CreatePurchaseRequestInput => ({
    productUrl: 'https://example.com/producto/42',
    description: 'Licuadora de 1,5 litros',
    quantity: 4,
    purchaseType: 'RETAIL',
    shippingMethods: ['AIR', 'SEA'],
    nationalDelivery: 'COURIER',
    ...overrides,
  });

  it('walks a customer from a request with a photo through the quote, a modification and a new quote to acceptance', async () => {
    const customer = await portal.newCustomer();
    const page = await signedIn(customer);
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
    expect(await page.locator('.photo-list').textContent()).toContain('Foto «licuadora.png» lista');
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
    await sourceAndQuote(requestId, ['AIR', 'SEA']);
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

    await quote(requestId, ['AIR', 'SEA']);
    await page.getByText('Quedan 1 de 2 modificaciones.').waitFor();
    await page.getByRole('button', { name: 'Aceptar Aéreo' }).click();
    await page.getByText(/^Aceptaste la cotización. Tu orden de compra es PO-\d{4}-\d+\./).waitFor();
    expect(await page.getByRole('link', { name: /^Ver la orden PO-/ }).getAttribute('href')).toMatch(/^\/orders\/[0-9a-f-]{36}$/);
    await checkPage(page, 'quote-accepted');

    await page.getByRole('navigation').getByRole('link', { name: 'Mis solicitudes' }).click();
    await page.getByRole('link', { name: /Licuadora de 1,5 litros, 110 V/ }).waitFor();
    await page.getByText('Aceptada', { exact: true }).waitFor();
    await checkPage(page, 'quotes-list');
  });

  it('warns before the last allowed modification is exceeded, and shows the purchase rejected by the 3rd request', async () => {
    const customer = await portal.newCustomer();
    const api = await apiAs(customer.username, customer.password);
    const { createPurchaseRequest } = await api.ok(CreateRequest, { input: requestInput({ shippingMethods: ['AIR'] }) });
    const id = createPurchaseRequest.id;
    await sourceAndQuote(id, ['AIR']);
    for (let i = 0; i < 2; i++) {
      await api.ok(RequestModification, { id, note: `Cambio número ${i + 1}` });
      await quote(id, ['AIR']);
    }
    const page = await signedIn(customer);
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
    const api = await apiAs(customer.username, customer.password);
    for (let i = 0; i < 5; i++) await api.ok(CreateRequest, { input: requestInput() });
    const page = await signedIn(customer);
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
    const api = await apiAs(customer.username, customer.password);
    const { createPurchaseRequest } = await api.ok(CreateRequest, { input: requestInput({ shippingMethods: ['SEA'] }) });
    await sourceAndQuote(createPurchaseRequest.id, ['SEA']);
    const page = await signedIn(customer);
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
    const { createPurchaseRequest } = await (await apiAs(owner.username, owner.password)).ok(CreateRequest, { input: requestInput() });
    const page = await signedIn(other);
    const response = await page.goto(`/quotes/${createPurchaseRequest.id}`);
    expect(response!.status()).toBe(404);
    await page.getByRole('heading', { name: 'Página no encontrada' }).waitFor();
    expect(await page.getByText('Licuadora').count()).toBe(0);
    expect((await page.goto('/quotes/not-a-uuid'))!.status()).toBe(404);
  });
});
