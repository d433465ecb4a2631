import { getNamedType, isNonNullType, isObjectType, Lexer, Source, TokenKind, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { buildMornaSchema } from '../../api/src/schema';
import type { GqlClient, GqlResponse } from '../helpers/client';
import { TINY_PNG } from '../helpers/images';
import { loadConfig } from '../../api/src/config';
import { testChain } from '../helpers/test-chain';
import { startTestApi, type StaffRole, type TestApi, type TestCustomer } from '../helpers/test-api';
import { insertOrderInState, insertSubmittedPayment, insertWaitingRequest } from './factories/logistics';

/**
 * Field access, for every field of every object type against every role. `fieldAccess` is the decision of who
 * may read each field (the API declares the same with `@Authorized` on the field); the walk queries everything
 * each role can reach from the root fields it may call, every field selected, and checks each answer against it.
 */

type Caller = StaffRole | 'CUSTOMER' | 'ANONYMOUS';
interface Rule {
  /** Who may read the field of any parent they reach. */
  roles: readonly Caller[];
  /** Also the user themself, when the parent is their own `User`. */
  self?: boolean;
}

const ALL_STAFF: readonly StaffRole[] = ['MASTER', 'CHINA_AGENT', 'VENEZUELA_AGENT', 'PAYMENT_VALIDATOR', 'SALES', 'SUPPORT', 'SUPERVISOR'];
/** No rule of its own: whoever reaches the parent. */
const PARENT: Rule = { roles: [...ALL_STAFF, 'CUSTOMER'] };
const SIGNED_IN: Rule = PARENT;
/** Anyone, signed in or not: the public order tracking (its number and second factor are the credential). */
const PUBLIC: Rule = { roles: [...ALL_STAFF, 'CUSTOMER', 'ANONYMOUS'] };
const CUSTOMERS: Rule = { roles: ['CUSTOMER'] };
/** Supplier facts, margins, internal notes, logistics internals. */
const STAFF: Rule = { roles: ALL_STAFF };
/** A customer's contact details: the customer themself and staff with customer:read:any. */
const CUSTOMER_DATA: Rule = { roles: ['CUSTOMER', 'VENEZUELA_AGENT', 'PAYMENT_VALIDATOR', 'SALES', 'SUPPORT', 'SUPERVISOR', 'MASTER'] };
const SURVEY_READERS: Rule = { roles: ['VENEZUELA_AGENT', 'SUPERVISOR', 'MASTER'] };
const MASTER: Rule = { roles: ['MASTER'] };
/** Support (issue 10): staff with ticket:work. */
const TICKET_WORKERS: Rule = { roles: ['VENEZUELA_AGENT', 'SUPPORT', 'SUPERVISOR', 'MASTER'] };
/** The consistency view: payment validators (payment:validate) and the Master (alert:read). */
const CONSISTENCY_READERS: Rule = { roles: ['PAYMENT_VALIDATOR', 'MASTER'] };
/** Inventory and direct sales (issue 9): sellers and the Master (inventory:read, sale:create). */
const INVENTORY: Rule = { roles: ['SALES', 'MASTER'] };
/** Support chat (issue 10): agents with support-chat:answer, and they with the customers (their own chats). */
const CHAT_AGENTS: Rule = { roles: ['VENEZUELA_AGENT', 'SUPPORT', 'SUPERVISOR', 'MASTER'] };
const CHAT_PARTIES: Rule = { roles: ['CUSTOMER', ...CHAT_AGENTS.roles] };
/** A user's account details: the Master (user:manage) and the user themself. */
const SELF_OR_MASTER: Rule = { roles: ['MASTER'], self: true };

/** Every field of every object type of the schema: who may read it. A new field fails the test until it is decided here. */
const fieldAccess: Record<string, Record<string, Rule>> = {
  Query: {
    alerts: MASTER, auditLog: MASTER, box: STAFF, boxes: STAFF, businessParameters: STAFF, businessParametersHistory: STAFF,
    me: SIGNED_IN, myCustomer: SIGNED_IN, myNotifications: SIGNED_IN, unreadNotificationCount: SIGNED_IN,
    myOrders: CUSTOMERS, myPurchaseRequests: CUSTOMERS, myQuoteAllowance: CUSTOMERS, mySurveys: CUSTOMERS,
    order: PARENT, purchaseRequest: PARENT, orders: STAFF, publicTracking: PUBLIC, payments: STAFF, purchaseRequests: STAFF,
    quotePricePreview: { roles: ['VENEZUELA_AGENT'] }, survey: SURVEY_READERS, surveys: SURVEY_READERS, surveySummary: SURVEY_READERS,
    users: MASTER,
    // API keys for third parties (issue 8): apikey:manage.
    apiKeys: MASTER,
    // The Master workspace (issue 7): what each role may do.
    rolePermissions: MASTER,
    operationsOverview: MASTER,
    // The payment validator's workspace (issue 7).
    payment: STAFF, stalledOrders: CONSISTENCY_READERS, quietBoxes: CONSISTENCY_READERS,
    // Webhooks (issue 8): the Master's (webhook:manage).
    webhookEndpoints: MASTER, webhookEndpoint: MASTER, webhookDeliveries: MASTER,
    // Inventory and direct sales (issue 9).
    products: INVENTORY, product: INVENTORY, productCategories: INVENTORY, stockLocations: INVENTORY, stockMovements: INVENTORY,
    sales: INVENTORY, sale: INVENTORY, saleCustomerSearch: INVENTORY, stockDrift: MASTER,
    // Support (issue 10): the customer's own tickets, the staff queue, the public FAQ.
    myTickets: CUSTOMERS, tickets: TICKET_WORKERS, ticket: { roles: ['CUSTOMER', ...TICKET_WORKERS.roles] },
    suggestTicketCategory: { roles: ['CUSTOMER', ...TICKET_WORKERS.roles] }, ticketAgents: TICKET_WORKERS,
    faq: PUBLIC, faqSuggestions: PUBLIC, faqEntries: TICKET_WORKERS,
    // Support chat (issue 10).
    myChats: CUSTOMERS, chatInbox: CHAT_AGENTS, cannedReplies: CHAT_AGENTS,
    chatConversation: CHAT_PARTIES, chatUnreadTotal: CHAT_PARTIES, chatAgentsOnline: CHAT_PARTIES,
    // Traceability (issue 9): public verification; units and the outbox for staff with the trace permissions.
    traceUnit: PUBLIC, orderTrace: PUBLIC, traceUnits: { roles: ['CHINA_AGENT', 'VENEZUELA_AGENT', 'MASTER'] }, anchoringOverview: { roles: ['CHINA_AGENT', 'MASTER'] },
  },
  // Inventory and direct sales (issue 9): reached only through the inventory queries above.
  Product: all([
    'active', 'capacity', 'category', 'createdAt', 'currency', 'id', 'kind', 'lowStock', 'lowStockThreshold', 'name', 'priceMinor', 'sessionAt', 'sku',
    'stock', 'totalStock', 'updatedAt',
  ]),
  ProductConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  ProductEdge: all(['cursor', 'node']),
  ProductStockUpdate: all(['cursor', 'product']),
  StockLevel: all(['location', 'low', 'quantity']),
  Location: all(['active', 'code', 'createdAt', 'id', 'kind', 'name']),
  StockMovement: all(['actor', 'counterpartLocation', 'createdAt', 'id', 'location', 'product', 'quantity', 'reason', 'sale', 'transferId', 'type']),
  StockMovementConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  StockMovementEdge: all(['cursor', 'node']),
  StockDrift: all(['locationId', 'productId', 'stock', 'sumOfMovements']),
  Sale: all([
    'buyerName', 'createdAt', 'currency', 'customer', 'id', 'lines', 'nextStatuses', 'note', 'number', 'outstandingMinor', 'paidMinor', 'paymentStatus',
    'payments', 'seller', 'totalMinor', 'voidReason', 'voidedAt', 'voidedBy',
  ]),
  SaleConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  SaleEdge: all(['cursor', 'node']),
  SaleLine: all(['id', 'lineTotalMinor', 'location', 'product', 'quantity', 'unitPriceMinor']),
  SalePayment: all(['amountMinor', 'createdAt', 'id', 'method', 'recordedBy', 'reference']),
  Alert: all(['acknowledgedAt', 'createdAt', 'id', 'kind', 'message', 'reference', 'subjectId', 'subjectState', 'subjectType', 'waitingSince']),
  AlertConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  AlertEdge: all(['cursor', 'node']),
  ApiKey: all([
    'createdAt', 'createdBy', 'customer', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'previousValidUntil', 'requestsPerDay',
    'requestsPerMinute', 'requestsToday', 'revokedAt', 'role', 'rotatedAt', 'state',
  ]),
  ApiKeyConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  ApiKeyEdge: all(['cursor', 'node']),
  ApiKeySecret: all(['apiKey', 'secret']),
  AuditLogEntry: all(['action', 'actor', 'actorName', 'at', 'detail', 'id', 'ip', 'targetId', 'targetType']),
  AuditLogEntryConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  AuditLogEntryEdge: all(['cursor', 'node']),
  RolePermissions: all(['permissions', 'role']),
  OperationsOverview: all(['npsByMonth', 'ordersByPhase', 'paymentsPending', 'paymentsPendingUsdMinor', 'quoteConversionPercent', 'quotesAccepted', 'quotesSent', 'revenueByMonth', 'timeInPhase']),
  OrdersInPhase: all(['count', 'state']),
  TimeInPhase: all(['averageHours', 'medianHours', 'orders', 'state']),
  MonthlyRevenue: all(['month', 'payments', 'revenueUsdMinor']),
  MonthlyNps: all(['answers', 'month', 'nps']),
  AuthPayload: all(['accessToken', 'accessTokenExpiresAt', 'refreshToken', 'user']),
  Box: { ...all(['createdAt', 'id', 'number']), weightKg: STAFF, orders: STAFF, packages: STAFF },
  BoxConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  BoxEdge: all(['cursor', 'node']),
  BusinessParameters: all([
    'airRatePerKgMinor', 'changeReason', 'changedByName', 'courierFeeMinor', 'doorToDoorRatePerKgMinor', 'effectiveFrom', 'modificationLimit',
    'monthlyQuoteLimit', 'officePickupFeeMinor', 'paymentDeadlineHours', 'profitMargin', 'quoteResponseHours', 'seaRatePerCubicMeterMinor',
    'staffResponseAlertHours', 'timeZone', 'usdPaymentDiscount', 'version', 'vesPerUsd', 'volumetricDivisor',
    // Support (issue 10).
    'agentOnlineMinutes', 'slaFirstResponseMinutesHigh', 'slaFirstResponseMinutesLow', 'slaFirstResponseMinutesNormal', 'slaFirstResponseMinutesUrgent',
    'slaResolutionHoursHigh', 'slaResolutionHoursLow', 'slaResolutionHoursNormal', 'slaResolutionHoursUrgent', 'ticketCustomsStuckDays',
    'ticketPaymentNotValidatedHours', 'ticketQuoteNotSentHours', 'ticketReopenDays',
    'supportChatAnswerMinutes',
  ]),
  BusinessParametersConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  BusinessParametersEdge: all(['cursor', 'node']),
  Customer: all(['code', 'createdAt', 'email', 'firstPurchaseAt', 'fullName', 'id', 'phone', 'phoneVerifiedAt']),
  Notification: all(['body', 'createdAt', 'data', 'id', 'kind', 'readAt', 'title']),
  NotificationConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  NotificationEdge: all(['cursor', 'node']),
  Order: {
    ...all([
      'acceptedOption', 'createdAt', 'events', 'id', 'nationalDelivery', 'nextStates', 'number', 'outstandingUsdMinor', 'outstandingVesMinor',
      'packages', 'paymentDeadline', 'payments', 'request', 'settledUsdMinor', 'shippingMethod', 'state', 'stateChangedAt', 'totalUsdMinor',
      'totalVesMinor', 'trackingEvents', 'usdPayableMinor', 'usdPaymentDiscount', 'vesPerUsd',
    ]),
    customer: CUSTOMER_DATA,
    supplierPayment: STAFF,
    // Claims (issue 7): who works an item is for staff only.
    heldBy: STAFF, heldSince: STAFF,
    // The ordering customer (the portal offers the survey on the order page) and survey readers.
    survey: { roles: ['CUSTOMER', ...SURVEY_READERS.roles] },
  },
  OrderConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  OrderEdge: all(['cursor', 'node']),
  OrderEvent: all(['actorName', 'at', 'fromState', 'id', 'note', 'toState']),
  Package: { ...all(['box', 'createdAt', 'heightCm', 'id', 'lengthCm', 'number', 'order', 'repacked', 'weightKg', 'widthCm']), note: STAFF },
  PageInfo: all(['endCursor', 'hasNextPage', 'hasPreviousPage', 'startCursor']),
  Payment: {
    ...all(['amountMinor', 'createdAt', 'creditedUsdMinor', 'currency', 'decidedAt', 'id', 'method', 'order', 'proof', 'reference', 'rejectionReason', 'state']),
    balanceAfterValidation: STAFF,
    // Claims (issue 7): who works an item is for staff only.
    heldBy: STAFF, heldSince: STAFF,
  },
  BalanceAfterValidation: all(['orderState', 'outstandingUsdMinor', 'outstandingVesMinor', 'usdPayableMinor']),
  QuietBox: all(['box', 'lastEventAt', 'orderNumbers', 'quietSince']),
  QuietBoxConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  QuietBoxEdge: all(['cursor', 'node']),
  StalledOrderConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  StalledOrderEdge: all(['cursor', 'node']),
  PaymentConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  PaymentEdge: all(['cursor', 'node']),
  // The public tracking answers plain types that lead nowhere else: no amount, payment, person, actor or note.
  PublicOrderTracking: publicFields(['estimatedDeliveryAt', 'events', 'orderNumber', 'packages', 'phase']),
  PublicTrackingEvent: publicFields(['occurredAt', 'phase', 'photos', 'place']),
  PublicTrackingPackage: publicFields(['boxNumber', 'number']),
  PublicTrackingPhoto: publicFields(['url']),
  PriceBreakdownPreview: all([
    'actualWeightKg', 'chargeableBasis', 'chargeableWeightKg', 'chinaShippingMinor', 'freightMinor', 'marginMinor', 'nationalDeliveryMinor',
    'productMinor', 'shippingMethod', 'subtotalMinor', 'totalUsdMinor', 'totalVesMinor', 'vesPerUsd', 'volumeCubicMeters', 'volumetricWeightKg',
    'freightRateMinor', 'usdPaymentMinor',
  ]),
  PurchaseRequest: {
    ...all([
      'createdAt', 'description', 'events', 'heightCm', 'id', 'lastCustomerNote', 'lengthCm', 'modificationsUsed', 'nationalDelivery',
      'nextStates', 'number', 'options', 'order', 'photos', 'productUrl', 'purchaseType', 'quantity', 'queue', 'quotedAt', 'responseDeadline',
      'round', 'shippingMethods', 'specifications', 'state', 'stateChangedAt', 'weightKg', 'widthCm',
    ]),
    customer: CUSTOMER_DATA,
    // Claims (issue 7): who works an item is for staff only.
    heldBy: STAFF, heldSince: STAFF,
    supplierUnitPriceMinor: STAFF,
    chinaShippingMinor: STAFF,
    supplierDispatchDays: STAFF,
    sourcingNotes: STAFF,
    supplierUrl: STAFF,
    // The message sent to the customer, with their phone: for the agents who price and send quotes.
    quoteMessage: { roles: ['VENEZUELA_AGENT'] },
  },
  PurchaseRequestConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  PurchaseRequestEdge: all(['cursor', 'node']),
  PurchaseRequestEvent: all(['actorName', 'at', 'fromState', 'id', 'note', 'toState']),
  QuoteOption: {
    // The customer's breakdown: product-and-service line, freight, national delivery, all-in totals, and why the
    // chargeable weight is what it is. Supplier cost, China shipping, subtotal, margin and the suggestion stay inside.
    ...all([
      'actualWeightKg', 'chargeableBasis', 'chargeableWeightKg', 'createdAt', 'estimatedDeliveryAt', 'freightMinor', 'id', 'nationalDeliveryMinor',
      'productAndServiceMinor', 'round', 'shippingMethod', 'totalUsdMinor', 'totalVesMinor', 'vesPerUsd', 'volumeCubicMeters', 'volumetricWeightKg',
    ]),
    productMinor: STAFF,
    chinaShippingMinor: STAFF,
    subtotalMinor: STAFF,
    marginMinor: STAFF,
    suggestedTotalUsdMinor: STAFF,
    overrideReason: STAFF,
  },
  QuoteAllowance: all(['applies', 'limit', 'modificationLimit', 'remaining', 'resetsAt', 'usdPaymentDiscount', 'used']),
  QuotePricePreview: all(['options', 'parametersVersion', 'profitMargin', 'usdPaymentDiscount', 'volumetricDivisor']),
  QuoteMessage: all(['phone', 'text', 'whatsAppUrl']),
  RegistrationResult: all(['registrationId', 'verificationExpiresAt']),
  // Subscription envelopes: the cursor, and the record as its own type's rules allow.
  AlertUpdate: all(['alert', 'cursor']),
  NotificationUpdate: all(['cursor', 'notification']),
  OrderUpdate: all(['cursor', 'order']),
  PaymentUpdate: all(['cursor', 'payment']),
  PurchaseRequestUpdate: all(['cursor', 'request']),
  SupplierPayment: all(['amountMinor', 'confirmedAt', 'confirmedBy', 'currency', 'id', 'order', 'reference', 'registeredAt', 'registeredBy']),
  Survey: {
    ...all([
      'attentionScore', 'comments', 'generalScore', 'id', 'invitedAt', 'npsCategory', 'order', 'priceScore', 'qualityScore', 'recommendScore',
      'responseTimeScore', 'submittedAt', 'ticket',
    ]),
    customer: SURVEY_READERS,
  },
  SurveyAveragesType: all(['attention', 'general', 'price', 'quality', 'recommend', 'responseTime']),
  SurveyConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  SurveyEdge: all(['cursor', 'node']),
  SurveySummary: all(['averages', 'detractors', 'invited', 'netPromoterScore', 'passives', 'promoters', 'submitted']),
  TrackingEvent: all(['actorName', 'box', 'id', 'note', 'occurredAt', 'order', 'phase', 'photos', 'place', 'recordedAt']),
  Upload: all(['contentType', 'createdAt', 'id', 'sha256', 'size']),
  User: { ...all(['id', 'displayName']), ...Object.fromEntries(['username', 'email', 'kind', 'roles', 'permissions', 'active', 'createdAt', 'lastSignInAt'].map((f) => [f, SELF_OR_MASTER])) },
  UserConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  UserEdge: all(['cursor', 'node']),
  // Answered by claimWork and assignWork only (staff who may do the item's work, or work:assign).
  WorkClaim: all(['expiresAt', 'heldBy', 'heldSince', 'lastActiveAt', 'subjectId', 'subjectType']),
  // Reached only through the Master's webhook queries; the signing secret is no field at all.
  WebhookEndpoint: all([
    'consecutiveFailures', 'createdAt', 'customer', 'description', 'disabledAt', 'disabledReason', 'enabled', 'eventTypes', 'failingSince', 'id',
    'secretHint', 'updatedAt', 'url',
  ]),
  WebhookEndpointConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  WebhookEndpointEdge: all(['cursor', 'node']),
  // Answered by createWebhookEndpoint and rotateWebhookSecret only: the secret, once.
  WebhookEndpointWithSecret: all(['endpoint', 'secret']),
  WebhookDelivery: all([
    'attempts', 'body', 'createdAt', 'deliveredAt', 'endpoint', 'eventId', 'eventType', 'id', 'lastAttemptAt', 'lastDurationMs', 'lastError',
    'lastResponseBody', 'lastStatusCode', 'nextAttemptAt', 'replays', 'status',
  ]),
  WebhookDeliveryConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  // Traceability (issue 9): a unit's and an order's trace are public (the label's code, the order's link or number + factor).
  TraceUnit: {
    ...publicFields(['anchoring', 'code', 'description', 'id', 'label', 'lot', 'producer', 'product', 'registeredAt', 'scans', 'sku']),
    // The buyer and claimer: staff with a traceability permission only.
    sale: { roles: ['CHINA_AGENT', 'VENEZUELA_AGENT', 'MASTER'] },
  },
  UnitSaleInfo: all(['claimedAt', 'claimedBy', 'claimedVia', 'customer', 'soldAt']),
  // Answered by markUnitSold only: the claim code, once.
  UnitSold: all(['claimCode', 'unit']),
  TraceLabel: publicFields(['issued', 'link', 'pngPath', 'svgPath']),
  UnitScans: publicFields(['claimedAt', 'claimedVia', 'firstScanAt', 'lastScanAt', 'scans', 'scansAfterClaim', 'scansAfterClaimElsewhere', 'soldAt']),
  TraceUnitConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  TraceUnitEdge: all(['cursor', 'node']),
  UnitTrace: publicFields(['label', 'scans', 'unit', 'verification']),
  OrderTrace: publicFields(['label', 'orderNumber', 'token', 'verification']),
  TraceVerification: publicFields(['anchoring', 'bundlePath', 'chainError', 'chainId', 'checkedAt', 'events', 'status']),
  VerifiedTraceEvent: publicFields([
    'actor', 'anchor', 'canonical', 'details', 'hash', 'hashMatches', 'kind', 'note', 'occurredAt', 'onChain', 'place', 'prevHash', 'proofValid',
    'recomputedHash', 'seq', 'status',
  ]),
  TraceEventAnchor: publicFields(['blockHash', 'blockNumber', 'chainId', 'confirmedAt', 'contractAddress', 'leafIndex', 'proof', 'root', 'txHash']),
  AnchoringStatus: publicFields(['lastError', 'lastErrorAt', 'nextAttemptAt', 'pendingEvents', 'state']),
  AnchoringOverview: all(['chain', 'failingBatches', 'lastError', 'lastErrorAt', 'nextAttemptAt', 'pendingEvents', 'state']),
  ChainStatus: all(['block', 'chainId', 'contractAddress', 'error', 'status']),
  WebhookDeliveryEdge: all(['cursor', 'node']),
  // Support (issue 10). Whoever reaches a ticket (its customer, ticket:work) reads its customer and survey; the
  // classifier's view, the origin, the next states and the SLA timers are staff's.
  Ticket: {
    ...all([
      'assignee', 'category', 'createdAt', 'customer', 'description', 'events', 'firstRespondedAt', 'id', 'interactions', 'lastActivityAt', 'number',
      'priority', 'reopenableUntil', 'resolvedAt', 'solution', 'source', 'state', 'stateChangedAt', 'subject', 'survey',
    ]),
    suggestedCategory: TICKET_WORKERS, categoryConfirmed: TICKET_WORKERS, conversationId: TICKET_WORKERS, rule: TICKET_WORKERS,
    ruleSubjectId: TICKET_WORKERS, nextStates: TICKET_WORKERS, sla: TICKET_WORKERS,
  },
  TicketConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  TicketEdge: all(['cursor', 'node']),
  // Customers read only the interactions meant for them (tests/api/tickets.e2e-spec.ts: internal notes hidden).
  TicketInteraction: all(['at', 'authorName', 'body', 'direction', 'id', 'kind']),
  TicketEvent: all(['actorName', 'at', 'fromState', 'id', 'note', 'toState']),
  TicketSla: all(['breached', 'elapsedSeconds', 'firstResponseDueAt', 'paused', 'resolutionDueAt']),
  TicketAgent: all(['lastSeenAt', 'load', 'online', 'skills', 'user']),
  TicketUpdate: all(['cursor', 'ticket']),
  // Answered by setAgentSkills only.
  AgentProfile: all(['lastSeenAt', 'skills', 'user']),
  FaqEntry: publicFields(['answer', 'category', 'createdAt', 'id', 'publishedAt', 'question', 'state']),
  FaqEntryConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  FaqEntryEdge: all(['cursor', 'node']),
  // Support chat (issue 10). `customer` is guarded like everywhere (owner or customer:read:any), and everyone who
  // reaches a chat holds one of the two; the context beside it is for agents.
  ChatConversation: {
    ...all([
      'agentName', 'agentReadSeq', 'awaitingReplySince', 'closedAt', 'createdAt', 'customer', 'customerReadSeq', 'heldByMe', 'id', 'lastMessageAt',
      'lastSeq', 'messages', 'nextStates', 'order', 'request', 'state', 'subjectId', 'subjectType', 'takenAt', 'unansweredAt', 'unansweredReason',
      'unreadCount',
    ]),
    customerContext: CHAT_AGENTS,
  },
  ChatConversationConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  ChatConversationEdge: all(['cursor', 'node']),
  ChatMessage: all(['attachments', 'authorName', 'body', 'conversationId', 'createdAt', 'id', 'seq', 'side']),
  ChatMessageConnection: all(['edges', 'pageInfo', 'totalCount', 'totalCountExact']),
  ChatMessageEdge: all(['cursor', 'node']),
  ChatCustomerContext: all(['lastPayment', 'openOrders', 'openRequests']),
  CannedReply: all(['body', 'id', 'title', 'updatedAt']),
  ChatUpdate: all(['conversation', 'cursor', 'kind', 'message']),
  ChatTypingSignal: all(['at', 'conversationId', 'name', 'side', 'typing']),
};

/** Types only mutations and subscriptions answer with; their fields are not reachable from a query. */
const mutationOnlyTypes = new Set(['ProductStockUpdate', 'AgentProfile', 'ApiKeySecret', 'WebhookEndpointWithSecret', 'AuthPayload', 'RegistrationResult', 'AlertUpdate', 'NotificationUpdate', 'OrderUpdate', 'PaymentUpdate', 'PurchaseRequestUpdate', 'WorkClaim', 'ChatUpdate', 'ChatTypingSignal', 'UnitSold', 'TicketUpdate']);
/** Fields the walk answers no value for, and why (the test checks each stays so, so the list cannot go stale). */
const notAnswered = new Set([
  // Back to the order they hang from: every path to them passes through that order (visited once per path).
  'SupplierPayment.order',
  'TrackingEvent.order',
  // The walking customer has a completed purchase: the monthly limit no longer applies, so nothing remains to count
  // (tests/api/quotes.e2e-spec.ts reads it for a customer without one).
  'QuoteAllowance.remaining',
  // The walked order is delivered, so it has no ETA left to tell (tests/api/public-tracking.e2e-spec.ts reads one).
  'PublicOrderTracking.estimatedDeliveryAt',
  // The walked order is delivered: nothing stalled or quiet (tests/api/payment-validator.e2e-spec.ts reads them on
  // data of its own). The claimed payment of the set-up is still pending, so its preview is walked.
  'StalledOrderEdge.cursor', 'StalledOrderEdge.node', 'QuietBoxEdge.cursor', 'QuietBoxEdge.node',
  'QuietBox.box', 'QuietBox.lastEventAt', 'QuietBox.orderNumbers', 'QuietBox.quietSince',
  // Stock always equals the sum of its movements, so the drift check answers an empty list (its rows never exist).
  'StockDrift.locationId', 'StockDrift.productId', 'StockDrift.stock', 'StockDrift.sumOfMovements',
  // Everything is anchored when walked, so no error or retry is pending (tests/api/traceability-chain-faults.e2e-spec.ts reads them).
  'TraceVerification.chainError', 'AnchoringStatus.lastError', 'AnchoringStatus.lastErrorAt', 'AnchoringStatus.nextAttemptAt',
  'AnchoringOverview.lastError', 'AnchoringOverview.lastErrorAt', 'AnchoringOverview.nextAttemptAt', 'ChainStatus.error',
]);

function all(fields: string[]): Record<string, Rule> {
  return Object.fromEntries(fields.map((f) => [f, PARENT]));
}

function publicFields(fields: string[]): Record<string, Rule> {
  return Object.fromEntries(fields.map((f) => [f, PUBLIC]));
}

/** A rule narrower than whoever reaches the parent: such a field must be nullable and refused to someone. */
function isRestricted(rule: Rule): boolean {
  return rule !== PARENT && rule !== PUBLIC;
}

/** A selection tree: every field of the type, each object type visited once per path. */
interface Selection { field: string; parentType: string; children: Selection[] | null }

function selectionOf(type: GraphQLObjectType, onPath: ReadonlySet<string>): Selection[] {
  const out: Selection[] = [];
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    if (!isObjectType(named)) {
      out.push({ field: field.name, parentType: type.name, children: null });
    } else if (!onPath.has(named.name)) {
      out.push({ field: field.name, parentType: type.name, children: selectionOf(named, new Set([...onPath, named.name])) });
    }
  }
  return out;
}

