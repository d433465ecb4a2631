import { randomUUID } from 'node:crypto';
import { isObjectType } from 'graphql';
import { buildMornaSchema } from '../../api/src/schema';
import { Permission } from '../../api/src/modules/identity/permission';
import type { GqlClient } from '../helpers/client';
import { startTestApi, type StaffRole, type TestApi } from '../helpers/test-api';
import { insertOrderInState, insertSubmittedPayment, insertWaitingRequest } from './factories/logistics';
import { insertOrder } from './factories/orders';

/**
 * Every staff operation called directly over HTTP by every role (issue 7: "refused by the API when called
 * directly"). `operations` says, for each, the permission it needs — written out here, so a resolver that loses
 * its guard fails; who holds which permission comes from the API's own `rolePermissions`. Callers without it
 * are refused (FORBIDDEN, or UNAUTHENTICATED when anonymous) and change nothing in the database; callers with it
 * get past authorisation (a domain refusal such as INVALID_STATE or NOT_FOUND is fine).
 */

const STAFF_ROLES: readonly StaffRole[] = ['CHINA_AGENT', 'VENEZUELA_AGENT', 'PAYMENT_VALIDATOR', 'MASTER', 'SALES', 'SUPPORT', 'SUPERVISOR'];
type Caller = StaffRole | 'CUSTOMER' | 'ANONYMOUS';
const CALLERS: readonly Caller[] = [...STAFF_ROLES, 'CUSTOMER', 'ANONYMOUS'];

/** What an operation asks of its caller: one of these permissions, or all of them. */
type Need = { anyOf: readonly Permission[] } | { allOf: readonly Permission[] };
const anyOf = (...permissions: Permission[]): Need => ({ anyOf: permissions });
const allOf = (...permissions: Permission[]): Need => ({ allOf: permissions });

/** The records the operations act on (real ones, so a refused call that slipped through would change them). */
interface Fixtures {
  toSource: string;
  sourcing: string;
  wholesale: string;
  toPrice: string;
  toPriceOverride: string;
  modification: string;
  toDecline: string;
  toClaim: string;
  claimed: string;
  toAssign: string;
  toValidate: string;
  toReject: string;
  paid: string;
  supplierPaid: string;
  purchased: string;
  loosePackage: string;
  sparePackage: string;
  box: string;
  boxToTrack: string;
  atChina: string;
  inCustoms: string;
  outForDelivery: string;
  staffUser: string;
  chinaAgent: string;
  parametersVersion: number;
  // Inventory and direct sales (issue 9)
  product: string;
  location: string;
  otherLocation: string;
  saleToPay: string;
  saleToVoid: string;
  /** A support chat the customer opened (issue 10). */
  chat: string;
}

interface Operation {
  /** A sentence naming the operation and what it is called on. */
  name: string;
  /** The root field it calls (checked against the schema below). */
  field: string;
  needs: Need;
  document: string;
  variables: (f: Fixtures) => Record<string, unknown>;
}

const later = () => new Date(Date.now() + 20 * 86_400_000).toISOString();
const sourcingFacts = { supplierUnitPriceMinor: 1250, chinaShippingMinor: 800, lengthCm: 50, widthCm: 40, heightCm: 30, weightKg: '3.2', supplierDispatchDays: 3 };
const requestSubject = (id: string) => ({ subject: { type: 'PURCHASE_REQUEST', id } });

