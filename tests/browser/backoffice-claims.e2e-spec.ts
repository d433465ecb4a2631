import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { graphql } from '../graphql/generated';
import { openRequest, staffPageAs } from '../helpers/backoffice-steps';
import type { GqlClient } from '../helpers/client';
import { apiAs, CreateRequest, customerApi, requestInput, staff, StaffFlow, StartSourcing, SubmitPayment, SubmitSourcing, uploadAs } from '../helpers/staff-flow';
import { checkPage, startTestPortal, type TestPortal } from '../helpers/test-portal';

/**
 * Claims in the back-office (issue 7): two China agents open the same request; the first takes it, the
 * second is told in plain words who holds it and cannot send the sourcing form, and sees the holder in the
 * queue live; once the first lets it go, the second takes it. The same on the Venezuela pricing screen (two
 * Venezuela agents) and on the payment page (two validators, where a supervisor reassigns the payment).
 */

const SECOND_AGENT = { username: 'china2', displayName: 'Chen Jing', password: 'clave-segura-2' };
const SECOND_PRICER = { username: 'venezuela2', displayName: 'Rosa Mejías', password: 'clave-segura-3' };
const SECOND_VALIDATOR = { username: 'pagos2', displayName: 'Pedro Salas', password: 'clave-segura-4' };

const SendQuote = graphql(`
  mutation ClaimsTestSendQuote($id: ID!, $input: SendQuoteInput!) { sendQuote(requestId: $id, input: $input) { id } }
`);
const Validate = graphql(`
  mutation ClaimsTestValidate($id: ID!) { validatePayment(paymentId: $id) { id } }
`);
const Assign = graphql(`
  mutation ClaimsTestAssign($id: ID!, $userId: ID!) { assignWork(subject: { type: PAYMENT, id: $id }, userId: $userId) { heldBy { displayName } } }
`);
const CreateStaffUser = graphql(`
  mutation ClaimsTestCreateStaffUser($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id } }
`);