function print(selections: Selection[]): string {
  return `{ __typename ${selections.map((s) => (s.children ? `${s.field} ${print(s.children)}` : s.field)).join(' ')} }`;
}

interface Walk {
  caller: Caller;
  userId: string;
  seen: Set<string>;
  refused: Set<string>;
  ids: Set<string>;
  problems: string[];
}

/** Checks an answer against `fieldAccess`: permitted fields answer without error, forbidden ones with FORBIDDEN and null. */
function checkAnswer(walk: Walk, root: string, response: GqlResponse<Record<string, unknown>>, selection: Selection): void {
  const errors = new Map((response.errors ?? []).map((e) => [(e.path ?? []).join('.'), String(e.extensions?.code)]));
  const consumed = new Set<string>();
  const visit = (sel: Selection, value: unknown, path: (string | number)[], parent: Record<string, unknown> | null) => {
    const key = `${sel.parentType}.${sel.field}`;
    const rule = fieldAccess[sel.parentType]?.[sel.field];
    if (!rule) return walk.problems.push(`${key} has no access rule`);
    const where = path.join('.');
    const allowed = rule.roles.includes(walk.caller) || (rule.self === true && sel.parentType === 'User' && parent?.id === walk.userId);
    if (!allowed) {
      consumed.add(where);
      // An anonymous caller is refused as UNAUTHENTICATED (a staff-only field under a public trace), anyone else as FORBIDDEN.
      const refusal = walk.caller === 'ANONYMOUS' ? ['FORBIDDEN', 'UNAUTHENTICATED'] : ['FORBIDDEN'];
      if (!refusal.includes(String(errors.get(where))) || value !== null) walk.problems.push(`${walk.caller} read ${key} at ${where}: ${JSON.stringify(value)}`);
      else walk.refused.add(key);
      return;
    }
    if (errors.has(where)) return;
    if (value === null || value === undefined) return;
    walk.seen.add(key);
    if (sel.field === 'id' && typeof value === 'string') walk.ids.add(value);
    if (!sel.children) return;
    const objects = Array.isArray(value) ? value.map((v, i) => [v, [...path, i]] as const) : [[value, path] as const];
    for (const [object, at] of objects) {
      if (object === null) continue;
      for (const child of sel.children) visit(child, (object as Record<string, unknown>)[child.field], [...at, child.field], object as Record<string, unknown>);
    }
  };
  visit(selection, response.data?.[root] ?? null, [root], null);
  for (const [where, code] of errors) if (!consumed.has(where)) walk.problems.push(`${walk.caller} ${root}: unexpected ${code} at ${where}`);
}