/** Every staff mutation and staff-only query, with the permission it needs (seed 003 §3, DESIGN roles). */
const operations: readonly Operation[] = [
  // China: sourcing
  { name: 'startSourcing on a retail request', field: 'startSourcing', needs: anyOf(Permission.SourceQuote),
    document: 'mutation($id: ID!) { startSourcing(requestId: $id) { __typename } }', variables: (f) => ({ id: f.toSource }) },
  { name: 'submitSourcing on a retail request', field: 'submitSourcing', needs: anyOf(Permission.SourceQuote),
    document: 'mutation($id: ID!, $input: SubmitSourcingInput!) { submitSourcing(requestId: $id, input: $input) { __typename } }',
    variables: (f) => ({ id: f.sourcing, input: sourcingFacts }) },
  // Venezuela: wholesale, pricing, override, modification answers
  { name: 'submitSourcing on a wholesale request', field: 'submitSourcing', needs: anyOf(Permission.PriceQuote),
    document: 'mutation($id: ID!, $input: SubmitSourcingInput!) { submitSourcing(requestId: $id, input: $input) { __typename } }',
    variables: (f) => ({ id: f.wholesale, input: sourcingFacts }) },
  { name: 'quotePricePreview', field: 'quotePricePreview', needs: anyOf(Permission.PriceQuote),
    document: 'query($id: ID!) { quotePricePreview(requestId: $id) { __typename } }', variables: (f) => ({ id: f.toPrice }) },
  { name: 'sendQuote at the suggested price', field: 'sendQuote', needs: anyOf(Permission.PriceQuote),
    document: 'mutation($id: ID!, $input: SendQuoteInput!) { sendQuote(requestId: $id, input: $input) { __typename } }',
    variables: (f) => ({ id: f.toPrice, input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt: later() }] } }) },
  { name: 'sendQuote with an overridden price', field: 'sendQuote', needs: allOf(Permission.PriceQuote, Permission.OverrideQuotePrice),
    document: 'mutation($id: ID!, $input: SendQuoteInput!) { sendQuote(requestId: $id, input: $input) { __typename } }',
    variables: (f) => ({ id: f.toPriceOverride, input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt: later(), overrideTotalUsdMinor: 9900, overrideReason: 'Cliente frecuente' }] } }) },
  { name: 'sendQuote answering a modification request', field: 'sendQuote', needs: anyOf(Permission.PriceQuote),
    document: 'mutation($id: ID!, $input: SendQuoteInput!) { sendQuote(requestId: $id, input: $input) { __typename } }',
    variables: (f) => ({ id: f.modification, input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt: later() }] } }) },
  { name: 'declinePurchaseRequest', field: 'declinePurchaseRequest', needs: anyOf(Permission.DeclineQuoteRequest),
    document: 'mutation($id: ID!) { declinePurchaseRequest(requestId: $id, reason: "Producto prohibido") { __typename } }', variables: (f) => ({ id: f.toDecline }) },
  // Claims
  { name: 'claimWork on a request in the China queue', field: 'claimWork', needs: anyOf(Permission.SourceQuote),
    document: 'mutation($subject: WorkSubjectInput!) { claimWork(subject: $subject) { __typename } }', variables: (f) => requestSubject(f.toClaim) },
  { name: 'releaseWork of a request the China agent holds', field: 'releaseWork', needs: anyOf(Permission.SourceQuote, Permission.AssignWork),
    document: 'mutation($subject: WorkSubjectInput!) { releaseWork(subject: $subject) }', variables: (f) => requestSubject(f.claimed) },
  { name: 'assignWork of a request to the China agent', field: 'assignWork', needs: anyOf(Permission.AssignWork),
    document: 'mutation($subject: WorkSubjectInput!, $userId: ID!) { assignWork(subject: $subject, userId: $userId) { __typename } }',
    variables: (f) => ({ ...requestSubject(f.toAssign), userId: f.chinaAgent }) },
  // Payments
  { name: 'validatePayment', field: 'validatePayment', needs: anyOf(Permission.ValidatePayment),
    document: 'mutation($id: ID!) { validatePayment(paymentId: $id) { __typename } }', variables: (f) => ({ id: f.toValidate }) },
  { name: 'rejectPayment', field: 'rejectPayment', needs: anyOf(Permission.ValidatePayment),
    document: 'mutation($id: ID!) { rejectPayment(paymentId: $id, reason: "Referencia ilegible") { __typename } }', variables: (f) => ({ id: f.toReject }) },
  { name: 'payments', field: 'payments', needs: anyOf(Permission.ValidatePayment, Permission.ReadAnyOrder),
    document: '{ payments { totalCount } }', variables: () => ({}) },
  { name: 'payment', field: 'payment', needs: anyOf(Permission.ValidatePayment, Permission.ReadAnyOrder),
    document: 'query($id: ID!) { payment(id: $id) { __typename } }', variables: (f) => ({ id: f.toValidate }) },
  { name: 'registerSupplierPayment', field: 'registerSupplierPayment', needs: anyOf(Permission.RegisterSupplierPayment),
    document: 'mutation($input: RegisterSupplierPaymentInput!) { registerSupplierPayment(input: $input) { __typename } }',
    variables: (f) => ({ input: { orderId: f.paid, currency: 'USD', amountMinor: 3300, reference: 'SWIFT-42' } }) },
  { name: 'confirmSupplierPayment', field: 'confirmSupplierPayment', needs: anyOf(Permission.ConfirmSupplierPayment),
    document: 'mutation($id: ID!) { confirmSupplierPayment(orderId: $id) { __typename } }', variables: (f) => ({ id: f.supplierPaid }) },
  { name: 'stalledOrders', field: 'stalledOrders', needs: anyOf(Permission.ValidatePayment, Permission.ReadAlerts),
    document: '{ stalledOrders(days: 3) { totalCount } }', variables: () => ({}) },
  { name: 'quietBoxes', field: 'quietBoxes', needs: anyOf(Permission.ValidatePayment, Permission.ReadAlerts),
    document: '{ quietBoxes(days: 3) { totalCount } }', variables: () => ({}) },
  // Logistics: packages, boxes, consolidation, tracking, arrival, delivery
  { name: 'registerPackage', field: 'registerPackage', needs: anyOf(Permission.ManagePackages),
    document: 'mutation($input: RegisterPackageInput!) { registerPackage(input: $input) { __typename } }',
    variables: (f) => ({ input: { orderId: f.purchased, weightKg: '3.400', lengthCm: 50, widthCm: 40, heightCm: 30, repacked: true } }) },
  { name: 'createBox', field: 'createBox', needs: anyOf(Permission.ManagePackages),
    document: 'mutation($input: CreateBoxInput!) { createBox(input: $input) { __typename } }', variables: (f) => ({ input: { packageIds: [f.loosePackage] } }) },
  { name: 'addPackagesToBox (consolidation)', field: 'addPackagesToBox', needs: anyOf(Permission.ManagePackages),
    document: 'mutation($box: ID!, $ids: [ID!]!) { addPackagesToBox(boxId: $box, packageIds: $ids) { __typename } }',
    variables: (f) => ({ box: f.box, ids: [f.sparePackage] }) },
  { name: 'recordTrackingEvent for a box', field: 'recordTrackingEvent', needs: anyOf(Permission.RecordTracking),
    document: 'mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { __typename } }',
    variables: (f) => ({ input: { boxId: f.boxToTrack, phase: 'DEPARTED_CHINA', place: 'Aeropuerto de Cantón' } }) },
  { name: 'recordTrackingEvent for an order', field: 'recordTrackingEvent', needs: anyOf(Permission.RecordTracking),
    document: 'mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { __typename } }',
    variables: (f) => ({ input: { orderId: f.atChina, phase: 'DEPARTED_CHINA', place: 'Aeropuerto de Cantón' } }) },
  { name: 'recordTrackingEvent of the arrival in Venezuela', field: 'recordTrackingEvent', needs: anyOf(Permission.RecordTracking),
    document: 'mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { __typename } }',
    variables: (f) => ({ input: { orderId: f.inCustoms, phase: 'AT_LOCAL_WAREHOUSE', place: 'Almacén Caracas' } }) },
  { name: 'recordTrackingEvent of the delivery', field: 'recordTrackingEvent', needs: anyOf(Permission.RecordTracking),
    document: 'mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { __typename } }',
    variables: (f) => ({ input: { orderId: f.outForDelivery, phase: 'DELIVERED', place: 'Chacao, Caracas' } }) },
  // Staff reads
  { name: 'purchaseRequests', field: 'purchaseRequests', needs: anyOf(Permission.ReadAnyQuote), document: '{ purchaseRequests { totalCount } }', variables: () => ({}) },
  { name: 'orders', field: 'orders', needs: anyOf(Permission.ReadAnyOrder), document: '{ orders { totalCount } }', variables: () => ({}) },
  { name: 'boxes', field: 'boxes', needs: anyOf(Permission.ReadAnyOrder), document: '{ boxes { totalCount } }', variables: () => ({}) },
  { name: 'box', field: 'box', needs: anyOf(Permission.ReadAnyOrder), document: 'query($id: ID!) { box(id: $id) { __typename } }', variables: (f) => ({ id: f.box }) },
  { name: 'businessParameters', field: 'businessParameters', needs: anyOf(Permission.ReadSettings), document: '{ businessParameters { __typename } }', variables: () => ({}) },
  { name: 'businessParametersHistory', field: 'businessParametersHistory', needs: anyOf(Permission.ReadSettings),
    document: '{ businessParametersHistory { totalCount } }', variables: () => ({}) },
  // Surveys
  { name: 'surveys', field: 'surveys', needs: anyOf(Permission.ReadSurveys), document: '{ surveys { totalCount } }', variables: () => ({}) },
  { name: 'survey', field: 'survey', needs: anyOf(Permission.ReadSurveys), document: 'query($id: ID!) { survey(id: $id) { __typename } }', variables: () => ({ id: randomUUID() }) },
  { name: 'surveySummary', field: 'surveySummary', needs: anyOf(Permission.ReadSurveys), document: '{ surveySummary { __typename } }', variables: () => ({}) },
  // Master
  { name: 'updateBusinessParameters', field: 'updateBusinessParameters', needs: anyOf(Permission.WriteSettings),
    document: 'mutation($input: UpdateBusinessParametersInput!, $version: Int!) { updateBusinessParameters(input: $input, expectedVersion: $version) { __typename } }',
    variables: (f) => ({ input: { vesPerUsd: '41.25', changeReason: 'Tasa del día' }, version: f.parametersVersion }) },
  { name: 'users', field: 'users', needs: anyOf(Permission.ManageUsers), document: '{ users { totalCount } }', variables: () => ({}) },
  { name: 'rolePermissions', field: 'rolePermissions', needs: anyOf(Permission.ManageUsers), document: '{ rolePermissions { __typename } }', variables: () => ({}) },
  { name: 'createStaffUser', field: 'createStaffUser', needs: anyOf(Permission.ManageUsers),
    document: 'mutation($input: CreateStaffUserInput!) { createStaffUser(input: $input) { __typename } }',
    variables: () => ({ input: { username: `nuevo_${randomUUID().slice(0, 8)}`, displayName: 'Empleado Nuevo', password: 'clave-segura-1', roles: ['SALES'] } }) },
  { name: 'setUserRoles', field: 'setUserRoles', needs: anyOf(Permission.ManageUsers),
    document: 'mutation($input: SetUserRolesInput!) { setUserRoles(input: $input) { __typename } }', variables: (f) => ({ input: { userId: f.staffUser, roles: ['SUPPORT'] } }) },
  { name: 'setUserActive', field: 'setUserActive', needs: anyOf(Permission.ManageUsers),
    document: 'mutation($id: ID!) { setUserActive(userId: $id, active: false) { __typename } }', variables: (f) => ({ id: f.staffUser }) },
  { name: 'auditLog', field: 'auditLog', needs: anyOf(Permission.ReadAudit), document: '{ auditLog { totalCount } }', variables: () => ({}) },
  { name: 'operationsOverview', field: 'operationsOverview', needs: anyOf(Permission.ReadReports), document: '{ operationsOverview { __typename } }', variables: () => ({}) },
  { name: 'apiKeys', field: 'apiKeys', needs: anyOf(Permission.ManageApiKeys), document: '{ apiKeys { totalCount } }', variables: () => ({}) },
  { name: 'createApiKey', field: 'createApiKey', needs: anyOf(Permission.ManageApiKeys),
    document: 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { __typename } }',
    variables: () => ({ input: { name: 'Integración', role: 'SALES', expiresAt: later() } }) },
  { name: 'rotateApiKey', field: 'rotateApiKey', needs: anyOf(Permission.ManageApiKeys),
    document: 'mutation($id: ID!) { rotateApiKey(id: $id) { __typename } }', variables: () => ({ id: randomUUID() }) },
  { name: 'revokeApiKey', field: 'revokeApiKey', needs: anyOf(Permission.ManageApiKeys),
    document: 'mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }', variables: () => ({ id: randomUUID() }) },
  { name: 'alerts', field: 'alerts', needs: anyOf(Permission.ReadAlerts), document: '{ alerts { totalCount } }', variables: () => ({}) },
  { name: 'acknowledgeAlert', field: 'acknowledgeAlert', needs: anyOf(Permission.ReadAlerts),
    document: 'mutation($id: ID!) { acknowledgeAlert(id: $id) { __typename } }', variables: () => ({ id: randomUUID() }) },
  { name: 'webhookEndpoints', field: 'webhookEndpoints', needs: anyOf(Permission.ManageWebhooks), document: '{ webhookEndpoints { totalCount } }', variables: () => ({}) },
  { name: 'webhookEndpoint', field: 'webhookEndpoint', needs: anyOf(Permission.ManageWebhooks),
    document: 'query($id: ID!) { webhookEndpoint(id: $id) { __typename } }', variables: () => ({ id: randomUUID() }) },
  { name: 'webhookDeliveries', field: 'webhookDeliveries', needs: anyOf(Permission.ManageWebhooks), document: '{ webhookDeliveries { totalCount } }', variables: () => ({}) },
  // Port 9 (discard) on loopback: nothing is sent anywhere even if an event matched.
  { name: 'createWebhookEndpoint', field: 'createWebhookEndpoint', needs: anyOf(Permission.ManageWebhooks),
    document: 'mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { __typename } }',
    variables: () => ({ input: { url: 'http://127.0.0.1:9/hook', eventTypes: ['ORDER_CHANGED'] } }) },
  { name: 'updateWebhookEndpoint', field: 'updateWebhookEndpoint', needs: anyOf(Permission.ManageWebhooks),
    document: 'mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { description: "x" }) { __typename } }', variables: () => ({ id: randomUUID() }) },
  { name: 'rotateWebhookSecret', field: 'rotateWebhookSecret', needs: anyOf(Permission.ManageWebhooks),
    document: 'mutation($id: ID!) { rotateWebhookSecret(id: $id) { __typename } }', variables: () => ({ id: randomUUID() }) },
  { name: 'disableWebhookEndpoint', field: 'disableWebhookEndpoint', needs: anyOf(Permission.ManageWebhooks),
    document: 'mutation($id: ID!) { disableWebhookEndpoint(id: $id) { __typename } }', variables: () => ({ id: randomUUID() }) },
  { name: 'enableWebhookEndpoint', field: 'enableWebhookEndpoint', needs: anyOf(Permission.ManageWebhooks),
    document: 'mutation($id: ID!) { enableWebhookEndpoint(id: $id) { __typename } }', variables: () => ({ id: randomUUID() }) },
  { name: 'deleteWebhookEndpoint', field: 'deleteWebhookEndpoint', needs: anyOf(Permission.ManageWebhooks),
    document: 'mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', variables: () => ({ id: randomUUID() }) },
  { name: 'replayWebhookDelivery', field: 'replayWebhookDelivery', needs: anyOf(Permission.ManageWebhooks),
    document: 'mutation($id: ID!) { replayWebhookDelivery(id: $id) { __typename } }', variables: () => ({ id: randomUUID() }) },
  // Inventory and direct sales (issue 9)
  { name: 'products', field: 'products', needs: anyOf(Permission.ReadInventory), document: '{ products { totalCount } }', variables: () => ({}) },
  { name: 'product', field: 'product', needs: anyOf(Permission.ReadInventory), document: 'query($id: ID!) { product(id: $id) { __typename } }', variables: (f) => ({ id: f.product }) },
  { name: 'productCategories', field: 'productCategories', needs: anyOf(Permission.ReadInventory), document: '{ productCategories }', variables: () => ({}) },
  { name: 'stockLocations', field: 'stockLocations', needs: anyOf(Permission.ReadInventory), document: '{ stockLocations { __typename } }', variables: () => ({}) },
  { name: 'stockMovements', field: 'stockMovements', needs: anyOf(Permission.ReadInventory), document: '{ stockMovements { totalCount } }', variables: () => ({}) },
  { name: 'sales', field: 'sales', needs: anyOf(Permission.ReadInventory), document: '{ sales { totalCount } }', variables: () => ({}) },
  { name: 'sale', field: 'sale', needs: anyOf(Permission.ReadInventory), document: 'query($id: ID!) { sale(id: $id) { __typename } }', variables: (f) => ({ id: f.saleToPay }) },
  { name: 'stockDrift', field: 'stockDrift', needs: anyOf(Permission.ManageInventory), document: '{ stockDrift { __typename } }', variables: () => ({}) },
  { name: 'saleCustomerSearch', field: 'saleCustomerSearch', needs: anyOf(Permission.CreateSale), document: '{ saleCustomerSearch(search: "Cliente") { __typename } }', variables: () => ({}) },
  { name: 'createStockLocation', field: 'createStockLocation', needs: anyOf(Permission.ManageInventory),
    document: 'mutation($input: CreateLocationInput!) { createStockLocation(input: $input) { __typename } }',
    variables: () => ({ input: { code: `T-${randomUUID().slice(0, 8)}`, name: 'Tienda Nueva', kind: 'STORE' } }) },
  { name: 'createProduct', field: 'createProduct', needs: anyOf(Permission.ManageInventory),
    document: 'mutation($input: CreateProductInput!) { createProduct(input: $input) { __typename } }',
    variables: () => ({ input: { sku: `P-${randomUUID().slice(0, 8)}`, name: 'Producto Nuevo', category: 'Kits', priceMinor: 1000, currency: 'USD', kind: 'PHYSICAL' } }) },
  { name: 'updateProduct', field: 'updateProduct', needs: anyOf(Permission.ManageInventory),
    document: 'mutation($id: ID!) { updateProduct(id: $id, input: { lowStockThreshold: 2 }) { __typename } }', variables: (f) => ({ id: f.product }) },
  { name: 'recordStockEntry', field: 'recordStockEntry', needs: anyOf(Permission.ManageInventory),
    document: 'mutation($input: StockEntryInput!) { recordStockEntry(input: $input) { __typename } }', variables: (f) => ({ input: { productId: f.product, locationId: f.location, quantity: 5 } }) },
  { name: 'recordStockAdjustment', field: 'recordStockAdjustment', needs: anyOf(Permission.ManageInventory),
    document: 'mutation($input: StockAdjustmentInput!) { recordStockAdjustment(input: $input) { __typename } }',
    variables: (f) => ({ input: { productId: f.product, locationId: f.location, quantity: -1, reason: 'Rotura' } }) },
  { name: 'transferStock', field: 'transferStock', needs: anyOf(Permission.ManageInventory),
    document: 'mutation($input: StockTransferInput!) { transferStock(input: $input) { __typename } }',
    variables: (f) => ({ input: { productId: f.product, fromLocationId: f.location, toLocationId: f.otherLocation, quantity: 1 } }) },
  { name: 'createSale', field: 'createSale', needs: anyOf(Permission.CreateSale),
    document: 'mutation($input: CreateSaleInput!) { createSale(input: $input) { __typename } }',
    variables: (f) => ({ input: { buyerName: 'Cliente de paso', lines: [{ productId: f.product, locationId: f.location, quantity: 1 }] } }) },
  { name: 'recordSalePayment', field: 'recordSalePayment', needs: anyOf(Permission.CreateSale),
    document: 'mutation($input: RecordSalePaymentInput!) { recordSalePayment(input: $input) { __typename } }',
    variables: (f) => ({ input: { saleId: f.saleToPay, amountMinor: 100, method: 'CASH' } }) },
  { name: 'voidSale', field: 'voidSale', needs: anyOf(Permission.CreateSale),
    document: 'mutation($id: ID!) { voidSale(saleId: $id, reason: "Error de caja") { __typename } }', variables: (f) => ({ id: f.saleToVoid }) },
  // Support tickets and FAQ (issue 10): unknown ids are NOT_FOUND past authorisation.
  { name: 'tickets (the queue)', field: 'tickets', needs: anyOf(Permission.WorkTickets), document: '{ tickets { totalCount } }', variables: () => ({}) },
  { name: 'ticketAgents', field: 'ticketAgents', needs: anyOf(Permission.WorkTickets), document: '{ ticketAgents { online } }', variables: () => ({}) },
  { name: 'faqEntries', field: 'faqEntries', needs: anyOf(Permission.WorkTickets), document: '{ faqEntries { totalCount } }', variables: () => ({}) },
  { name: 'createTicketForCustomer for an unknown customer', field: 'createTicketForCustomer', needs: anyOf(Permission.WorkTickets),
    document: 'mutation($input: CreateTicketForCustomerInput!) { createTicketForCustomer(input: $input) { __typename } }',
    variables: () => ({ input: { customerCode: 'MC-NOEXISTE', source: 'PHONE', subject: 'Llamada', description: 'Llamó por su pedido' } }) },
  { name: 'addTicketInteraction', field: 'addTicketInteraction', needs: anyOf(Permission.WorkTickets),
    document: 'mutation($input: AddTicketInteractionInput!) { addTicketInteraction(input: $input) { __typename } }',
    variables: () => ({ input: { ticketId: randomUUID(), kind: 'INTERNAL_NOTE', body: 'nota' } }) },
  { name: 'changeTicketState', field: 'changeTicketState', needs: anyOf(Permission.WorkTickets),
    document: 'mutation($input: ChangeTicketStateInput!) { changeTicketState(input: $input) { __typename } }',
    variables: () => ({ input: { ticketId: randomUUID(), state: 'IN_PROGRESS' } }) },
  { name: 'triageTicket', field: 'triageTicket', needs: anyOf(Permission.WorkTickets),
    document: 'mutation($input: TriageTicketInput!) { triageTicket(input: $input) { __typename } }',
    variables: () => ({ input: { ticketId: randomUUID(), category: 'PAYMENT' } }) },
  { name: 'takeTicket', field: 'takeTicket', needs: anyOf(Permission.WorkTickets),
    document: 'mutation($id: ID!) { takeTicket(ticketId: $id) { __typename } }', variables: () => ({ id: randomUUID() }) },
  { name: 'agentHeartbeat', field: 'agentHeartbeat', needs: anyOf(Permission.WorkTickets), document: 'mutation { agentHeartbeat }', variables: () => ({}) },
  { name: 'assignTicket', field: 'assignTicket', needs: anyOf(Permission.SuperviseTickets),
    document: 'mutation($id: ID!, $user: ID!) { assignTicket(ticketId: $id, userId: $user) { __typename } }', variables: (f) => ({ id: randomUUID(), user: f.chinaAgent }) },
  { name: 'setAgentSkills for an unknown user', field: 'setAgentSkills', needs: anyOf(Permission.SuperviseTickets),
    document: 'mutation($id: ID!) { setAgentSkills(userId: $id, skills: [PAYMENT]) { __typename } }', variables: () => ({ id: randomUUID() }) },
  { name: 'proposeFaqEntry from an unknown ticket', field: 'proposeFaqEntry', needs: anyOf(Permission.WorkTickets),
    document: 'mutation($input: ProposeFaqEntryInput!) { proposeFaqEntry(input: $input) { __typename } }',
    variables: () => ({ input: { ticketId: randomUUID(), question: '¿Cómo pago?', answer: 'Desde la orden.', category: 'PAYMENT' } }) },
  { name: 'reviewFaqEntry', field: 'reviewFaqEntry', needs: anyOf(Permission.PublishFaq),
    document: 'mutation($input: ReviewFaqEntryInput!) { reviewFaqEntry(input: $input) { __typename } }',
    variables: () => ({ input: { id: randomUUID(), decision: 'PUBLISHED' } }) },
  // Support chat (issue 10): the agents' side; customers reach their own chats with support-chat:own.
  { name: 'chatInbox', field: 'chatInbox', needs: anyOf(Permission.AnswerChats), document: '{ chatInbox { totalCount } }', variables: () => ({}) },
  { name: 'cannedReplies', field: 'cannedReplies', needs: anyOf(Permission.AnswerChats), document: '{ cannedReplies { id } }', variables: () => ({}) },
  { name: 'chatConversation on a customer\'s chat', field: 'chatConversation', needs: anyOf(Permission.AnswerChats, Permission.ChatAsCustomer),
    document: 'query($id: ID!) { chatConversation(id: $id) { __typename } }', variables: (f) => ({ id: f.chat }) },
  { name: 'chatUnreadTotal', field: 'chatUnreadTotal', needs: anyOf(Permission.AnswerChats, Permission.ChatAsCustomer), document: '{ chatUnreadTotal }', variables: () => ({}) },
  { name: 'chatAgentsOnline', field: 'chatAgentsOnline', needs: anyOf(Permission.AnswerChats, Permission.ChatAsCustomer), document: '{ chatAgentsOnline }', variables: () => ({}) },
  { name: 'takeChat on a waiting chat', field: 'takeChat', needs: anyOf(Permission.AnswerChats),
    document: 'mutation($id: ID!) { takeChat(conversationId: $id) { __typename } }', variables: (f) => ({ id: f.chat }) },
  { name: 'sendChatMessage in a customer\'s chat', field: 'sendChatMessage', needs: anyOf(Permission.AnswerChats, Permission.ChatAsCustomer),
    document: 'mutation($id: ID!) { sendChatMessage(conversationId: $id, input: { body: "Hola" }) { __typename } }', variables: (f) => ({ id: f.chat }) },
  { name: 'markChatRead in a customer\'s chat', field: 'markChatRead', needs: anyOf(Permission.AnswerChats, Permission.ChatAsCustomer),
    document: 'mutation($id: ID!) { markChatRead(conversationId: $id, seq: 1) { __typename } }', variables: (f) => ({ id: f.chat }) },
  { name: 'setChatTyping in a customer\'s chat', field: 'setChatTyping', needs: anyOf(Permission.AnswerChats, Permission.ChatAsCustomer),
    document: 'mutation($id: ID!) { setChatTyping(conversationId: $id, typing: true) }', variables: (f) => ({ id: f.chat }) },
  { name: 'closeChat on a customer\'s chat', field: 'closeChat', needs: anyOf(Permission.AnswerChats, Permission.ChatAsCustomer),
    document: 'mutation($id: ID!) { closeChat(conversationId: $id) { __typename } }', variables: (f) => ({ id: f.chat }) },
  { name: 'saveCannedReply', field: 'saveCannedReply', needs: anyOf(Permission.ManageCannedReplies),
    document: 'mutation { saveCannedReply(input: { title: "Saludo", body: "¡Hola!" }) { __typename } }', variables: () => ({}) },
  { name: 'deleteCannedReply', field: 'deleteCannedReply', needs: anyOf(Permission.ManageCannedReplies),
    document: 'mutation($id: ID!) { deleteCannedReply(id: $id) }', variables: () => ({ id: randomUUID() }) },
  // Traceability (issue 9): units, their events, the anchoring outbox
  { name: 'registerUnit', field: 'registerUnit', needs: anyOf(Permission.RegisterUnits),
    document: 'mutation { registerUnit(input: { product: "Bolso" }) { __typename } }', variables: () => ({}) },
  { name: 'recordUnitEvent on an unknown unit', field: 'recordUnitEvent', needs: anyOf(Permission.RecordUnitEvents),
    document: 'mutation { recordUnitEvent(input: { unitId: "U-2222222222", kind: PACKED }) { __typename } }', variables: () => ({}) },
  { name: 'traceUnits', field: 'traceUnits', needs: anyOf(Permission.RegisterUnits, Permission.RecordUnitEvents, Permission.ManageAnchoring),
    document: '{ traceUnits { totalCount } }', variables: () => ({}) },
  { name: 'anchoringOverview', field: 'anchoringOverview', needs: anyOf(Permission.ManageAnchoring), document: '{ anchoringOverview { state } }', variables: () => ({}) },
  { name: 'retryAnchoring', field: 'retryAnchoring', needs: anyOf(Permission.ManageAnchoring), document: 'mutation { retryAnchoring { state } }', variables: () => ({}) },
  // Traceability labels (issue 9): sales of units
  { name: 'markUnitSold on an unknown unit', field: 'markUnitSold', needs: anyOf(Permission.SellUnits),
    document: 'mutation { markUnitSold(input: { unit: "U-2222222222" }) { claimCode } }', variables: () => ({}) },
];

