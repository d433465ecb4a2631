import { postOk } from '../shared/graphql-http';
import { DEMO_PASSWORD } from './demo';

const SIGN_IN = `mutation DemoSignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }`;
const CREATE_REQUEST = `mutation DemoCreateRequest($input: CreatePurchaseRequestInput!) { createPurchaseRequest(input: $input) { id } }`;
const START_SOURCING = `mutation DemoStartSourcing($id: ID!) { startSourcing(requestId: $id) { state } }`;
const SUBMIT_SOURCING = `mutation DemoSubmitSourcing($id: ID!, $input: SubmitSourcingInput!) { submitSourcing(requestId: $id, input: $input) { state } }`;
const SEND_QUOTE = `mutation DemoSendQuote($id: ID!, $input: SendQuoteInput!) { sendQuote(requestId: $id, input: $input) { options { id shippingMethod } } }`;
const ACCEPT = `mutation DemoAccept($optionId: ID!) { acceptQuoteOption(optionId: $optionId) { id outstandingVesMinor } }`;
const SUBMIT_PAYMENT = `mutation DemoSubmitPayment($input: SubmitPaymentInput!) { submitPayment(input: $input) { id } }`;
const VALIDATE_PAYMENT = `mutation DemoValidatePayment($id: ID!) { validatePayment(paymentId: $id) { state } }`;
const REGISTER_SUPPLIER_PAYMENT = `mutation DemoSupplierPayment($input: RegisterSupplierPaymentInput!) { registerSupplierPayment(input: $input) { id } }`;
const CONFIRM_SUPPLIER_PAYMENT = `mutation DemoConfirmSupplierPayment($orderId: ID!) { confirmSupplierPayment(orderId: $orderId) { confirmedAt } }`;
const REGISTER_PACKAGE = `mutation DemoRegisterPackage($input: RegisterPackageInput!) { registerPackage(input: $input) { id } }`;
const CREATE_BOX = `mutation DemoCreateBox($input: CreateBoxInput!) { createBox(input: $input) { id } }`;
const RECORD_TRACKING = `mutation DemoRecordTracking($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { phase } }`;

const DAY_MS = 86_400_000;

/**
 * The demo's story, played once right after the demo data through the running API's GraphQL, as staff and
 * customers would (so every rule, event and notification is the real one): María has a quote waiting for her
 * answer and an order on its way (paid, bought, boxed, left China); José's new request waits in the China
 * queue. Throws on any refusal: the demo data would be wrong.
 */
export async function playDemoStory(graphqlUrl: string): Promise<void> {
  const signIn = async (login: string) =>
    (await postOk<{ signIn: { accessToken: string } }>(graphqlUrl, SIGN_IN, { input: { login, password: DEMO_PASSWORD } })).signIn.accessToken;
  const [maria, jose, china, venezuela, payments] = await Promise.all(['maria', 'jose', 'china', 'venezuela', 'pagos'].map(signIn));
  const as = (token: string) => <T>(query: string, variables: Record<string, unknown>) => postOk<T>(graphqlUrl, query, variables, token);

  const request = async (token: string, description: string, shippingMethods: string[]) =>
    (
      await as(token)<{ createPurchaseRequest: { id: string } }>(CREATE_REQUEST, {
        input: { productUrl: 'https://example.com/producto/demo', description, quantity: 2, purchaseType: 'RETAIL', shippingMethods, nationalDelivery: 'COURIER' },
      })
    ).createPurchaseRequest.id;
  const sourceAndQuote = async (id: string, shippingMethods: string[]) => {
    await as(china)(START_SOURCING, { id });
    await as(china)(SUBMIT_SOURCING, {
      id,
      input: { supplierUnitPriceMinor: 1850, chinaShippingMinor: 600, lengthCm: 30, widthCm: 25, heightCm: 20, weightKg: '1.8', supplierDispatchDays: 3 },
    });
    const eta = new Date(Date.now() + 20 * DAY_MS).toISOString();
    const { sendQuote } = await as(venezuela)<{ sendQuote: { options: { id: string }[] } }>(SEND_QUOTE, {
      id,
      input: { options: shippingMethods.map((shippingMethod) => ({ shippingMethod, estimatedDeliveryAt: eta })) },
    });
    return sendQuote.options;
  };

  await sourceAndQuote(await request(maria, 'Audífonos inalámbricos con estuche de carga', ['AIR', 'SEA']), ['AIR', 'SEA']);

  const [option] = await sourceAndQuote(await request(maria, 'Licuadora de 1,5 litros, 110 V', ['AIR']), ['AIR']);
  const { acceptQuoteOption: order } = await as(maria)<{ acceptQuoteOption: { id: string; outstandingVesMinor: number } }>(ACCEPT, { optionId: option!.id });
  const { submitPayment } = await as(maria)<{ submitPayment: { id: string } }>(SUBMIT_PAYMENT, {
    input: { orderId: order.id, method: 'PAGO_MOVIL', amountMinor: order.outstandingVesMinor, reference: 'PM-20261122-0042' },
  });
  await as(payments)(VALIDATE_PAYMENT, { id: submitPayment.id });
  await as(payments)(REGISTER_SUPPLIER_PAYMENT, { input: { orderId: order.id, currency: 'USD', amountMinor: 4300, reference: 'SWIFT-DEMO-1' } });
  await as(china)(CONFIRM_SUPPLIER_PAYMENT, { orderId: order.id });
  const { registerPackage } = await as(china)<{ registerPackage: { id: string } }>(REGISTER_PACKAGE, {
    input: { orderId: order.id, weightKg: '1.900', lengthCm: 30, widthCm: 25, heightCm: 20, repacked: true },
  });
  const { createBox } = await as(china)<{ createBox: { id: string } }>(CREATE_BOX, { input: { packageIds: [registerPackage.id] } });
  await as(china)(RECORD_TRACKING, { input: { boxId: createBox.id, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén Guangzhou' } });
  await as(china)(RECORD_TRACKING, { input: { boxId: createBox.id, phase: 'DEPARTED_CHINA', place: 'Aeropuerto de Cantón' } });

  await request(jose, 'Zapatos deportivos talla 42, color negro', ['AIR', 'DOOR_TO_DOOR']);
}