let t: TestApi;
let schema: GraphQLSchema;
let owner: TestCustomer;
let other: TestCustomer;
let staff: Record<StaffRole, GqlClient>;
const fixture = { requestId: '', orderId: '', orderNumber: '', boxId: '', surveyId: '', paymentId: '', webhookEndpointId: '', productId: '', saleId: '', ticketId: '', chatId: '', unitCode: '' };

async function ok<T = Record<string, unknown>>(client: GqlClient, query: string, variables?: Record<string, unknown>): Promise<T> {
  return client.ok<T, Record<string, unknown>>(query, variables);
}

async function upload(client: GqlClient): Promise<string> {
  const response = await fetch(`${t.api.url}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': 'image/png' }, body: TINY_PNG });
  return ((await response.json()) as { id: string }).id;
}

/**
 * One of everything, through the API: a retail request with a photo, sourced with notes, quoted twice (an
 * override, a modification asked in between), accepted; a rejected and a validated payment with proof; the supplier
 * payment registered and confirmed; a package with a note in a box; tracking to delivery with a photo; the survey
 * answered; parameters changed; two alerts, one acknowledged; a notification read.
 */
async function buildFixture(): Promise<void> {
  const { CHINA_AGENT: china, VENEZUELA_AGENT: venezuela, PAYMENT_VALIDATOR: validator, MASTER: master } = staff;
  const photo = await upload(owner);
  const { createPurchaseRequest } = await ok<{ createPurchaseRequest: { id: string } }>(owner, `mutation ($input: CreatePurchaseRequestInput!) { createPurchaseRequest(input: $input) { id } }`, {
    input: {
      productUrl: 'https://example.com/lampara', photoUploadIds: [photo], description: 'Lámpara LED', specifications: 'Blanca, 220 V', quantity: 2,
      purchaseType: 'RETAIL', shippingMethods: ['AIR', 'SEA'], nationalDelivery: 'COURIER',
    },
  });
  fixture.requestId = createPurchaseRequest.id;
  // Two API keys, so every field of ApiKey has a value to answer: a customer key rotated with a grace period and
  // used once, and a staff key revoked.
  const createKey = async (input: Record<string, unknown>) => (await ok<{ createApiKey: { apiKey: { id: string } } }>(master,
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }`,
    { input: { name: 'Integración de prueba', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), ...input } })).createApiKey.apiKey.id;
  const customerKey = await createKey({ role: 'CUSTOMER', customerCode: owner.code });
  const { rotateApiKey } = await ok<{ rotateApiKey: { secret: string } }>(master, `mutation ($id: ID!) { rotateApiKey(id: $id, graceMinutes: 5) { secret } }`, { id: customerKey });
  const used = await fetch(t.api.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': rotateApiKey.secret }, body: JSON.stringify({ query: '{ me { id } }' }) });
  expect(used.status).toBe(200);
  await ok(master, `mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: await createKey({ role: 'SALES' }) });
  await ok(china, `mutation ($id: ID!) { startSourcing(requestId: $id) { id } }`, { id: fixture.requestId });
  await ok(china, `mutation ($id: ID!, $input: SubmitSourcingInput!) { submitSourcing(requestId: $id, input: $input) { id } }`, {
    id: fixture.requestId,
    input: { supplierUnitPriceMinor: 1_250, chinaShippingMinor: 300, lengthCm: 40, widthCm: 30, heightCm: 20, weightKg: '2.5', supplierDispatchDays: 4, notes: 'Proveedor con 98 % de valoraciones', supplierUrl: 'https://detail.1688.com/offer/1.html' },
  });
  const estimatedDeliveryAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const sendQuote = () => ok<{ sendQuote: { options: { id: string; shippingMethod: string }[] } }>(venezuela,
    `mutation ($id: ID!, $input: SendQuoteInput!) { sendQuote(requestId: $id, input: $input) { options { id shippingMethod } } }`,
    { id: fixture.requestId, input: { options: [
      { shippingMethod: 'AIR', estimatedDeliveryAt, overrideTotalUsdMinor: 12_000, overrideReason: 'Cliente frecuente' },
      { shippingMethod: 'SEA', estimatedDeliveryAt },
    ] } });
  await sendQuote();
  await ok(owner, `mutation ($id: ID!) { requestQuoteModification(requestId: $id, note: "¿Se puede en color negro?") { id } }`, { id: fixture.requestId });
  const { sendQuote: quote } = await sendQuote();
  const air = quote.options.find((o) => o.shippingMethod === 'AIR')!;
  const { acceptQuoteOption: order } = await ok<{ acceptQuoteOption: { id: string; number: string; usdPayableMinor: number } }>(owner,
    `mutation ($id: ID!) { acceptQuoteOption(optionId: $id) { id number usdPayableMinor } }`, { id: air.id });
  fixture.orderId = order.id;
  fixture.orderNumber = order.number;

  const pay = async (amountMinor: number, reference: string) => (await ok<{ submitPayment: { id: string } }>(owner,
    `mutation ($input: SubmitPaymentInput!) { submitPayment(input: $input) { id } }`,
    { input: { orderId: fixture.orderId, method: 'ZELLE', amountMinor, reference, proofUploadId: await upload(owner) } })).submitPayment.id;
  const rejected = await pay(1_000, 'ZL-0001');
  await ok(validator, `mutation ($id: ID!) { rejectPayment(paymentId: $id, reason: "La referencia no aparece en el banco") { id } }`, { id: rejected });
  const paid = await pay(order.usdPayableMinor, 'ZL-0002');
  await ok(validator, `mutation ($id: ID!) { validatePayment(paymentId: $id) { id } }`, { id: paid });
  fixture.paymentId = paid;
  await ok(validator, `mutation ($input: RegisterSupplierPaymentInput!) { registerSupplierPayment(input: $input) { id } }`, {
    input: { orderId: fixture.orderId, currency: 'CNY', amountMinor: 18_000, reference: 'ALIPAY-778' },
  });
  await ok(china, `mutation ($id: ID!) { confirmSupplierPayment(orderId: $id) { id } }`, { id: fixture.orderId });

  const track = (by: GqlClient, input: Record<string, unknown>) =>
    ok(by, `mutation ($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id } }`, { input });
  await track(china, { orderId: fixture.orderId, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén Guangzhou', note: 'Llegó en buen estado', photoUploadIds: [await upload(china)] });
  const { registerPackage } = await ok<{ registerPackage: { id: string } }>(china, `mutation ($input: RegisterPackageInput!) { registerPackage(input: $input) { id } }`, {
    input: { orderId: fixture.orderId, weightKg: '2.6', lengthCm: 41, widthCm: 31, heightCm: 21, repacked: true, note: 'Caja original rota, reempacada' },
  });
  const { createBox } = await ok<{ createBox: { id: string } }>(china, `mutation ($input: CreateBoxInput!) { createBox(input: $input) { id } }`, {
    input: { packageIds: [registerPackage.id], weightKg: '2.8' },
  });
  fixture.boxId = createBox.id;
  await track(china, { boxId: fixture.boxId, phase: 'DEPARTED_CHINA', place: 'Aeropuerto de Cantón' });
  for (const phase of ['IN_CUSTOMS', 'AT_LOCAL_WAREHOUSE', 'OUT_FOR_DELIVERY', 'DELIVERED']) {
    await track(venezuela, { orderId: fixture.orderId, phase, place: 'Caracas' });
  }
  const { mySurveys } = await ok<{ mySurveys: { edges: { node: { id: string } }[] } }>(owner, `{ mySurveys { edges { node { id } } } }`);
  fixture.surveyId = mySurveys.edges[0]!.node.id;
  await ok(owner, `mutation ($input: SubmitSurveyInput!) { submitSurvey(input: $input) { id } }`, {
    input: { surveyId: fixture.surveyId, generalScore: 9, responseTimeScore: 8, qualityScore: 9, priceScore: 7, attentionScore: 10, recommendScore: 9, comments: 'Muy bien' },
  });

  const { businessParameters } = await ok<{ businessParameters: { version: number } }>(master, `{ businessParameters { version } }`);
  await ok(master, `mutation ($v: Int!) { updateBusinessParameters(expectedVersion: $v, input: { vesPerUsd: "40.00", changeReason: "Nueva tasa BCV" }) { version } }`, { v: businessParameters.version });
  const waiting = await insertWaitingRequest(t, owner.customerId, 'SOURCING', 48);
  await insertWaitingRequest(t, owner.customerId, 'SOURCING', 48);
  // Claims (issue 7): a request, an order and a payment someone is working on, so `heldBy` has values to answer.
  const claim = (by: GqlClient, type: string, id: string) =>
    ok(by, `mutation ($type: WorkSubjectType!, $id: ID!) { claimWork(subject: { type: $type, id: $id }) { heldSince } }`, { type, id });
  await claim(china, 'PURCHASE_REQUEST', waiting.requestId);
  const working = await insertOrderInState(t, owner.customerId, { state: 'PURCHASED' });
  await claim(china, 'ORDER', working.orderId);
  await claim(validator, 'PAYMENT', await insertSubmittedPayment(t, working, owner.customerId, 1));
  await t.app.jobs.runNow('staff-alert-sweep');
  const { alerts } = await ok<{ alerts: { edges: { node: { id: string } }[] } }>(master, `{ alerts { edges { node { id } } } }`);
  await ok(master, `mutation ($id: ID!) { acknowledgeAlert(id: $id) { id } }`, { id: alerts.edges[0]!.node.id });
  const { myNotifications } = await ok<{ myNotifications: { edges: { node: { id: string } }[] } }>(owner, `{ myNotifications { edges { node { id } } } }`);
  await ok(owner, `mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [myNotifications.edges[0]!.node.id] });
  // Webhooks (issue 8): an endpoint bound to the owner, disabled after failing, with one delivered and one pending
  // delivery, so every field has a value (written directly: nothing is sent to a disabled endpoint).
  const [endpoint] = await t.sql<{ id: string }>(
    `INSERT INTO webhook_endpoint (id, url, description, secret, secret_hint, event_types, customer_id, enabled, disabled_reason, disabled_at,
                                   consecutive_failures, failing_since, created_at, updated_at)
     VALUES (gen_random_uuid(), 'https://hooks.example.com/morna', 'ERP', 'whsec_x', 'c0de', '{ORDER_CHANGED}', $1, false, 'FAILURES', now(), 20, now(), now(), now())
     RETURNING id`,
    [owner.customerId],
  );
  fixture.webhookEndpointId = endpoint!.id;
  await t.sql(
    `INSERT INTO webhook_delivery (id, endpoint_id, event_id, event_type, body, status, attempts, replays, next_attempt_at, last_attempt_at, last_status_code,
                                   last_response_body, last_error, last_duration_ms, delivered_at, created_at)
     VALUES (gen_random_uuid(), $1, 1, 'ORDER_CHANGED', '{"id":"1"}', 'SUCCEEDED', 1, 0, NULL, now(), 200, 'ok', NULL, 12, now(), now()),
            (gen_random_uuid(), $1, 2, 'ORDER_CHANGED', '{"id":"2"}', 'PENDING', 3, 1, now(), now(), NULL, NULL, 'connect ECONNREFUSED', 5, NULL, now())`,
    [endpoint!.id],
  );
  await buildInventoryFixture();
  await buildSupportFixture();
  await buildChatFixture();
  // Traceability (issue 9): a unit with its events; then one outbox pass anchors and confirms everything (automining anvil).
  const { registerUnit } = await ok<{ registerUnit: { code: string } }>(china,
    `mutation { registerUnit(input: { product: "Bolso", sku: "B-1", lot: "L-1", description: "Cuero", producer: "Taller", place: "Guangzhou" }) { code } }`);
  fixture.unitCode = registerUnit.code;
  await ok(china, `mutation ($id: String!) { recordUnitEvent(input: { unitId: $id, kind: PACKED, place: "Guangzhou", note: "Caja doble" }) { code } }`, { id: registerUnit.code });
  // Sold to the owner, who scanned its page and claimed it signed in: every scan and sale field has a value.
  await ok(master, `mutation ($unit: String!, $customer: ID!) { markUnitSold(input: { unit: $unit, customerId: $customer }) { claimCode } }`, { unit: registerUnit.code, customer: owner.customerId });
  await ok(owner, `mutation ($unit: String!) { claimUnit(input: { unit: $unit }) { claimedAt } }`, { unit: registerUnit.code });
  await ok(owner, `mutation ($unit: String!) { recordUnitScan(unit: $unit) { scans } }`, { unit: registerUnit.code });
  await ok(master, 'mutation { retryAnchoring { state } }');
  await t.settle();
}