describe('back-office: two agents and one work item', () => {
  let portal: TestPortal;
  let customerClient: GqlClient;
  let secondValidatorId: string;
  const flow = new StaffFlow(() => portal);

  beforeAll(async () => {
    portal = await startTestPortal();
    customerClient = await customerApi(portal, await portal.newCustomer());
    const master = await staff(portal, 'MASTER');
    await master.ok(CreateStaffUser, { input: { ...SECOND_AGENT, roles: ['CHINA_AGENT'] } });
    await master.ok(CreateStaffUser, { input: { ...SECOND_PRICER, roles: ['VENEZUELA_AGENT'] } });
    const created = await master.ok(CreateStaffUser, { input: { ...SECOND_VALIDATOR, roles: ['PAYMENT_VALIDATOR'] } });
    secondValidatorId = created.createStaffUser.id;
  });
  afterAll(() => portal?.stop());


  it('tells the second agent who holds the request, keeps them from sending it, and lets them take it once released', async () => {
    const { createPurchaseRequest: request } = await customerClient.ok(CreateRequest, {
      input: requestInput({ productUrl: 'https://example.com/producto/reloj', description: 'Reloj de pared', quantity: 1, shippingMethods: ['AIR'] }),
    });
    const first = await staffPageAs(portal, 'china', DEMO_PASSWORD);
    const second = await staffPageAs(portal, SECOND_AGENT.username, SECOND_AGENT.password);

    // The second agent keeps the queue open: the holder appears on the row without a reload.
    const row = second.getByRole('listitem').filter({ has: second.getByRole('link', { name: request.number }) });
    await row.getByText('Libre').waitFor();
    await openRequest(first, request.number);
    await first.getByRole('button', { name: 'Tomar la solicitud' }).click();
    await first.getByText('La tomaste tú hace').waitFor();
    await row.getByText(/Tomada por Li Wei \(China\) hace/).waitFor();

    await openRequest(second, request.number);
    await second.getByText(/Li Wei \(China\) está trabajando en esto: la tomó hace/).waitFor();
    await second.getByText('No puedes enviar cambios mientras la tenga Li Wei (China).', { exact: false }).waitFor();
    expect(await second.getByRole('button', { name: 'Enviar a precios' }).isDisabled()).toBe(true);
    expect(await second.getByLabel('Peso real (kg)').isDisabled()).toBe(true);
    expect(await second.getByRole('button', { name: 'Tomar la solicitud' }).count()).toBe(0);
    await checkPage(second, 'backoffice-claims-held-by-other');

    // The API refuses the second agent too, whatever the page shows.
    const secondApi = await apiAs(portal, SECOND_AGENT.username, SECOND_AGENT.password);
    expect(await secondApi.errorCode(`mutation ($id: ID!) { startSourcing(requestId: $id) { id } }`, { id: request.id })).toBe('ALREADY_CLAIMED');

    // The first agent lets it go: the second agent's page follows live and offers to take it.
    await first.getByRole('button', { name: 'Soltar' }).click();
    await first.getByRole('button', { name: 'Tomar la solicitud' }).waitFor();
    await second.getByRole('button', { name: 'Tomar la solicitud' }).click();
    await second.getByText('La tomaste tú hace').waitFor();
    expect(await second.getByRole('button', { name: 'Enviar a precios' }).isDisabled()).toBe(false);
    await first.getByText(/Chen Jing está trabajando en esto: la tomó hace/).waitFor();
  });

  it('tells the second Venezuela agent who holds the request on the pricing screen, keeps the quote form disabled, and lets them take it once released', async () => {
    const { createPurchaseRequest: request } = await customerClient.ok(CreateRequest, {
      input: requestInput({ description: 'Cafetera italiana', quantity: 2, shippingMethods: ['AIR'] }),
    });
    const china = await flow.as('CHINA_AGENT');
    await china.ok(StartSourcing, { id: request.id });
    await china.ok(SubmitSourcing, {
      id: request.id,
      input: { supplierUnitPriceMinor: 1800, chinaShippingMinor: 500, lengthCm: 30, widthCm: 20, heightCm: 20, weightKg: '1.5', supplierDispatchDays: 2 },
    });
    const path = `/backoffice/venezuela/requests/${request.id}`;
    const heading = `Precio de la solicitud ${request.number}`;
    const first = await staffPageAs(portal, 'venezuela', DEMO_PASSWORD);
    const second = await staffPageAs(portal, SECOND_PRICER.username, SECOND_PRICER.password);
    for (const page of [first, second]) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByRole('button', { name: 'Enviar cotización' }).waitFor();
    }

    await first.getByRole('button', { name: 'Tomar la solicitud' }).click();
    await first.getByText('La tomaste tú hace').waitFor();
    // The second agent's open page follows live.
    await second.getByText(/Carlos Pérez \(Venezuela\) está trabajando en esto: la tomó hace/).waitFor();
    await second.getByText('No puedes enviar cambios mientras la tenga Carlos Pérez (Venezuela).', { exact: false }).waitFor();
    expect(await second.getByRole('button', { name: 'Enviar cotización' }).isDisabled()).toBe(true);
    expect(await second.getByRole('button', { name: 'Enviar y preparar WhatsApp' }).isDisabled()).toBe(true);
    expect(await second.getByLabel(/^Entrega estimada/).isDisabled()).toBe(true);
    expect(await second.getByRole('button', { name: 'Tomar la solicitud' }).count()).toBe(0);
    expect(await first.getByRole('button', { name: 'Enviar cotización' }).isDisabled()).toBe(false);
    await checkPage(second, 'backoffice-claims-pricing-held-by-other');

    const secondApi = await apiAs(portal, SECOND_PRICER.username, SECOND_PRICER.password);
    const estimatedDeliveryAt = new Date(Date.now() + 20 * 86_400_000).toISOString();
    expect(await secondApi.errorCode(SendQuote, { id: request.id, input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt }] } })).toBe('ALREADY_CLAIMED');

    await first.getByRole('button', { name: 'Soltar' }).click();
    await second.getByRole('button', { name: 'Tomar la solicitud' }).click();
    await second.getByText('La tomaste tú hace').waitFor();
    expect(await second.getByRole('button', { name: 'Enviar cotización' }).isDisabled()).toBe(false);
    await first.getByText(/Rosa Mejías está trabajando en esto: la tomó hace/).waitFor();
    expect(await first.getByRole('button', { name: 'Enviar cotización' }).isDisabled()).toBe(true);
  });

  it('tells the second validator who holds the payment, keeps approve and reject disabled, and follows a supervisor reassigning it', async () => {
    const order = await flow.acceptedOrder(customerClient);
    const { submitPayment: payment } = await customerClient.ok(SubmitPayment, {
      input: { orderId: order.orderId, method: 'ZELLE', amountMinor: order.usdPayableMinor, reference: 'ZL-5150', proofUploadId: await uploadAs(portal, customerClient) },
    });
    const path = `/backoffice/payments/payment/${payment.id}`;
    const heading = `Pago ZL-5150 · orden ${order.number}`;
    const first = await staffPageAs(portal, 'pagos', DEMO_PASSWORD);
    const second = await staffPageAs(portal, SECOND_VALIDATOR.username, SECOND_VALIDATOR.password);
    for (const page of [first, second]) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    }

    await first.getByRole('button', { name: 'Tomar el pago' }).click();
    await first.getByText('La tomaste tú hace').waitFor();
    await second.getByText(/Ana Rodríguez \(Pagos\) está trabajando en esto: la tomó hace/).waitFor();
    expect(await second.getByRole('button', { name: 'Aprobar el pago' }).isDisabled()).toBe(true);
    expect(await second.getByRole('button', { name: 'Rechazar el pago' }).isDisabled()).toBe(true);
    expect(await second.getByLabel('Motivo del rechazo (lo verá el cliente)').isDisabled()).toBe(true);
    expect(await second.getByRole('button', { name: 'Tomar el pago' }).count()).toBe(0);
    await checkPage(second, 'backoffice-claims-payment-held-by-other');

    const secondApi = await apiAs(portal, SECOND_VALIDATOR.username, SECOND_VALIDATOR.password);
    expect(await secondApi.errorCode(Validate, { id: payment.id })).toBe('ALREADY_CLAIMED');

    // A supervisor (work:assign) gives the payment to the second validator: both open pages follow.
    const supervisor = await staff(portal, 'SUPERVISOR');
    expect((await supervisor.ok(Assign, { id: payment.id, userId: secondValidatorId })).assignWork.heldBy.displayName).toBe(SECOND_VALIDATOR.displayName);
    await second.getByText('La tomaste tú hace').waitFor();
    expect(await second.getByRole('button', { name: 'Aprobar el pago' }).isDisabled()).toBe(false);
    await first.getByText(/Pedro Salas está trabajando en esto: la tomó hace/).waitFor();
    expect(await first.getByRole('button', { name: 'Aprobar el pago' }).isDisabled()).toBe(true);
    await second.getByRole('button', { name: 'Aprobar el pago' }).click();
    await second.getByRole('heading', { level: 1, name: 'Pagos por validar' }).waitFor();
  });
});