/** Root fields that are not staff work: sign-in and sign-up, the customer's own operations, and what any signed-in user reads about themself. */
const NOT_STAFF_OPERATIONS = new Set([
  'registerCustomer', 'verifyPhone', 'resendVerificationCode', 'requestPasswordReset', 'resetPassword', 'signIn', 'refreshSession', 'signOut',
  'me', 'myCustomer', 'myNotifications', 'unreadNotificationCount', 'markNotificationsRead', 'publicTracking',
  // Traceability's public verification (issue 9): no sign-in, throttled per IP.
  'traceUnit', 'orderTrace', 'unitTraceUpdated', 'orderTraceUpdated',
  // A unit's public page counts its opens; the buyer claims it with the slip's code or signed in (issue 9).
  'recordUnitScan', 'claimUnit',
  'createPurchaseRequest', 'myPurchaseRequests', 'myQuoteAllowance', 'acceptQuoteOption', 'requestQuoteModification', 'rejectQuote',
  'myOrders', 'submitPayment', 'mySurveys', 'submitSurvey',
  // Support chat (issue 10): the customer opens a chat and lists their own.
  'openChat', 'myChats',
  // A customer's own or any with the staff permission; field-access.e2e-spec covers who reaches which.
  'purchaseRequest', 'order',
  // Support (issue 10): the customer's own tickets, the public FAQ, and what both sides read (tickets.e2e-spec).
  'myTickets', 'createMyTicket', 'replyToMyTicket', 'reopenMyTicket', 'faq', 'faqSuggestions', 'ticket', 'suggestTicketCategory',
]);

