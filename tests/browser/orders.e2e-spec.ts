import type { Page } from 'playwright-core';
import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
import { TINY_PNG } from '../helpers/images';
import { customerApi, markPage, signedIn, StaffFlow, stillMarked } from '../helpers/staff-flow';
import { checkPage, startTestPortal, type PortalCustomer, type TestPortal, WALKTHROUGH_TIMEOUT_MS } from '../helpers/test-portal';

/**
 * The customer portal's order pages in Debian's chromium against `npm start`: an accepted quote's order,
 * a payment reported with its proof and validated live, the purchase, packages and every tracking phase
 * appearing on the open page, delivery and the survey; the refusals (over the balance, after the deadline),
 * a rejection with its reason, and another customer's order by URL. Staff steps go through the API as the
 * demo China, Venezuela and payment-validator agents.
 */

const OrderDue = graphql(`
  query OrdersTestOrderDue($id: ID!) { order(id: $id) { outstandingVesMinor payments { id state } } }
`);
const RejectPayment = graphql(`
  mutation OrdersTestRejectPayment($id: ID!, $reason: String!) { rejectPayment(paymentId: $id, reason: $reason) { state } }
`);

/** "4361,75": minor units as the customer types them in the amount field. */
const typed = (minor: number) => `${Math.floor(minor / 100)},${String(minor % 100).padStart(2, '0')}`;

