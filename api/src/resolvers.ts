import type { NonEmptyArray } from 'type-graphql';
import { FaqResolver } from './modules/faq/faq.resolver';
import { AgentProfileResolver, TicketResolver } from './modules/tickets/ticket.resolver';
import { AuditResolver } from './modules/audit/audit.resolver';
import { AuthResolver } from './modules/identity/auth.resolver';
import { UserAdminResolver } from './modules/identity/user-admin.resolver';
import { OrderResolver } from './modules/orders/order.resolver';
import { PaymentResolver } from './modules/payments/payment.resolver';
import { SupplierPaymentResolver } from './modules/payments/supplier-payment.resolver';
import { AlertResolver } from './modules/alerts/alert.resolver';
import { BoxResolver, PackageResolver, TrackingEventResolver } from './modules/logistics/logistics.resolver';
import { NotificationResolver } from './modules/notifications/notification.resolver';
import { OrderSurveyResolver, SurveyResolver, TicketSurveyResolver } from './modules/surveys/survey.resolver';
import { QuoteOptionResolver } from './modules/quotes/quote-option.resolver';
import { QuoteResolver } from './modules/quotes/quote.resolver';
import { QuoteSubscriptionResolver } from './modules/quotes/quote.subscriptions';
import { SettingsResolver } from './modules/settings/settings.resolver';
import { PublicTrackingResolver } from './modules/public-tracking/public-tracking.resolver';
import { ConsistencyResolver } from './modules/consistency/consistency.resolver';
import { ReportsResolver } from './modules/reports/reports.resolver';
import { ApiKeyResolver } from './modules/api-keys/api-key.resolver';
import { WebhookDeliveryResolver, WebhookEndpointResolver } from './modules/webhooks/webhook.resolver';
import { ProductResolver, StockMovementResolver } from './modules/inventory/inventory.resolver';
import { SaleLineResolver, SalePaymentResolver, SaleResolver } from './modules/inventory/sale.resolver';
import { TraceResolver } from './modules/traceability/trace.resolver';
import { OrderTraceLabelResolver, TraceUnitLabelResolver, UnitTraceLabelResolver } from './modules/traceability/unit-label.resolver';
import { ClaimResolver, OrderClaimResolver, PaymentClaimResolver, PurchaseRequestClaimResolver } from './modules/claims/claims.resolver';

import { ChatMessageResolver, ChatResolver, ChatUpdateResolver } from './modules/support-chat/chat.resolver';

/** Every resolver class of the schema; each module adds its own line here. */
export const resolvers: NonEmptyArray<Function> = [
  AuthResolver,
  UserAdminResolver,
  AuditResolver,
  OrderResolver, PaymentResolver, SupplierPaymentResolver,
  BoxResolver, PackageResolver, TrackingEventResolver, NotificationResolver, SurveyResolver, OrderSurveyResolver, AlertResolver,
  QuoteResolver, QuoteOptionResolver, QuoteSubscriptionResolver, SettingsResolver,
  PublicTrackingResolver,
  ConsistencyResolver,
  ReportsResolver,
  ClaimResolver, PurchaseRequestClaimResolver, PaymentClaimResolver, OrderClaimResolver,
  ApiKeyResolver,
  WebhookEndpointResolver, WebhookDeliveryResolver,
  // Inventory and direct sales (issue 9)
  ProductResolver, StockMovementResolver, SaleResolver, SaleLineResolver, SalePaymentResolver,
  // Support (issue 10): tickets and FAQ.
  TicketResolver, AgentProfileResolver, TicketSurveyResolver, FaqResolver,
  ChatResolver, ChatMessageResolver, ChatUpdateResolver,
  TraceResolver,
  TraceUnitLabelResolver, UnitTraceLabelResolver, OrderTraceLabelResolver,
];