/** Codes that mean the call did not get past authorisation, or that the table's document is broken. */
const REFUSED = ['FORBIDDEN', 'UNAUTHENTICATED'];
const BROKEN = ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'INTERNAL_SERVER_ERROR'];

/**
 * Tables a background worker updates on its own (the WhatsApp sender marks earlier messages SENT): only the
 * columns a request writes are compared, so the sender's progress is not mistaken for a refused call's effect.
 */
const DELIVERY_BOOKKEEPING: Record<string, string> = { outbound_message: 'id, channel, recipient, body, created_at' };

let t: TestApi;
let callers: Record<Caller, GqlClient>;
let granted: Record<Caller, ReadonlySet<string>>;
let fixtures: Fixtures;
/** One statement that fingerprints every table of the public schema (row count and a hash of the rows). */
let fingerprintSql: string;

/** Whether permissions `held` satisfy `need`. */
function satisfies(need: Need, held: ReadonlySet<string>): boolean {
  return 'anyOf' in need ? need.anyOf.some((p) => held.has(p)) : need.allOf.every((p) => held.has(p));
}

async function fingerprint(): Promise<Record<string, string>> {
  const rows = await t.sql<{ name: string; print: string }>(fingerprintSql);
  return Object.fromEntries(rows.map((r) => [r.name, r.print]));
}

