/**
 * Subscription topics and their JSON-safe payloads (ISO strings, no Date), so the same payload travels
 * through the events table, NOTIFY and the in-process pubsub unchanged.
 */
export const Topic = {
  PurchaseRequestChanged: 'PURCHASE_REQUEST_CHANGED',
  OrderChanged: 'ORDER_CHANGED',
  PaymentChanged: 'PAYMENT_CHANGED',
  NotificationCreated: 'NOTIFICATION_CREATED',
  AlertRaised: 'ALERT_RAISED',
  // Inventory and direct sales (issue 9)
  StockChanged: 'STOCK_CHANGED',
  SaleChanged: 'SALE_CHANGED',
  // Support (issue 10).
  TicketChanged: 'TICKET_CHANGED',
  // Support chat (issue 10).
  ChatChanged: 'CHAT_CHANGED',
  ChatUnanswered: 'CHAT_UNANSWERED',
  TraceAnchoringChanged: 'TRACE_ANCHORING_CHANGED',
} as const;
export type Topic = (typeof Topic)[keyof typeof Topic];

/** A purchase request moved between states (or was created: `previousState` null). */
export interface PurchaseRequestChangedPayload {
  requestId: string;
  customerId: string;
  state: string;
  previousState: string | null;
  queue: string | null;
  at: string;
  /** Only who holds the item changed (claims); customers' subscriptions skip such events. */
  holderChanged?: boolean;
}

/** An order moved between states (payment, supplier payment, tracking phase, cancellation). */
export interface OrderChangedPayload {
  orderId: string;
  customerId: string;
  state: string;
  previousState: string | null;
  at: string;
  /** Only who holds the item changed (claims); customers' subscriptions skip such events. */
  holderChanged?: boolean;
}

/** A customer payment was submitted, validated or rejected. */
export interface PaymentChangedPayload {
  paymentId: string;
  orderId: string;
  customerId: string;
  state: string;
  at: string;
  /** Only who holds the item changed (claims); customers' subscriptions skip such events. */
  holderChanged?: boolean;
}

/** An in-app notification for one user. */
export interface NotificationCreatedPayload {
  notificationId: string;
  userId: string;
  at: string;
}

/** The Master was alerted about work waiting on staff. */
export interface AlertRaisedPayload {
  alertId: string;
  at: string;
}

/** The stock of a product at a location changed by one movement (staff only). */
export interface StockChangedPayload {
  productId: string;
  locationId: string;
  movementId: string;
  type: string;
  /** Signed units of the movement. */
  delta: number;
  /** The stock after it. */
  quantity: number;
  at: string;
}

/** A direct sale was created, paid (in part) or voided. */
export interface SaleChangedPayload {
  saleId: string;
  /** Null for a walk-in buyer. */
  customerId: string | null;
  paymentStatus: string;
  at: string;
}

/** A support ticket was opened, changed state or got an interaction (issue 10). */
export interface TicketChangedPayload {
  ticketId: string;
  customerId: string;
  state: string;
  previousState: string | null;
  at: string;
  /** Staff-only change (an internal note, an assignment, a category): customers' subscriptions and webhooks skip it. */
  internal: boolean;
}

/** What happened in a support chat (CHAT_CHANGED). */
export type ChatChangeKind = 'OPENED' | 'MESSAGE' | 'TAKEN' | 'READ' | 'CLOSED' | 'UNANSWERED';

/** A support chat changed: a message, a take, a read receipt, closing, or the customer told nobody answers. */
export interface ChatChangedPayload {
  conversationId: string;
  customerId: string;
  kind: ChatChangeKind;
  /** The message written (kind MESSAGE). */
  messageId: string | null;
  /** The agent holding the conversation after the change, if any. */
  agentId: string | null;
  at: string;
}

/**
 * Hook for the tickets module (issue 10): a customer's chat got no answer — no agent online when they wrote,
 * or none answered within the Master's `supportChatAnswerMinutes`. Recorded once per conversation, in the
 * transaction that marked it (`chat_conversation.unanswered_at`).
 */
export interface ChatUnansweredPayload {
  conversationId: string;
  customerId: string;
  /** NO_AGENT_ONLINE or NO_ANSWER_IN_TIME. */
  reason: string;
  /** PURCHASE_REQUEST, ORDER or null; and its id. */
  subjectType: string | null;
  subjectId: string | null;
  /** The customer's unanswered messages, oldest first (text only; at most the last 20). */
  messages: { seq: number; body: string; at: string }[];
  /** When the customer started waiting. */
  awaitingReplySince: string;
  at: string;
}

/**
 * The anchoring of a trace chain (a product unit's or an order's history) changed: a batch holding some of its
 * events was confirmed on chain, failed, or was reorganised away and is being anchored again (issue 9).
 */
export interface TraceAnchoringChangedPayload {
  subjectType: 'UNIT' | 'ORDER';
  subjectId: string;
  /** The batch's status now: CONFIRMED, RETRYING or SUBMITTED (reorganised, waiting again). */
  status: string;
  at: string;
}

export interface TopicPayloads {
  [Topic.PurchaseRequestChanged]: PurchaseRequestChangedPayload;
  [Topic.OrderChanged]: OrderChangedPayload;
  [Topic.PaymentChanged]: PaymentChangedPayload;
  [Topic.NotificationCreated]: NotificationCreatedPayload;
  [Topic.AlertRaised]: AlertRaisedPayload;
  [Topic.StockChanged]: StockChangedPayload;
  [Topic.SaleChanged]: SaleChangedPayload;
  [Topic.TicketChanged]: TicketChangedPayload;
  [Topic.ChatChanged]: ChatChangedPayload;
  [Topic.ChatUnanswered]: ChatUnansweredPayload;
  [Topic.TraceAnchoringChanged]: TraceAnchoringChangedPayload;
}
