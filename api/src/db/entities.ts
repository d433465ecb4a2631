import { DomainEvent } from '../events/domain-event.entity';
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
import { AnchorBatch, ChainDeployment, TraceChain, TraceEvent, TraceUnit } from '../modules/traceability/trace.entities';
import { UnitSale, UnitScan } from '../modules/traceability/unit-label.entities';

/** Every MikroORM entity, listed explicitly (no folder scanning, same in `tsc` output and in tests). */
export const entities = [
  DomainEvent, User, Customer, Registration, PasswordReset, Session, RefreshToken, RateLimitCounter, AuditLogEntry, BusinessParameters, Upload,
  PurchaseRequest, PurchaseRequestEvent, QuoteOption, Order, OrderEvent, Payment, SupplierPayment, Box, Package,
  TrackingEvent, Notification, OutboundMessage, Survey, Alert, WorkClaim,
  ApiKey,
  WebhookEndpoint, WebhookDelivery, WebhookDispatchCursor,
  TraceUnit, TraceChain, TraceEvent, AnchorBatch, ChainDeployment,
  UnitSale, UnitScan,
];
