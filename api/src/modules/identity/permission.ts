import { Role } from './role';

/**
 * Permissions are what operations declare (`@Authorized(Permission.PriceQuote)`); roles are sets of them.
 * `:own` permissions reach only the principal's own records, enforced in the services.
 */
export enum Permission {
  RequestQuote = 'quote:request',
  AnswerQuote = 'quote:answer',
  ReadOwnQuotes = 'quote:read:own',
  ReadAnyQuote = 'quote:read:any',
  SourceQuote = 'quote:source',
  PriceQuote = 'quote:price',
  OverrideQuotePrice = 'quote:override-price',
  DeclineQuoteRequest = 'quote:decline',
  ReadOwnOrders = 'order:read:own',
  ReadAnyOrder = 'order:read:any',
  SubmitPayment = 'payment:submit',
  ValidatePayment = 'payment:validate',
  RegisterSupplierPayment = 'supplier-payment:register',
  ConfirmSupplierPayment = 'supplier-payment:confirm',
  ManagePackages = 'logistics:packages',
  RecordTracking = 'tracking:record',
  ReadOwnNotifications = 'notification:read:own',
  SubmitSurvey = 'survey:submit',
  ReadSurveys = 'survey:read:any',
  ReadCustomers = 'customer:read:any',
  ReadSettings = 'settings:read',
  WriteSettings = 'settings:write',
  ManageUsers = 'user:manage',
  ReadAudit = 'audit:read',
  ReadAlerts = 'alert:read',
  Upload = 'upload:create',
  /** Give a work item to someone else, or take it over from its holder (claims). */
  AssignWork = 'work:assign',
  /** The operations overview (DESIGN "Reports and KPIs"). */
  ReadReports = 'report:read',
  /** Create, rotate, revoke and list API keys for third parties (issue 8); never held by a key. */
  ManageApiKeys = 'apikey:manage',
  /** Webhook endpoints and their delivery log (issue 8). */
  ManageWebhooks = 'webhook:manage',

  // Inventory and direct sales (issue 9)
  /** Products, stock per location, movements, sales and low-stock lists. */
  ReadInventory = 'inventory:read',
  /** Products and locations; stock entries, adjustments and transfers. */
  ManageInventory = 'inventory:manage',
  /** Sell directly: create a sale, record its payments, void it. */
  CreateSale = 'sale:create',
  // Support tickets and FAQ (issue 10).
  /** A customer opens, reads, answers and reopens their own tickets. */
  OwnTickets = 'ticket:own',
  /** Staff work tickets: read any, log interactions, change state, escalate, take one, open one for a call or email. */
  WorkTickets = 'ticket:work',
  /** Supervisors: assign tickets to others, set agents' skills, receive escalations. */
  SuperviseTickets = 'ticket:supervise',
  /** Review, publish or reject FAQ entries proposed from solved tickets. */
  PublishFaq = 'faq:publish',
  // Support chat (issue 10).
  /** A customer chats with support about their own account, requests and orders. */
  ChatAsCustomer = 'support-chat:own',
  /** Read every customer's conversations, take them and answer (the support inbox). */
  AnswerChats = 'support-chat:answer',
  /** Keep the agents' canned replies. */
  ManageCannedReplies = 'support-chat:canned-replies',
  // Traceability (issue 9, seed 000).
  /** Register finished product units (id, code, product data). */
  RegisterUnits = 'trace:unit:register',
  /** Record production and logistics events of units. */
  RecordUnitEvents = 'trace:unit:event',
  /** See the anchoring outbox and its errors, run it now (`retryAnchoring`); notified when anchoring fails. */
  ManageAnchoring = 'trace:anchoring',
  // Traceability labels (issue 9): sales and claims of units.
  /** Mark a unit sold (optionally to a customer) and get its claim code for the buyer. */
  SellUnits = 'trace:unit:sell',
}

/**
 * A pseudo-permission for field rules: the caller owns the object the field belongs to — the user themself
 * (a `User`), or the customer it is about (a `Customer`, or a record with a `customer`). See `auth-checker.ts`.
 */
export const Owner = 'owner';

/** What `@Authorized(...)` names: permissions, and `Owner` on fields. */
export type AccessRule = Permission | typeof Owner;

const staffBase = [Permission.ReadSettings, Permission.Upload, Permission.ReadOwnNotifications];

/** Support chat (issue 10): who answers the customers' chats (seed 003: the Venezuela agents), and who keeps canned replies. */
const chatAgent = [Permission.AnswerChats];
const chatLead = [Permission.AnswerChats, Permission.ManageCannedReplies];