/**
 * Inventory (issue 9): a transfer of the demo kit, a sale to the owner paid in part, and a walk-in sale voided — so
 * movements name a counterpart and a sale, and sales have a customer, a buyer name, payments and a void.
 */
async function buildInventoryFixture(): Promise<void> {
  const { MASTER: master, SALES: seller } = staff;
  const { products } = await ok<{ products: { edges: { node: { id: string; stock: { location: { id: string } }[] } }[] } }>(master, '{ products(filter: { search: "KIT-CERAMICA" }) { edges { node { id stock { location { id } } } } } }');
  const kit = products.edges[0]!.node;
  const [warehouse, store] = kit.stock.map((s) => s.location.id);
  fixture.productId = kit.id;
  await ok(master, 'mutation ($input: StockTransferInput!) { transferStock(input: $input) { id } }', { input: { productId: kit.id, fromLocationId: warehouse, toLocationId: store, quantity: 2 } });
  const sell = async (input: Record<string, unknown>) => (await ok<{ createSale: { id: string } }>(seller, 'mutation ($input: CreateSaleInput!) { createSale(input: $input) { id } }', {
    input: { lines: [{ productId: kit.id, locationId: store, quantity: 1 }], note: 'Entrega en tienda', ...input },
  })).createSale.id;
  const paid = await sell({ customerId: owner.customerId });
  await ok(seller, 'mutation ($input: RecordSalePaymentInput!) { recordSalePayment(input: $input) { id } }', { input: { saleId: paid, amountMinor: 1000, method: 'PAGO_MOVIL', reference: 'PM-123' } });
  fixture.saleId = await sell({ buyerName: 'Cliente de paso' });
  await ok(seller, 'mutation ($id: ID!) { voidSale(saleId: $id, reason: "Error de caja") { id } }', { id: fixture.saleId });
}