describe('customer portal: orders, payments, tracking and survey', () => {
  let portal: TestPortal;
  beforeAll(async () => (portal = await startTestPortal()));
  afterAll(() => portal?.stop());
  const flow = new StaffFlow(() => portal);

  /** An order of `customer`, accepted through the API, and the customer's API client. */
  async function orderOf(customer: PortalCustomer): Promise<{ orderId: string; number: string; api: GqlClient }> {
    const api = await customerApi(portal, customer);
    return { ...(await flow.acceptedOrder(api)), api };
  }

  /** Whether the image named `alt` loads (the API served it to the signed-in customer); scrolled to, as it loads lazily. */
  async function imageLoaded(page: Page, alt: string): Promise<boolean> {
    const image = page.getByRole('img', { name: alt });
    await image.scrollIntoViewIfNeeded();
    type Img = { complete: boolean; naturalWidth: number; addEventListener(type: string, listener: () => void): void };
    return image.evaluate(
      (img: Img) => (img.complete ? img.naturalWidth > 0 : new Promise<boolean>((resolve) => { img.addEventListener('load', () => resolve(true)); img.addEventListener('error', () => resolve(false)); })),
    );
  }

  it('takes an accepted quote through a payment with proof validated live, tracking events seen live, delivery and the survey', async () => {
    const customer = await portal.newCustomer();
    const api = await customerApi(portal, customer);
    const { requestId } = await flow.quotedRequest(api);
    const page = await signedIn(portal, customer);
    await page.getByRole('navigation').getByRole('link', { name: 'Mis órdenes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mis órdenes' }).waitFor();
    await page.getByText('Aún no tienes órdenes. Cuando aceptes una cotización, tu orden aparecerá aquí.').waitFor();
    await checkPage(page, 'orders-empty');

    await page.goto(`/quotes/${requestId}`);
    await page.getByRole('button', { name: 'Aceptar Aéreo' }).click();
    await page.getByRole('link', { name: /^Ver la orden PO-/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Orden PO-\d{4}-\d+$/ }).waitFor();
    const orderId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText('Esperando tu pago', { exact: true }).waitFor();
    await page.getByText('Tasa fija de tu cotización: 36,5 Bs. por dólar.').waitFor();
    await page.getByText(/^Tiempo para pagar: (\d+ días? )?\d+ h \d+ min \d+ s$/).waitFor();
    await page.getByText('Aún no has reportado pagos.').waitFor();
    expect(await page.locator('li[aria-current="step"]').count()).toBe(0);
    await checkPage(page, 'order-pending-payment');

    // Checked in the browser before anything is sent.
    await page.getByRole('button', { name: 'Reportar pago' }).click();
    expect(await page.getByText('Este campo es obligatorio.').count()).toBe(2);
    const { order: due } = await api.ok(OrderDue, { id: orderId });
    await page.getByRole('radio', { name: 'Pago Móvil (bolívares)' }).check();
    await page.getByRole('textbox', { name: 'Monto pagado en bolívares (Bs.)' }).fill(typed(due.outstandingVesMinor));
    await page.getByRole('textbox', { name: 'Referencia de la operación' }).fill('PM-778899');
    await page.getByLabel('Elegir fotos').setInputFiles({ name: 'comprobante.png', mimeType: 'image/png', buffer: TINY_PNG });
    await page.getByText('Foto «comprobante.png» lista').waitFor();
    await checkPage(page, 'order-payment-form');
    await page.getByRole('button', { name: 'Reportar pago' }).click();
    await page.getByRole('status').filter({ hasText: 'Recibimos tu pago; te avisaremos cuando lo validemos.' }).waitFor();
    await page.getByText('Enviado: esperando validación').waitFor();
    expect(await imageLoaded(page, 'Ver comprobante del pago PM-778899')).toBe(true);
    await checkPage(page, 'order-payment-submitted');

    // The validator approves it while the page stays open: approved, paid, no reload.
    await markPage(page);
    const [payment] = (await api.ok(OrderDue, { id: orderId })).order.payments;
    await flow.validatePayment(payment!.id);
    await page.getByText('Aprobado', { exact: true }).waitFor();
    await page.getByText('La orden está pagada. ¡Gracias!').waitFor();
    expect(await page.getByRole('heading', { name: 'Reportar un pago' }).count()).toBe(0);
    expect(await stillMarked(page)).toBe(true);
    await checkPage(page, 'order-paid');

    // Purchase, a package in a box, and the first tracking event with a photo: on the open page.
    await flow.purchase(orderId);
    await page.locator('li[aria-current="step"]').filter({ hasText: 'Comprado al proveedor' }).waitFor();
    const { package: pkg, box } = await flow.packageInBox(orderId);
    await flow.record({ boxId: box.id }, 'AT_CHINA_WAREHOUSE', { photo: true });
    const current = page.locator('li[aria-current="step"]');
    await current.filter({ hasText: 'En el almacén de China' }).filter({ hasText: 'Almacén Guangzhou' }).waitFor();
    await page.getByText(`Paquete ${pkg.number}`).waitFor();
    await page.getByText(`Caja ${box.number}`).waitFor();
    expect(await imageLoaded(page, 'Foto 1: En el almacén de China')).toBe(true);
    expect(await page.locator('.timeline-pending').count()).toBe(5);
    expect(await stillMarked(page)).toBe(true);
    await checkPage(page, 'order-tracking');

    await flow.recordAfter({ boxId: box.id }, 'AT_CHINA_WAREHOUSE');
    await current.filter({ hasText: 'Entregado' }).filter({ hasText: 'Chacao, Caracas' }).waitFor();
    await page.getByText('En camino a tu dirección').first().waitFor();
    await page.getByRole('heading', { name: 'Cuéntanos cómo te fue' }).waitFor();
    expect(await stillMarked(page)).toBe(true);
    await checkPage(page, 'order-delivered-survey');

    // The survey: every score is required, checked in the browser; then the answer and the thanks.
    await page.getByRole('button', { name: 'Enviar encuesta' }).click();
    expect(await page.getByText('Elige un puntaje.').count()).toBe(6);
    const scores: [string, string][] = [
      ['Satisfacción general', '9'],
      ['Tiempo de respuesta', '8'],
      ['Calidad', '10'],
      ['Precio', '7'],
      ['Atención', '9'],
      ['¿Qué tan probable es que nos recomiendes a un amigo o familiar?', '10'],
    ];
    for (const [group, score] of scores) await page.getByRole('group', { name: group }).getByRole('radio', { name: score, exact: true }).check();
    await page.getByRole('textbox', { name: /Comentarios/ }).fill('Llegó rápido y bien empacado');
    await page.getByRole('button', { name: 'Enviar encuesta' }).click();
    await page.getByRole('status').filter({ hasText: '¡Gracias por responder la encuesta!' }).waitFor();
    expect(await page.getByRole('button', { name: 'Enviar encuesta' }).count()).toBe(0);
    const [survey] = await portal.sql<Record<string, unknown>>(
      `SELECT general_score, response_time_score, quality_score, price_score, attention_score, recommend_score, nps_category, comments FROM survey WHERE order_id = $1`,
      [orderId],
    );
    expect(survey).toEqual({
      general_score: 9, response_time_score: 8, quality_score: 10, price_score: 7, attention_score: 9, recommend_score: 10, nps_category: 'PROMOTER', comments: 'Llegó rápido y bien empacado',
    });
    await checkPage(page, 'order-survey-thanks');

    await page.getByRole('navigation').getByRole('link', { name: 'Mis órdenes' }).click();
    await page.getByRole('link', { name: /Licuadora de 1,5 litros/ }).waitFor();
    await page.getByText('Entregada', { exact: true }).waitFor();
    await checkPage(page, 'orders-list');
  }, WALKTHROUGH_TIMEOUT_MS);

  it('refuses a payment over the outstanding balance beside the amount, and shows a rejected payment with its reason live', async () => {
    const customer = await portal.newCustomer();
    const { orderId } = await orderOf(customer);
    const page = await signedIn(portal, customer);
    await page.goto(`/orders/${orderId}`);
    await page.getByRole('radio', { name: 'Zelle (dólares)' }).check();
    await page.getByRole('textbox', { name: 'Monto pagado en dólares (US$)' }).fill('99999');
    await page.getByRole('textbox', { name: 'Referencia de la operación' }).fill('ZL-1');
    await page.getByRole('button', { name: 'Reportar pago' }).click();
    await page.getByText('El monto supera lo que falta por pagar, contando los pagos que aún esperan validación.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Monto pagado en dólares (US$)' }).getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'order-payment-over-balance');

    await page.getByRole('textbox', { name: 'Monto pagado en dólares (US$)' }).fill('10');
    await page.getByRole('button', { name: 'Reportar pago' }).click();
    await page.getByText('Enviado: esperando validación').waitFor();
    const [row] = await portal.sql<{ id: string }>(`SELECT id FROM payment WHERE order_id = $1`, [orderId]);
    await markPage(page);
    await (await flow.as('PAYMENT_VALIDATOR')).ok(RejectPayment, { id: row!.id, reason: 'La referencia no aparece en la cuenta' });
    await page.getByText('Rechazado', { exact: true }).waitFor();
    await page.getByText('Motivo del rechazo: La referencia no aparece en la cuenta').waitFor();
    expect(await stillMarked(page)).toBe(true);
    await checkPage(page, 'order-payment-rejected');
  });

  it('refuses a payment after the payment deadline with a plain message next to the form', async () => {
    const customer = await portal.newCustomer();
    const { orderId } = await orderOf(customer);
    const page = await signedIn(portal, customer);
    // The deadline passes (the cancellation sweep has not run yet, so the order still waits for payment).
    await portal.sql(`UPDATE purchase_order SET payment_deadline = now() - interval '1 minute' WHERE id = $1`, [orderId]);
    await page.goto(`/orders/${orderId}`);
    await page.getByText('El plazo para pagar terminó.').waitFor();
    await page.getByRole('textbox', { name: 'Monto pagado en bolívares (Bs.)' }).fill('100,00');
    await page.getByRole('textbox', { name: 'Referencia de la operación' }).fill('PM-TARDE');
    await page.getByRole('button', { name: 'Reportar pago' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'El plazo para pagar esta orden venció: ya no se pueden reportar pagos. Si ya pagaste, escríbenos por WhatsApp.' })
      .waitFor();
    expect(await portal.sql(`SELECT 1 FROM payment WHERE order_id = $1`, [orderId])).toEqual([]);
    await checkPage(page, 'order-payment-deadline-passed');
  });

  it('answers another customer’s order by URL with the portal’s 404 page', async () => {
    const [owner, other] = await Promise.all([portal.newCustomer(), portal.newCustomer()]);
    const { orderId, number } = await orderOf(owner);
    const page = await signedIn(portal, other);
    const response = await page.goto(`/orders/${orderId}`);
    expect(response!.status()).toBe(404);
    await page.getByRole('heading', { name: 'Página no encontrada' }).waitFor();
    expect(await page.getByText(number).count()).toBe(0);
    expect(await page.getByText('Licuadora').count()).toBe(0);
    await checkPage(page, 'order-not-found');
    expect((await page.goto('/orders/not-a-uuid'))!.status()).toBe(404);
  });
});