async function code(caller: Caller, operation: Operation): Promise<string | null> {
  const response = await callers[caller].request(operation.document, operation.variables(fixtures));
  return response.errors?.length ? String(response.errors[0]!.extensions?.code) : null;
}

beforeAll(async () => {
  t = await startTestApi();
  // The webhook dispatcher writes deliveries and moves its cursor as events commit, at its own pace; this file
  // checks that refused calls change nothing, so it runs without it.
  await t.app.webhooks.stop();
  const customer = await t.newCustomer();
  const staff = Object.fromEntries(await Promise.all(STAFF_ROLES.map(async (role) => [role, await t.asStaff(role)] as const))) as Record<StaffRole, GqlClient>;
  callers = { ...staff, CUSTOMER: customer, ANONYMOUS: t.anonymous() };

  const { rolePermissions } = await staff.MASTER.ok<{ rolePermissions: { role: string; permissions: string[] }[] }, unknown>('{ rolePermissions { role permissions } }');
  const byRole = new Map(rolePermissions.map((r) => [r.role, new Set(r.permissions)]));
  granted = Object.fromEntries(CALLERS.map((c): [Caller, ReadonlySet<string>] => [c, c === 'ANONYMOUS' ? new Set() : byRole.get(c) ?? new Set()])) as Record<Caller, ReadonlySet<string>>;

  const cid = customer.customerId;
  const request = async (state: string, opts: { queue?: 'CHINA' | 'VENEZUELA'; wholesale?: boolean; sourced?: boolean } = {}) => {
    const { requestId } = await insertWaitingRequest(t, cid, state, 2);
    await t.sql(
      `UPDATE purchase_request SET queue = $2, purchase_type = $3, round = $4, modifications_used = $5 WHERE id = $1`,
      [requestId, opts.queue ?? 'CHINA', opts.wholesale ? 'WHOLESALE' : 'RETAIL', state === 'MODIFICATION_REQUESTED' ? 1 : 0, state === 'MODIFICATION_REQUESTED' ? 1 : 0],
    );
    if (opts.sourced) {
      await t.sql(
        `UPDATE purchase_request SET supplier_unit_price_minor = 1250, china_shipping_minor = 800, length_cm = 50, width_cm = 40, height_cm = 30,
           weight_kg = 3.2, supplier_dispatch_days = 3 WHERE id = $1`,
        [requestId],
      );
    }
    return requestId;
  };
  const order = async (state: string) => (await insertOrderInState(t, cid, { state })).orderId;
  const registerPackage = async (orderId: string) =>
    (await staff.CHINA_AGENT.ok<{ registerPackage: { id: string } }, unknown>(
      'mutation($input: RegisterPackageInput!) { registerPackage(input: $input) { id } }',
      { input: { orderId, weightKg: '1.200', lengthCm: 30, widthCm: 20, heightCm: 10 } },
    )).registerPackage.id;
  const createBox = async (packageIds: string[]) =>
    (await staff.CHINA_AGENT.ok<{ createBox: { id: string } }, unknown>('mutation($input: CreateBoxInput!) { createBox(input: $input) { id } }', { input: { packageIds } })).createBox.id;

  const claimed = await request('SUBMITTED');
  await staff.CHINA_AGENT.ok('mutation($subject: WorkSubjectInput!) { claimWork(subject: $subject) { heldSince } }', requestSubject(claimed));
  const supplierPaid = await order('PAID');
  await staff.PAYMENT_VALIDATOR.ok('mutation($input: RegisterSupplierPaymentInput!) { registerSupplierPayment(input: $input) { id } }', {
    input: { orderId: supplierPaid, currency: 'USD', amountMinor: 3300, reference: 'SWIFT-41' },
  });
  const [boxed, loose, spare, tracked] = [await order('PURCHASED'), await order('PURCHASED'), await order('PURCHASED'), await order('PURCHASED')];
  const box = await createBox([await registerPackage(boxed)]);
  const boxToTrack = await createBox([await registerPackage(tracked)]);
  const { createStaffUser } = await staff.MASTER.ok<{ createStaffUser: { id: string } }, unknown>(
    'mutation($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id } }',
    { input: { username: 'ventas_prueba', displayName: 'Ventas Prueba', password: 'clave-segura-1', roles: ['SALES'] } },
  );
  const [china] = await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE 'CHINA_AGENT' = ANY(roles) ORDER BY created_at LIMIT 1`);
  const [parameters] = await t.sql<{ version: number }>('SELECT max(version)::int AS version FROM business_parameters');
  const unpaid = [await insertOrder(t, cid), await insertOrder(t, cid)];
  const inventory = await inventoryFixtures(staff.MASTER, staff.SALES);

  fixtures = {
    toSource: await request('SUBMITTED'),
    sourcing: await request('SOURCING'),
    wholesale: await request('SUBMITTED', { queue: 'VENEZUELA', wholesale: true }),
    toPrice: await request('PRICING', { queue: 'VENEZUELA', sourced: true }),
    toPriceOverride: await request('PRICING', { queue: 'VENEZUELA', sourced: true }),
    modification: await request('MODIFICATION_REQUESTED', { queue: 'VENEZUELA', sourced: true }),
    toDecline: await request('SUBMITTED'),
    toClaim: await request('SUBMITTED'),
    claimed,
    toAssign: await request('SUBMITTED'),
    toValidate: await insertSubmittedPayment(t, unpaid[0]!, cid, 1),
    toReject: await insertSubmittedPayment(t, unpaid[1]!, cid, 1),
    paid: await order('PAID'),
    supplierPaid,
    purchased: await order('PURCHASED'),
    loosePackage: await registerPackage(loose),
    sparePackage: await registerPackage(spare),
    box,
    boxToTrack,
    atChina: await order('AT_CHINA_WAREHOUSE'),
    inCustoms: await order('IN_CUSTOMS'),
    outForDelivery: await order('OUT_FOR_DELIVERY'),
    staffUser: createStaffUser.id,
    chinaAgent: china!.id,
    parametersVersion: parameters!.version,
    ...inventory,
    chat: (await customer.ok<{ openChat: { id: string } }, unknown>('mutation { openChat(input: { body: "¿Me ayudan?" }) { id } }')).openChat.id,
  };

  const tables = await t.sql<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  fingerprintSql = tables
    .map(({ name }) => {
      const rows = DELIVERY_BOOKKEEPING[name] ? `(SELECT ${DELIVERY_BOOKKEEPING[name]} FROM "${name}")` : `"${name}"`;
      return `SELECT '${name}' AS name, count(*) || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') AS print FROM ${rows} r`;
    })
    .join(' UNION ALL ');
  await t.settle();
}, 120_000);
afterAll(() => t?.stop());

