import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, demoSignIns } from '../../api/src/seed/demo';
import { graphql } from '../graphql/generated';
import type { CreatePurchaseRequestInput, OrderState, ShippingMethod } from '../graphql/generated/graphql';
import { GqlClient } from './client';
import { TINY_PNG } from './images';
import type { StaffRole } from './test-api';
import { signInThroughForm, type PortalCustomer, type TestPortal } from './test-portal';

/**
 * What the browser tests do through the API beside the customer's browser: sign in as a demo staff member
 * or a test customer, and drive a quote request and its order through the steps staff take (DESIGN steps
 * 2–14: sourcing, quote, payment validation, purchase, packages and boxes, each tracking phase to delivery).
 * Everything goes through the `npm start` server of a `TestPortal`, as the back-office would.
 */

export const SignIn = graphql(`
  mutation StaffFlowSignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }
`);
export const CreateRequest = graphql(`
  mutation StaffFlowCreateRequest($input: CreatePurchaseRequestInput!) { createPurchaseRequest(input: $input) { id number } }
`);
export const StartSourcing = graphql(`
  mutation StaffFlowStartSourcing($id: ID!) { startSourcing(requestId: $id) { state } }
`);
export const SubmitSourcing = graphql(`
  mutation StaffFlowSubmitSourcing($id: ID!, $input: SubmitSourcingInput!) { submitSourcing(requestId: $id, input: $input) { state } }
`);
export const SendQuote = graphql(`
  mutation StaffFlowSendQuote($id: ID!, $input: SendQuoteInput!) { sendQuote(requestId: $id, input: $input) { options { id shippingMethod } } }
`);
export const Accept = graphql(`
  mutation StaffFlowAccept($optionId: ID!) { acceptQuoteOption(optionId: $optionId) { id number usdPayableMinor } }
`);
export const SubmitPayment = graphql(`
  mutation StaffFlowSubmitPayment($input: SubmitPaymentInput!) { submitPayment(input: $input) { id } }
`);
export const ValidatePayment = graphql(`
  mutation StaffFlowValidatePayment($id: ID!) { validatePayment(paymentId: $id) { state } }
`);
export const RegisterSupplierPayment = graphql(`
  mutation StaffFlowRegisterSupplierPayment($input: RegisterSupplierPaymentInput!) { registerSupplierPayment(input: $input) { id } }
`);
export const ConfirmSupplierPayment = graphql(`
  mutation StaffFlowConfirmSupplierPayment($orderId: ID!) { confirmSupplierPayment(orderId: $orderId) { confirmedAt } }
`);
export const RegisterPackage = graphql(`
  mutation StaffFlowRegisterPackage($input: RegisterPackageInput!) { registerPackage(input: $input) { id number } }
`);
export const CreateBox = graphql(`
  mutation StaffFlowCreateBox($input: CreateBoxInput!) { createBox(input: $input) { id number } }
`);
export const RecordTracking = graphql(`
  mutation StaffFlowRecordTracking($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { phase } }
`);

/** An API client over HTTP only (the browser tests follow live updates in the page, not here) signed in as `login`. */
export async function apiAs(portal: TestPortal, login: string, password: string): Promise<GqlClient> {
  const endpoints = { graphqlUrl: `${portal.url}/graphql`, wsUrl: '', subscriptionsAttached: () => 0, waitForSubscriptions: async () => {} };
  const { signIn } = await new GqlClient(endpoints).ok(SignIn, { input: { login, password } });
  return new GqlClient(endpoints, signIn.accessToken);
}

/** The username of the demo staff member of `role` (their password is DEMO_PASSWORD). */
export const staffLogin = (role: StaffRole) => demoSignIns.find((s) => s.role === role)!.username;

/** The demo staff member of `role`, signed in through the API. */
export const staff = (portal: TestPortal, role: StaffRole) => apiAs(portal, staffLogin(role), DEMO_PASSWORD);

/** The test customer signed in through the API (for the steps a test does not take in the browser). */
export const customerApi = (portal: TestPortal, customer: PortalCustomer) => apiAs(portal, customer.username, customer.password);

/** The login fixture: a fresh browser context signed in as `customer` through the portal's sign-in form. */
export async function signedIn(portal: TestPortal, customer: PortalCustomer): Promise<Page> {
  const { page } = await portal.newPage();
  await signInThroughForm(page, customer.username, customer.password);
  return page;
}

