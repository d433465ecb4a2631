import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { graphql } from '../graphql/generated';
import { approvePayment, openPayment, openSection, registerSupplierPayment, staffPage, status, supplierPaymentForm } from '../helpers/backoffice-steps';
import type { GqlClient } from '../helpers/client';
import { customerApi, signedIn, staff, staffLogin, StaffFlow, SubmitPayment, uploadAs, ValidatePayment } from '../helpers/staff-flow';
import { checkPage, signInToBackoffice, startTestPortal, type PortalCustomer, type TestPortal } from '../helpers/test-portal';

/**
 * The payment validator's back-office workspace in Debian's chromium against `npm start`: a customer's payment
 * arriving live in the open queue, validated beside its proof and amounts (the customer's order becomes paid,
 * seen through the API and on the portal's live order page), a second payment rejected with a reason, a
 * supplier payment registered, the consistency view, and a China agent kept out.
 */

const CustomerOrder = graphql(`
  query BackofficePaymentsCustomerOrder($id: ID!) { order(id: $id) { state outstandingUsdMinor payments { reference state rejectionReason } } }
`);
const OrderSupplierPayment = graphql(`
  query BackofficePaymentsSupplierPayment($id: ID!) { order(id: $id) { supplierPayment { currency amountMinor reference } } }
`);

