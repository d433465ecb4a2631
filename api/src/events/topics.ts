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
  [Topic.TraceAnchoringChanged]: TraceAnchoringChangedPayload;
}