/**
 * Support (issue 10): a ticket of the owner opened from a chat and about a payment (so its origin fields answer), taken
 * by the support agent, with an internal note and a reply, resolved (solution, survey) and answered by its FAQ entry,
 * published; and a second one still open, so its SLA deadlines run.
 */
async function buildSupportFixture(): Promise<void> {
  const { SUPPORT: support, SUPERVISOR: supervisor } = staff;
  await ok(support, `mutation { agentHeartbeat }`);
  const open = (subject: string) => ok<{ createMyTicket: { id: string } }>(owner, `mutation ($input: CreateMyTicketInput!) { createMyTicket(input: $input) { id } }`, {
    input: { subject, description: `${subject}: lo pagué por Zelle ayer` },
  });
  fixture.ticketId = (await open('Mi pago no aparece')).createMyTicket.id;
  await t.sql(`UPDATE ticket SET conversation_id = gen_random_uuid(), rule = 'PAYMENT_NOT_VALIDATED', rule_subject_id = $2 WHERE id = $1`, [fixture.ticketId, fixture.paymentId]);
  await ok(support, `mutation ($id: ID!) { takeTicket(ticketId: $id) { id } }`, { id: fixture.ticketId });
  const interact = (kind: string, body: string) =>
    ok(support, `mutation ($input: AddTicketInteractionInput!) { addTicketInteraction(input: $input) { id } }`, { input: { ticketId: fixture.ticketId, kind, body } });
  await interact('INTERNAL_NOTE', 'Revisar con pagos');
  await interact('MESSAGE', 'Ya lo validamos');
  await ok(support, `mutation ($input: ChangeTicketStateInput!) { changeTicketState(input: $input) { id } }`, {
    input: { ticketId: fixture.ticketId, state: 'RESOLVED', solution: 'Pago validado', note: 'Confirmado con el banco' },
  });
  await open('Consulta abierta sobre mi pago');
  const { proposeFaqEntry } = await ok<{ proposeFaqEntry: { id: string } }>(support, `mutation ($input: ProposeFaqEntryInput!) { proposeFaqEntry(input: $input) { id } }`, {
    input: { ticketId: fixture.ticketId, question: '¿Cuándo validan mi pago?', answer: 'El equipo de pagos valida cada pago reportado en horas hábiles.', category: 'PAYMENT' },
  });
  await ok(supervisor, `mutation ($input: ReviewFaqEntryInput!) { reviewFaqEntry(input: $input) { id } }`, { input: { id: proposeFaqEntry.id, decision: 'PUBLISHED' } });
}

