import { TINY_PNG } from '../helpers/images';
import { markPage, StaffFlow, stillMarked, watchLive } from '../helpers/staff-flow';
import { randomPhone, requestSignUpCode, startTestPortal, type TestPortal, WALKTHROUGH_TIMEOUT_MS } from '../helpers/test-portal';

/**
 * The whole customer journey of DESIGN in one browser, against `npm start`: a new customer signs up, asks
 * for a quote with a photo, asks for a change, accepts the new quote, reports a payment with its proof and
 * follows the order live to delivery and the survey. Staff steps go through the API as the demo agents
 * while the customer's page stays open; the other portal specs cover each page's details and screenshots.
 */
describe('customer portal: the whole journey', () => {
  let portal: TestPortal;
  beforeAll(async () => (portal = await startTestPortal()));
  afterAll(() => portal?.stop());
  const flow = new StaffFlow(() => portal);

  it('takes a new customer from sign-up through a quote, a modification, acceptance, a payment validated live and tracking seen live to delivery and the survey', async () => {
    const { page } = await portal.newPage();
    const live = watchLive(page);

    // Sign-up with the WhatsApp code read from the outbox.
    const phone = randomPhone();
    const username = `viaje_${phone.slice(-7)}`;
    await page.goto('/sign-up');
    await requestSignUpCode(page, { fullName: 'Marta Rivas', username, phone, email: `${username}@example.com`, password: 'clave-segura-1' });
    await page.getByRole('textbox', { name: 'Código de 6 dígitos' }).fill(await portal.lastCode(phone));
    await page.getByRole('button', { name: 'Verificar y entrar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hola, Marta Rivas' }).waitFor();

    // A quote request with a photo.
    await page.getByRole('navigation').getByRole('link', { name: 'Mis solicitudes' }).click();
    await page.getByRole('link', { name: 'Nueva solicitud' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nueva solicitud de cotización' }).waitFor();
    await page.getByRole('textbox', { name: 'Descripción' }).fill('Olla de presión de 6 litros, acero inoxidable');
    await page.getByLabel('Elegir fotos').setInputFiles({ name: 'olla.png', mimeType: 'image/png', buffer: TINY_PNG });
    await page.getByText('Foto «olla.png» lista').waitFor();
    await page.getByRole('spinbutton', { name: 'Cantidad' }).fill('2');
    const quoteLive = live.subscribed('PortalQuoteLive');
    await page.getByRole('button', { name: 'Pedir cotización' }).click();
    await page.getByRole('heading', { level: 1, name: /^Solicitud SC-/ }).waitFor();
    expect(await page.getByText('1 foto(s)').isVisible()).toBe(true);
    const requestId = new URL(page.url()).pathname.split('/').pop()!;
    await quoteLive;

    // Staff source and quote while the request is open: the quote appears without reload.
    await markPage(page);
    await flow.sourceAndQuote(requestId);
    await page.getByRole('heading', { name: 'Tu cotización' }).waitFor();
    await page.getByText('Quedan 2 de 2 modificaciones.').waitFor();

    // A modification, and the new quote staff send for it.
    await page.getByRole('textbox', { name: '¿Qué quieres cambiar?' }).fill('¿Pueden cotizarla en acero de mayor calibre?');
    await page.getByRole('button', { name: 'Pedir cambio' }).click();
    await page.getByRole('status').filter({ hasText: 'Pediste un cambio; te enviaremos una nueva cotización.' }).waitFor();
    await flow.quote(requestId);
    await page.getByText('Quedan 1 de 2 modificaciones.').waitFor();
    expect(await stillMarked(page)).toBe(true);

    // Acceptance opens the order.
    const orderLive = live.subscribed('PortalOrderLive');
    await page.getByRole('button', { name: 'Aceptar Aéreo' }).click();
    await page.getByRole('link', { name: /^Ver la orden PO-/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Orden PO-\d{4}-\d+$/ }).waitFor();
    const orderId = new URL(page.url()).pathname.split('/').pop()!;
    await orderLive;

    // A payment of what is left, in bolívares, with its proof.
    const outstanding = await page.getByRole('row', { name: /^Por pagar/ }).getByRole('cell').nth(1).textContent();
    await page.getByRole('radio', { name: 'Pago Móvil (bolívares)' }).check();
    await page.getByRole('textbox', { name: 'Monto pagado en bolívares (Bs.)' }).fill(outstanding!.replace(/[^\d,]/g, ''));
    await page.getByRole('textbox', { name: 'Referencia de la operación' }).fill('PM-102030');
    await page.getByLabel('Elegir fotos').setInputFiles({ name: 'comprobante.png', mimeType: 'image/png', buffer: TINY_PNG });
    await page.getByText('Foto «comprobante.png» lista').waitFor();
    await page.getByRole('button', { name: 'Reportar pago' }).click();
    await page.getByRole('status').filter({ hasText: 'Recibimos tu pago; te avisaremos cuando lo validemos.' }).waitFor();

    // The validator validates it: the open order page shows it, no reload.
    await markPage(page);
    const [payment] = await portal.sql<{ id: string }>(`SELECT id FROM payment WHERE order_id = $1`, [orderId]);
    await flow.validatePayment(payment!.id);
    await page.getByText('Aprobado', { exact: true }).waitFor();
    await page.getByText('La orden está pagada. ¡Gracias!').waitFor();
    expect(await stillMarked(page)).toBe(true);

    // Purchase, package and box, and a tracking event recorded by staff: on the open page.
    await flow.purchase(orderId);
    const { box } = await flow.packageInBox(orderId);
    await flow.record({ boxId: box.id }, 'AT_CHINA_WAREHOUSE');
    const current = page.locator('li[aria-current="step"]');
    await current.filter({ hasText: 'En el almacén de China' }).filter({ hasText: 'Almacén Guangzhou' }).waitFor();
    await page.getByText(`Caja ${box.number}`).waitFor();
    expect(await stillMarked(page)).toBe(true);

    // The remaining phases through delivery, then the survey and its thanks.
    await flow.recordAfter({ boxId: box.id }, 'AT_CHINA_WAREHOUSE');
    await current.filter({ hasText: 'Entregado' }).filter({ hasText: 'Chacao, Caracas' }).waitFor();
    await page.getByRole('heading', { name: 'Cuéntanos cómo te fue' }).waitFor();
    expect(await stillMarked(page)).toBe(true);
    for (const group of ['Satisfacción general', 'Tiempo de respuesta', 'Calidad', 'Precio', 'Atención', '¿Qué tan probable es que nos recomiendes a un amigo o familiar?']) {
      await page.getByRole('group', { name: group }).getByRole('radio', { name: '9', exact: true }).check();
    }
    await page.getByRole('button', { name: 'Enviar encuesta' }).click();
    await page.getByRole('status').filter({ hasText: '¡Gracias por responder la encuesta!' }).waitFor();
    const [survey] = await portal.sql<{ recommend_score: number }>(`SELECT recommend_score FROM survey WHERE order_id = $1`, [orderId]);
    expect(survey).toEqual({ recommend_score: 9 });
  }, WALKTHROUGH_TIMEOUT_MS);
});