/** A 1×1 PNG uploaded by `client` through the API's POST /uploads; its upload id. */
export async function uploadAs(portal: TestPortal, client: GqlClient): Promise<string> {
  const response = await fetch(`${portal.url}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': 'image/png' }, body: TINY_PNG });
  return ((await response.json()) as { id: string }).id;
}

/** A quote request for 4 blenders from a product link, by air, delivered by courier; `overrides` changes any field. */
export const requestInput = (overrides: Partial<CreatePurchaseRequestInput> = {}): CreatePurchaseRequestInput => ({
  productUrl: 'https://example.com/producto/42',
  description: 'Licuadora de 1,5 litros',
  quantity: 4,
  purchaseType: 'RETAIL',
  shippingMethods: ['AIR'],
  nationalDelivery: 'COURIER',
  ...overrides,
});

/** Where each tracking phase happens, and who records it (China's warehouse team until departure, then Venezuela's). */
const ROUTE: Partial<Record<OrderState, { place: string; by: 'CHINA_AGENT' | 'VENEZUELA_AGENT' }>> = {
  AT_CHINA_WAREHOUSE: { place: 'Almacén Guangzhou', by: 'CHINA_AGENT' },
  DEPARTED_CHINA: { place: 'Aeropuerto de Cantón', by: 'CHINA_AGENT' },
  IN_CUSTOMS: { place: 'Aduana de Maiquetía', by: 'VENEZUELA_AGENT' },
  AT_LOCAL_WAREHOUSE: { place: 'Almacén Caracas', by: 'VENEZUELA_AGENT' },
  OUT_FOR_DELIVERY: { place: 'Caracas', by: 'VENEZUELA_AGENT' },
  DELIVERED: { place: 'Chacao, Caracas', by: 'VENEZUELA_AGENT' },
};
const PHASES = Object.keys(ROUTE) as OrderState[];

/** What a tracking event is recorded for: one order, or a box (every order in it). */
export type TrackingTarget = { orderId: string } | { boxId: string };

/**
 * The demo staff acting on one `TestPortal`'s API, each signed in on first use (so a test with short-lived
 * tokens signs in when it needs them). `portalOf` is read only then, so a describe block can declare its
 * flow before its `beforeAll` starts the portal.
 */
export class StaffFlow {
  private readonly clients = new Map<StaffRole, Promise<GqlClient>>();

  constructor(private readonly portalOf: () => TestPortal) {}

  private get portal(): TestPortal {
    return this.portalOf();
  }

  /** The demo staff member of `role`, signed in once for this flow. */
  as(role: StaffRole): Promise<GqlClient> {
    if (!this.clients.has(role)) this.clients.set(role, staff(this.portal, role));
    return this.clients.get(role)!;
  }

  /**
   * The China agent takes and sources the request (one supplier price of US$ 12.50, US$ 8 shipping inside China,
   * 50×40×30 cm and 3.2 kg: the volumetric 12 kg beats the actual weight), then the Venezuela agent prices
   * `methods` (one per method the customer asked for); the options' ids.
   */
  async sourceAndQuote(requestId: string, methods: ShippingMethod[] = ['AIR']): Promise<string[]> {
    const china = await this.as('CHINA_AGENT');
    await china.ok(StartSourcing, { id: requestId });
    await china.ok(SubmitSourcing, {
      id: requestId,
      input: { supplierUnitPriceMinor: 1250, chinaShippingMinor: 800, lengthCm: 50, widthCm: 40, heightCm: 30, weightKg: '3.2', supplierDispatchDays: 3 },
    });
    return this.quote(requestId, methods);
  }

  /** The Venezuela agent sends a (new) quote of `methods`, each delivered in 20 days at the suggested price; the options' ids. */
  async quote(requestId: string, methods: ShippingMethod[] = ['AIR']): Promise<string[]> {
    const estimatedDeliveryAt = new Date(Date.now() + 20 * 86_400_000).toISOString();
    const { sendQuote } = await (await this.as('VENEZUELA_AGENT')).ok(SendQuote, {
      id: requestId,
      input: { options: methods.map((shippingMethod) => ({ shippingMethod, estimatedDeliveryAt })) },
    });
    return sendQuote.options.map((option) => option.id);
  }

  /** A request of `buyer` (`requestInput(overrides)`, by air), sourced and quoted: its id and its one option's. */
  async quotedRequest(buyer: GqlClient, overrides: Partial<CreatePurchaseRequestInput> = {}): Promise<{ requestId: string; optionId: string }> {
    const { createPurchaseRequest } = await buyer.ok(CreateRequest, { input: requestInput({ ...overrides, shippingMethods: ['AIR'] }) });
    const [optionId] = await this.sourceAndQuote(createPurchaseRequest.id, ['AIR']);
    return { requestId: createPurchaseRequest.id, optionId: optionId! };
  }

  /** An order of `buyer`: a quoted request whose option `buyer` accepted (PENDING_PAYMENT). */
  async acceptedOrder(buyer: GqlClient, overrides: Partial<CreatePurchaseRequestInput> = {}): Promise<{ orderId: string; number: string; usdPayableMinor: number }> {
    const { optionId } = await this.quotedRequest(buyer, overrides);
    const { acceptQuoteOption } = await buyer.ok(Accept, { optionId });
    return { orderId: acceptQuoteOption.id, number: acceptQuoteOption.number, usdPayableMinor: acceptQuoteOption.usdPayableMinor };
  }

  /** An accepted order that `buyer` paid in full by Zelle (with a proof image) and the payment validator validated (PAID). */
  async paidOrder(buyer: GqlClient): Promise<{ orderId: string; number: string }> {
    const order = await this.acceptedOrder(buyer);
    const { submitPayment } = await buyer.ok(SubmitPayment, {
      input: { orderId: order.orderId, method: 'ZELLE', amountMinor: order.usdPayableMinor, reference: 'ZL-7788', proofUploadId: await uploadAs(this.portal, buyer) },
    });
    await this.validatePayment(submitPayment.id);
    return { orderId: order.orderId, number: order.number };
  }

  /** The payment validator approves a reported payment. */
  async validatePayment(paymentId: string): Promise<void> {
    await (await this.as('PAYMENT_VALIDATOR')).ok(ValidatePayment, { id: paymentId });
  }

  /** The validator records US$ 33 sent to the supplier and the China agent confirms it: the order is PURCHASED. */
  async purchase(orderId: string): Promise<void> {
    await (await this.as('PAYMENT_VALIDATOR')).ok(RegisterSupplierPayment, { input: { orderId, currency: 'USD', amountMinor: 3300, reference: 'SWIFT-42' } });
    await (await this.as('CHINA_AGENT')).ok(ConfirmSupplierPayment, { orderId });
  }

  /** The China warehouse registers the order's repacked parcel (3.4 kg, 50×40×30 cm) and puts it in a box of its own. */
  async packageInBox(orderId: string): Promise<{ package: { id: string; number: string }; box: { id: string; number: string } }> {
    const china = await this.as('CHINA_AGENT');
    const { registerPackage } = await china.ok(RegisterPackage, { input: { orderId, weightKg: '3.400', lengthCm: 50, widthCm: 40, heightCm: 30, repacked: true } });
    const { createBox } = await china.ok(CreateBox, { input: { packageIds: [registerPackage.id] } });
    return { package: registerPackage, box: createBox };
  }

  /**
   * The agent in charge of `phase` records it for `target` at its usual place (e.g. AT_CHINA_WAREHOUSE in
   * "Almacén Guangzhou"), with a staff `note` and a `photo` uploaded by that agent when asked.
   */
  async record(target: TrackingTarget, phase: OrderState, extras: { photo?: boolean; note?: string } = {}): Promise<void> {
    const { place, by } = ROUTE[phase]!;
    const agent = await this.as(by);
    const photoUploadIds = extras.photo ? [await uploadAs(this.portal, agent)] : undefined;
    await agent.ok(RecordTracking, { input: { ...target, phase, place, note: extras.note, photoUploadIds } });
  }

  /** Records, one after the other, every phase after `phase` through DELIVERED. */
  async recordAfter(target: TrackingTarget, phase: OrderState): Promise<void> {
    for (const next of PHASES.slice(PHASES.indexOf(phase) + 1)) await this.record(target, next);
  }
}

/** Marks the page so a full reload (which would drop the mark) can be told from a live update. */
export const markPage = (page: Page) => page.evaluate('window.liveMark = true');
/** Whether the mark set by `markPage` survived: the page was not reloaded. */
export const stillMarked = (page: Page) => page.evaluate('window.liveMark === true');

/**
 * Watches the live sockets `page` opens from now on (call it before the navigation that opens them).
 * `subscribed(operation)`, called before the step that makes the page subscribe, resolves once the tab sent
 * that subscription, so that a staff action after it is not missed.
 */
export function watchLive(page: Page): { subscribed(operation: string): Promise<void> } {
  const waiting: { operation: string; resolve: () => void }[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', (frame) => {
      const payload = String(frame.payload);
      for (const waiter of waiting.filter((w) => payload.includes(w.operation))) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    }),
  );
  return { subscribed: (operation) => new Promise<void>((resolve) => waiting.push({ operation, resolve })) };
}