/**
 * Support chat (issue 10): with no agent online, the owner asks about the order (told nobody answers) and an agent
 * answers with an image; asks about the request and closes that chat; and leaves a general question waiting. A
 * canned reply exists.
 */
async function buildChatFixture(): Promise<void> {
  const open = async (input: Record<string, unknown>) =>
    (await ok<{ openChat: { id: string } }>(owner, `mutation ($input: OpenChatInput!) { openChat(input: $input) { id } }`, { input })).openChat.id;
  fixture.chatId = await open({ body: '¿Cuándo llega mi pedido?', subjectType: 'ORDER', subjectId: fixture.orderId });
  await ok(staff.SUPPORT, `mutation ($id: ID!, $input: ChatMessageInput!) { sendChatMessage(conversationId: $id, input: $input) { id } }`, {
    id: fixture.chatId, input: { body: 'Ya salió de aduana, mira la foto.', attachmentIds: [await upload(staff.SUPPORT)] },
  });
  const aboutRequest = await open({ body: 'Una duda sobre la cotización', subjectType: 'PURCHASE_REQUEST', subjectId: fixture.requestId });
  await ok(owner, `mutation ($id: ID!) { closeChat(conversationId: $id) { id } }`, { id: aboutRequest });
  await open({ body: 'Otra pregunta general' });
  await ok(staff.SUPERVISOR, `mutation ($input: CannedReplyInput!) { saveCannedReply(input: $input) { id } }`, { input: { title: 'Saludo', body: '¡Hola! ¿En qué te ayudo?' } });
}