/** A product with stock at one of two locations, and two sales of it: one to pay, one to void. */
async function inventoryFixtures(master: GqlClient, seller: GqlClient) {
  const location = async () => (await master.ok<{ createStockLocation: { id: string } }, unknown>(
    'mutation($input: CreateLocationInput!) { createStockLocation(input: $input) { id } }', { input: { code: `F-${randomUUID().slice(0, 8)}`, name: 'Almacén', kind: 'WAREHOUSE' } },
  )).createStockLocation.id;
  const [from, to] = [await location(), await location()];
  const { createProduct } = await master.ok<{ createProduct: { id: string } }, unknown>('mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
    input: { sku: `F-${randomUUID().slice(0, 8)}`, name: 'Kit de cerámica', category: 'Kits', priceMinor: 2500, currency: 'USD', kind: 'PHYSICAL' },
  });
  await master.ok('mutation($input: StockEntryInput!) { recordStockEntry(input: $input) { id } }', { input: { productId: createProduct.id, locationId: from, quantity: 50 } });
  const sell = async () => (await seller.ok<{ createSale: { id: string } }, unknown>('mutation($input: CreateSaleInput!) { createSale(input: $input) { id } }', {
    input: { buyerName: 'Cliente de paso', lines: [{ productId: createProduct.id, locationId: from, quantity: 1 }] },
  })).createSale.id;
  return { product: createProduct.id, location: from, otherLocation: to, saleToPay: await sell(), saleToVoid: await sell() };
}