/** seed 003 §3: what each role does, as permissions. */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  [Role.CUSTOMER]: [
    Permission.RequestQuote, Permission.AnswerQuote, Permission.ReadOwnQuotes, Permission.ReadOwnOrders,
    Permission.SubmitPayment, Permission.ReadOwnNotifications, Permission.SubmitSurvey, Permission.Upload,
    Permission.ChatAsCustomer,
  ],
  [Role.CHINA_AGENT]: [
    ...staffBase, Permission.ReadAnyQuote, Permission.SourceQuote, Permission.DeclineQuoteRequest, Permission.ReadAnyOrder,
    Permission.ConfirmSupplierPayment, Permission.ManagePackages, Permission.RecordTracking,
  ],
  [Role.VENEZUELA_AGENT]: [
    ...staffBase, Permission.ReadAnyQuote, Permission.PriceQuote, Permission.OverrideQuotePrice, Permission.DeclineQuoteRequest,
    Permission.ReadAnyOrder, Permission.RecordTracking, Permission.ReadSurveys, Permission.ReadCustomers,
    ...chatAgent,
  ],
  [Role.PAYMENT_VALIDATOR]: [
    ...staffBase, Permission.ReadAnyQuote, Permission.ReadAnyOrder, Permission.ValidatePayment, Permission.RegisterSupplierPayment,
    Permission.ReadCustomers,
  ],
  [Role.SALES]: [
    ...staffBase, Permission.ReadAnyQuote, Permission.ReadAnyOrder, Permission.ReadCustomers,
    Permission.ReadInventory, Permission.CreateSale,
  ],
  [Role.SUPPORT]: [...staffBase, Permission.ReadAnyQuote, Permission.ReadAnyOrder, Permission.ReadCustomers, ...chatAgent],
  [Role.SUPERVISOR]: [
    ...staffBase, Permission.ReadAnyQuote, Permission.ReadAnyOrder, Permission.ReadCustomers, Permission.ReadSurveys, Permission.AssignWork,
    ...chatLead,
  ],
  [Role.MASTER]: [
    ...staffBase, Permission.ReadAnyQuote, Permission.ReadAnyOrder, Permission.ReadCustomers, Permission.ReadSurveys,
    Permission.WriteSettings, Permission.ManageUsers, Permission.ReadAudit, Permission.ReadAlerts, Permission.OverrideQuotePrice,
    Permission.AssignWork, Permission.ReadReports, Permission.ManageApiKeys, Permission.ManageWebhooks,
    Permission.ReadInventory, Permission.ManageInventory, Permission.CreateSale,
    ...chatLead,
  ],
};

/** Support (issue 10), kept apart so each role's line above stays as it was. */
const supportPermissions: Partial<Record<Role, readonly Permission[]>> = {
  [Role.CUSTOMER]: [Permission.OwnTickets],
  [Role.VENEZUELA_AGENT]: [Permission.WorkTickets],
  [Role.SUPPORT]: [Permission.WorkTickets],
  [Role.SUPERVISOR]: [Permission.WorkTickets, Permission.SuperviseTickets, Permission.PublishFaq],
  [Role.MASTER]: [Permission.WorkTickets, Permission.SuperviseTickets, Permission.PublishFaq],
};
for (const [role, extra] of Object.entries(supportPermissions) as [Role, readonly Permission[]][]) {
  rolePermissions[role] = [...rolePermissions[role], ...extra];
}

// Traceability (issue 9): production and logistics in China register units and record their events; the
// Venezuela agent records arrival and delivery; the Master sees everything.
const traceabilityPermissions: Partial<Record<Role, readonly Permission[]>> = {
  [Role.CHINA_AGENT]: [Permission.RegisterUnits, Permission.RecordUnitEvents, Permission.ManageAnchoring],
  [Role.VENEZUELA_AGENT]: [Permission.RecordUnitEvents, Permission.SellUnits],
  [Role.MASTER]: [Permission.RegisterUnits, Permission.RecordUnitEvents, Permission.ManageAnchoring, Permission.SellUnits],
};
for (const [role, extra] of Object.entries(traceabilityPermissions) as [Role, readonly Permission[]][]) {
  rolePermissions[role] = [...rolePermissions[role], ...extra];
}

/** The roles that hold `permission`. */
export function rolesWith(permission: Permission): Role[] {
  return (Object.keys(rolePermissions) as Role[]).filter((role) => rolePermissions[role].includes(permission));
}

/** The union of the permissions of `roles`. */
export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => rolePermissions[r]));
}