/** The arguments each root query needs, pointing at the fixture; lists get a small page. */
function argumentsOf(field: string): string {
  const byId: Record<string, string> = {
    order: fixture.orderId, purchaseRequest: fixture.requestId, box: fixture.boxId, survey: fixture.surveyId, payment: fixture.paymentId,
    webhookEndpoint: fixture.webhookEndpointId, product: fixture.productId, sale: fixture.saleId, ticket: fixture.ticketId,
    chatConversation: fixture.chatId,
  };
  if (field === 'saleCustomerSearch') return `(search: "${owner.code}")`;
  if (field === 'suggestTicketCategory' || field === 'faqSuggestions') return '(text: "¿Dónde reporto mi pago?")';
  if (byId[field]) return `(id: "${byId[field]}")`;
  if (field === 'stalledOrders' || field === 'quietBoxes') return '(days: 1, first: 50)';
  if (field === 'quotePricePreview') return `(requestId: "${fixture.requestId}")`;
  if (field === 'publicTracking' || field === 'orderTrace') return `(number: "${fixture.orderNumber}", secondFactor: "${owner.code}")`;
  if (field === 'traceUnit') return `(unit: "${fixture.unitCode}")`;
  const args = schema.getQueryType()!.getFields()[field]!.args;
  return args.some((a) => a.name === 'first') ? '(first: 50)' : '';
}