it('the API names the permissions of every role the test calls as', () => {
  for (const caller of CALLERS.filter((c) => c !== 'ANONYMOUS')) expect(granted[caller].size).toBeGreaterThan(0);
});

it('every staff operation of the schema is in the table, and every row calls an operation that exists', async () => {
  const schema = await buildMornaSchema();
  const roots = [schema.getQueryType(), schema.getMutationType()].filter(isObjectType).flatMap((type) => Object.keys(type.getFields()));
  const staffOperations = roots.filter((name) => !NOT_STAFF_OPERATIONS.has(name)).sort();
  expect([...new Set(operations.map((o) => o.field))].sort()).toEqual(staffOperations);
});

it('every operation is let through to someone on staff (the table asks for permissions the roles really have)', () => {
  for (const operation of operations) expect([operation.name, STAFF_ROLES.some((role) => satisfies(operation.needs, granted[role]))]).toEqual([operation.name, true]);
});

it.each(operations.map((o) => [o.name, o] as const))(
  '%s: refused to every caller without its permission (FORBIDDEN, or UNAUTHENTICATED when anonymous) with nothing changed, and let through to the others',
  async (_name, operation) => {
    const allowed = CALLERS.filter((c) => satisfies(operation.needs, granted[c]));
    const refused = CALLERS.filter((c) => !allowed.includes(c));

    const before = await fingerprint();
    const refusals: Record<string, string | null> = {};
    for (const caller of refused) refusals[caller] = await code(caller, operation);
    await t.settle();
    expect(await fingerprint()).toEqual(before);
    expect(refusals).toEqual(Object.fromEntries(refused.map((c) => [c, c === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN'])));

    for (const caller of allowed) {
      const answer = await code(caller, operation);
      expect({ caller, refusedOrBroken: answer !== null && [...REFUSED, ...BROKEN].includes(answer) ? answer : false }).toEqual({ caller, refusedOrBroken: false });
    }
  },
);
