import { DomainEvent } from '../events/domain-event.entity';
import { FaqEntry } from '../modules/faq/faq-entry.entity';
import { AgentProfile } from '../modules/tickets/agent-profile.entity';
import { TicketEvent } from '../modules/tickets/ticket-event.entity';
import { TicketInteraction } from '../modules/tickets/ticket-interaction.entity';
import { TicketRuleHit } from '../modules/tickets/ticket-rule-hit.entity';
import { TicketSlaBreach } from '../modules/tickets/ticket-sla-breach.entity';
import { Ticket } from '../modules/tickets/ticket.entity';
import { Alert } from '../modules/alerts/alert.entity';
import { AuditLogEntry } from '../modules/audit/audit-log-entry.entity';
import { Customer } from '../modules/identity/customer.entity';
import { PasswordReset } from '../modules/identity/password-reset.entity';
import { RateLimitCounter } from '../modules/identity/rate-limit.entity';
import { Registration } from '../modules/identity/registration.entity';
import { Session } from '../modules/identity/session.entity';
import { RefreshToken } from '../modules/identity/refresh-token.entity';
import { User } from '../modules/identity/user.entity';
import { Box } from '../modules/logistics/box.entity';
import { Package } from '../modules/logistics/package.entity';
import { TrackingEvent } from '../modules/logistics/tracking-event.entity';
import { Notification } from '../modules/notifications/notification.entity';
import { OutboundMessage } from '../modules/notifications/outbound-message.entity';
import { OrderEvent } from '../modules/orders/order-event.entity';
import { Order } from '../modules/orders/order.entity';
import { Payment } from '../modules/payments/payment.entity';
import { SupplierPayment } from '../modules/payments/supplier-payment.entity';
import { PurchaseRequestEvent } from '../modules/quotes/purchase-request-event.entity';
import { PurchaseRequest } from '../modules/quotes/purchase-request.entity';
import { QuoteOption } from '../modules/quotes/quote-option.entity';
import { BusinessParameters } from '../modules/settings/business-parameters.entity';
import { Survey } from '../modules/surveys/survey.entity';
import { Upload } from '../modules/uploads/upload.entity';
import { ApiKey } from '../modules/api-keys/api-key.entity';
import { WorkClaim } from '../modules/claims/work-claim.entity';
import { WebhookDelivery } from '../modules/webhooks/webhook-delivery.entity';
import { WebhookDispatchCursor } from '../modules/webhooks/webhook-dispatch-cursor.entity';
import { WebhookEndpoint } from '../modules/webhooks/webhook-endpoint.entity';
import { Location } from '../modules/inventory/location.entity';
import { Product } from '../modules/inventory/product.entity';
import { Stock } from '../modules/inventory/stock.entity';
import { StockMovement } from '../modules/inventory/stock-movement.entity';
import { Sale } from '../modules/inventory/sale.entity';
import { SaleLine } from '../modules/inventory/sale-line.entity';
import { SalePayment } from '../modules/inventory/sale-payment.entity';
import { CannedReply } from '../modules/support-chat/canned-reply.entity';
import { ChatConversation } from '../modules/support-chat/chat-conversation.entity';
import { ChatMessage } from '../modules/support-chat/chat-message.entity';
import { ChatPresence } from '../modules/support-chat/chat-presence.entity';
import { AnchorBatch, ChainDeployment, TraceChain, TraceEvent, TraceUnit } from '../modules/traceability/trace.entities';
import { UnitSale, UnitScan } from '../modules/traceability/unit-label.entities';

/** Every MikroORM entity, listed explicitly (no folder scanning, same in `tsc` output and in tests). */
export const entities = [
  DomainEvent, User, Customer, Registration, PasswordReset, Session, RefreshToken, RateLimitCounter, AuditLogEntry, BusinessParameters, Upload,
  PurchaseRequest, PurchaseRequestEvent, QuoteOption, Order, OrderEvent, Payment, SupplierPayment, Box, Package,
  TrackingEvent, Notification, OutboundMessage, Survey, Alert, WorkClaim,
  ApiKey,
  WebhookEndpoint, WebhookDelivery, WebhookDispatchCursor,
  // Inventory and direct sales (issue 9)
  Location, Product, Stock, StockMovement, Sale, SaleLine, SalePayment,
  // Support (issue 10).
  Ticket, TicketInteraction, TicketEvent, TicketSlaBreach, TicketRuleHit, AgentProfile, FaqEntry,
  ChatConversation, ChatMessage, ChatPresence, CannedReply,
  TraceUnit, TraceChain, TraceEvent, AnchorBatch, ChainDeployment,
  UnitSale, UnitScan,
];