describe('back-office: the payment validator workspace', () => {
  let portal: TestPortal;
  let customer: PortalCustomer;
  let buyer: GqlClient;
  const flow = new StaffFlow(() => portal);

  beforeAll(async () => {
    portal = await startTestPortal();
    customer = await portal.newCustomer();
    buyer = await customerApi(portal, customer);
  });
  afterAll(() => portal?.stop());

  const queueHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Pagos por validar' });

  it('shows a payment the customer reports in the open queue, and approving it beside its proof and amounts pays the order', async () => {
    const order = await flow.acceptedOrder(buyer);
    const portalPage = await signedIn(portal, customer);
    await portalPage.goto(`/orders/${order.orderId}`);

    const { page } = await portal.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    const subscribed = page.waitForEvent('websocket').then((ws) => ws.waitForEvent('framesent', { predicate: (f) => String(f.payload).includes('"operationName":"PaymentsQueueUpdated"') }));
    await page.goto('/backoffice/');
    await signInToBackoffice(page, staffLogin('PAYMENT_VALIDATOR'), DEMO_PASSWORD);
    await queueHeading(page).waitFor();
    expect(page.url()).toBe(`${portal.url}/backoffice/payments`);
    await page.getByText(/pagos ·/).waitFor();
    await subscribed;

    const reference = `ZL-${order.number.slice(-6)}`;
    await buyer.ok(SubmitPayment, { input: { orderId: order.orderId, method: 'ZELLE', amountMinor: order.usdPayableMinor, reference, proofUploadId: await uploadAs(portal, buyer) } });
    const link = page.getByRole('link', { name: `Abrir el pago ${reference} de la orden ${order.number}` });
    await link.waitFor();
    await checkPage(page, 'backoffice-payments-queue');

    await openPayment(page, reference, order.number);
    const proof = page.getByRole('img', { name: `Comprobante del pago ${reference}` });
    await proof.waitFor();
    // Loaded through the staff session cookie: the browser decoded the image.
    await proof.evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
    expect(await proof.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await page.getByRole('row', { name: /^Total/ }).waitFor();
    await page.getByText(`La orden ${order.number} queda pagada por completo.`).waitFor();
    expect(await page.getByText(/Tasa congelada al cotizar/).textContent()).toContain('Bs. por dólar');
    await checkPage(page, 'backoffice-payments-validate');

    await approvePayment(page, reference, order.number);
    await queueHeading(page).waitFor();
    await link.waitFor({ state: 'detached' });

    const { order: paid } = await buyer.ok(CustomerOrder, { id: order.orderId });
    expect(paid.state).toBe('PAID');
    expect(paid.payments).toEqual([{ reference, state: 'VALIDATED', rejectionReason: null }]);
    // The portal's order page, open all along, follows live.
    await portalPage.getByText('Pagada').first().waitFor();
  });

  it('shows what a partial payment leaves owing and rejects a payment with the reason the customer reads', async () => {
    const order = await flow.acceptedOrder(buyer);
    const reference = `PM-${order.number.slice(-6)}`;
    const { submitPayment } = await buyer.ok(SubmitPayment, { input: { orderId: order.orderId, method: 'ZELLE', amountMinor: 1_000, reference } });
    const page = await staffPage(portal, 'PAYMENT_VALIDATOR');
    await page.getByRole('searchbox', { name: 'Buscar por referencia, número de orden o cliente' }).fill(reference);
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await openPayment(page, reference, order.number);
    await page.getByText(/^Pago parcial: la orden seguirá debiendo/).waitFor();
    await page.getByText('El cliente no adjuntó comprobante.', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'Rechazar el pago' }).click();
    await page.getByText('Escribe un motivo de 3 a 500 caracteres.').waitFor();
    expect(await page.getByLabel('Motivo del rechazo (lo verá el cliente)').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'backoffice-payments-reject');
    await page.getByLabel('Motivo del rechazo (lo verá el cliente)').fill('La referencia no aparece en el banco');
    await page.getByRole('button', { name: 'Rechazar el pago' }).click();
    await status(page, `Rechazaste el pago ${reference} de la orden ${order.number}.`).waitFor();

    const { order: after } = await buyer.ok(CustomerOrder, { id: order.orderId });
    expect(after.state).toBe('PENDING_PAYMENT');
    expect(after.payments).toEqual([{ reference, state: 'REJECTED', rejectionReason: 'La referencia no aparece en el banco' }]);
    // Deciding it again is refused in plain words.
    expect(await (await staff(portal, 'PAYMENT_VALIDATOR')).errorCode(ValidatePayment, { id: submitPayment.id })).toBe('PAYMENT_ALREADY_DECIDED');
  });

  it('registers the supplier payment of a paid order, refusing an empty form first, and shows the consistency view', async () => {
    const order = await flow.paidOrder(buyer);
    const page = await staffPage(portal, 'PAYMENT_VALIDATOR');
    await openSection(page, 'Secciones de pagos', 'Pagos al proveedor');
    const form = await supplierPaymentForm(page, order.number);
    await form.getByRole('button', { name: 'Registrar el pago' }).click();
    expect(await form.getByLabel('Monto enviado').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Monto enviado').fill('0');
    await form.getByRole('button', { name: 'Registrar el pago' }).click();
    await form.getByText('Escribe un monto mayor que cero', { exact: false }).waitFor();
    await checkPage(page, 'backoffice-payments-supplier');
    await registerSupplierPayment(page, order.number, { currency: 'CNY', amount: '1234,50', reference: 'ALIPAY-2026-77' });
    const { order: stored } = await (await staff(portal, 'PAYMENT_VALIDATOR')).ok(OrderSupplierPayment, { id: order.orderId });
    expect(stored.supplierPayment).toEqual({ currency: 'CNY', amountMinor: 123_450, reference: 'ALIPAY-2026-77' });

    // The order paid moments ago is not stalled yet: back-date its last change and ask for 2 days.
    await portal.sql(`UPDATE purchase_order SET state_changed_at = now() - interval '5 days' WHERE id = $1`, [order.orderId]);
    await openSection(page, 'Secciones de pagos', 'Consistencia');
    await page.getByLabel('Días sin cambios').fill('2');
    await page.getByRole('button', { name: 'Aplicar' }).click();
    await page.getByRole('heading', { level: 2, name: 'Órdenes pagadas o compradas sin cambios en 2 días' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: order.number }) });
    await row.getByText('Confirmación del pago en China').waitFor();
    await checkPage(page, 'backoffice-payments-consistency');
  });

  it('shows a China agent no payments workspace, and the API refuses them validating a payment', async () => {
    const order = await flow.acceptedOrder(buyer);
    const { submitPayment } = await buyer.ok(SubmitPayment, { input: { orderId: order.orderId, method: 'ZELLE', amountMinor: 1_000, reference: 'ZL-CHINA' } });
    const page = await staffPage(portal, 'CHINA_AGENT');
    await page.getByRole('heading', { level: 1, name: 'Cola de China: solicitudes por cotizar' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Espacios de trabajo' }).getByRole('link', { name: 'Pagos' }).count()).toBe(0);
    await page.goto('/backoffice/payments');
    await page.getByRole('heading', { level: 1, name: 'Página no disponible' }).waitFor();
    expect(await (await staff(portal, 'CHINA_AGENT')).errorCode(ValidatePayment, { id: submitPayment.id })).toBe('FORBIDDEN');
  });
});