/** Queries every root field `caller` may call with every reachable field selected, and checks every answer. */
async function walkAs(client: GqlClient, caller: Caller, userId: string, opts: { skip?: string[] } = {}): Promise<Walk> {
  const walk: Walk = { caller, userId, seen: new Set(), refused: new Set(), ids: new Set(), problems: [] };
  const query = schema.getQueryType()!;
  for (const field of Object.values(query.getFields())) {
    if (opts.skip?.includes(field.name)) continue;
    const rule = fieldAccess.Query![field.name];
    if (!rule) {
      walk.problems.push(`Query.${field.name} has no access rule`);
      continue;
    }
    const named = getNamedType(field.type);
    const children = isObjectType(named) ? selectionOf(named, new Set([named.name])) : null;
    const documentOf = (part: Selection[] | null) => `{ ${field.name}${argumentsOf(field.name)} ${part ? print(part) : ''} }`;
    const parts = children ? splitToFit(children, (part) => tokenCount(documentOf(part)) <= WALK_MAX_TOKENS) : [null];
    for (const part of parts) {
      const response = await client.request<Record<string, unknown>, never>(documentOf(part));
      if (!rule.roles.includes(caller)) {
        const code = response.errors?.[0]?.extensions?.code;
        if (!['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(code)) || response.data?.[field.name] != null) walk.problems.push(`${caller} called Query.${field.name}: ${JSON.stringify(response).slice(0, 300)}`);
        break;
      }
      walk.seen.add(`Query.${field.name}`);
      checkAnswer(walk, field.name, response, { field: field.name, parentType: 'Query', children: part });
    }
  }
  return walk;
}

/** Under the API's document token limit (QUERY_TOO_LARGE above 2,000), with room for the arguments. */
const WALK_MAX_TOKENS = 1900;

function tokenCount(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

/**
 * A selection too large for one document, cut into parts that each fit (together they select the same fields):
 * a list is halved; a single field too large is sent once per part of its own children.
 */
function splitToFit(selections: Selection[], fits: (part: Selection[]) => boolean): Selection[][] {
  if (fits(selections)) return [selections];
  if (selections.length > 1) {
    const middle = Math.ceil(selections.length / 2);
    return [...splitToFit(selections.slice(0, middle), fits), ...splitToFit(selections.slice(middle), fits)];
  }
  const only = selections[0]!;
  if (!only.children) throw new Error(`${only.parentType}.${only.field} alone exceeds the token limit`);
  return splitToFit(only.children, (part) => fits([{ ...only, children: part }])).map((part) => [{ ...only, children: part }]);
}

beforeAll(async () => {
  // The walk selects every field at every depth, far beyond what a screen asks for: the cost limit and the
  // time budget are not under test here.
  const defaults = loadConfig();
  t = await startTestApi({ graphql: { ...defaults.graphql, maxCost: 10_000_000, timeBudgetMs: 60_000 }, ...(await testChain()) });
  schema = await buildMornaSchema();
  staff = Object.fromEntries(await Promise.all(ALL_STAFF.map(async (r) => [r, await t.asStaff(r)] as const))) as Record<StaffRole, GqlClient>;
  owner = await t.newCustomer();
  other = await t.newCustomer();
  await buildFixture();
}, 120_000);
afterAll(async () => {
  await t.stop();
});

const userIdOf = async (client: GqlClient) => (await ok<{ me: { id: string } }>(client, '{ me { id } }')).me.id;

/** Every field of every type, for each of the seven staff roles and the customer: hundreds of requests. */
const WALK_TIMEOUT_MS = 180_000;

describe('field access', () => {
  it('has decided who may read every field of every object type of the schema, and nothing else', () => {
    const declared = Object.entries(fieldAccess).flatMap(([type, fields]) => Object.keys(fields).map((f) => `${type}.${f}`)).sort();
    const actual = Object.values(schema.getTypeMap())
      .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__') && type.name !== 'Mutation' && type.name !== 'Subscription')
      .flatMap((type) => Object.keys(type.getFields()).map((f) => `${type.name}.${f}`))
      .sort();
    expect(declared).toEqual(actual);
  });

  it('makes every restricted field nullable, so a refusal nulls the field and not its parent', () => {
    const restrictedNonNull = Object.entries(fieldAccess)
      .filter(([type]) => type !== 'Query')
      .flatMap(([type, fields]) => Object.entries(fields).filter(([, rule]) => isRestricted(rule)).map(([f]) => [type, f] as const))
      .filter(([type, f]) => isNonNullType((schema.getType(type) as GraphQLObjectType).getFields()[f]!.type))
      .map(([type, f]) => `${type}.${f}`);
    expect(restrictedNonNull).toEqual([]);
  });

  it('answers every field each role may read and refuses every other one, for every staff role and the owning customer', async () => {
    const seen = new Set<string>();
    const refused = new Set<string>();
    const problems: string[] = [];
    const walks = [
      ...ALL_STAFF.map((role) => [staff[role], role] as const),
      [owner, 'CUSTOMER'] as const,
    ];
    for (const [client, caller] of walks) {
      const walk = await walkAs(client, caller, await userIdOf(client));
      walk.seen.forEach((k) => seen.add(k));
      walk.refused.forEach((k) => refused.add(k));
      problems.push(...walk.problems);
    }
    expect(problems).toEqual([]);
    // A customer reaches a box only through their order, so the walk never asks them for the box's orders: ask here.
    const boxOrders = await owner.request<Record<string, unknown>, never>(`{ order(id: "${fixture.orderId}") { packages { box { number orders { id } } } } }`);
    expect(boxOrders.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['order.packages.0.box.orders', 'FORBIDDEN']]);
    refused.add('Box.orders');

    // The fixture exercises every field: each one answered a value to some role, and each restricted one was refused to some role.
    const walkable = Object.entries(fieldAccess).filter(([type]) => !mutationOnlyTypes.has(type));
    const fields = walkable.flatMap(([type, fields]) => Object.keys(fields).map((f) => `${type}.${f}`));
    expect(fields.filter((k) => !seen.has(k) && !notAnswered.has(k))).toEqual([]);
    expect([...notAnswered].filter((k) => seen.has(k))).toEqual([]);
    const restricted = walkable
      .filter(([type]) => type !== 'Query')
      .flatMap(([type, fields]) => Object.entries(fields).filter(([, rule]) => isRestricted(rule)).map(([f]) => `${type}.${f}`));
    expect(restricted.filter((k) => !refused.has(k))).toEqual([]);
  }, WALK_TIMEOUT_MS);

  it('shows another customer nothing of the owner: their walk reaches none of the owner\'s records, and the owner\'s ids are NOT_FOUND', async () => {
    // The published FAQ is everyone's (its entries are no one's records): both walks leave it out of the comparison.
    // The public trace lookups answer whoever holds the code or number + factor (the walk passes the owner's).
    const walk = await walkAs(other, 'CUSTOMER', other.userId, { skip: ['order', 'purchaseRequest', 'ticket', 'chatConversation', 'faq', 'faqSuggestions', 'traceUnit', 'orderTrace'] });
    expect(walk.problems).toEqual([]);
    const ownerWalk = await walkAs(owner, 'CUSTOMER', owner.userId, { skip: ['faq', 'faqSuggestions'] });
    expect([...ownerWalk.ids].filter((id) => walk.ids.has(id))).toEqual([]);
    expect(await other.errorCode(`{ order(id: "${fixture.orderId}") { id } }`)).toBe('NOT_FOUND');
    expect(await other.errorCode(`{ purchaseRequest(id: "${fixture.requestId}") { id } }`)).toBe('NOT_FOUND');
    expect(await other.errorCode(`{ ticket(id: "${fixture.ticketId}") { id } }`)).toBe('NOT_FOUND');
    expect(await other.errorCode(`{ chatConversation(id: "${fixture.chatId}") { id } }`)).toBe('NOT_FOUND');
  });

  it('keeps the supplier transfer reference out of the order history the customer reads', async () => {
    const { order } = await ok<{ order: { events: { note: string | null }[] } }>(owner, `{ order(id: "${fixture.orderId}") { events { note } } }`);
    expect(order.events.map((e) => e.note).join(' ')).not.toContain('ALIPAY-778');
  });

  it('answers the account fields of the user who just signed in, in the sign-in answer itself', async () => {
    const { signIn } = await ok<{ signIn: { user: { id: string; username: string; roles: string[] } } }>(t.anonymous(),
      `mutation { signIn(input: { login: "${owner.username}", password: "clave-segura-1" }) { user { id username roles } } }`);
    expect(signIn.user).toEqual({ id: owner.userId, username: owner.username, roles: ['CUSTOMER'] });
  });

  it('refuses every root query to an anonymous caller but the public tracking, which answers its public fields only', async () => {
    const walk = await walkAs(t.anonymous(), 'ANONYMOUS', '');
    expect(walk.problems).toEqual([]);
    const publicTypes = Object.entries(fieldAccess).filter(([, fields]) => Object.values(fields).some((rule) => rule === PUBLIC));
    const publicFieldKeys = publicTypes.flatMap(([type, fields]) => Object.entries(fields).filter(([, rule]) => rule === PUBLIC).map(([f]) => `${type}.${f}`));
    expect([...walk.seen].sort()).toEqual(publicFieldKeys.filter((k) => !notAnswered.has(k)).sort());
  });
});
