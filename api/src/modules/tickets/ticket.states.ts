import { registerEnumType } from 'type-graphql';
import type { Transitions } from '../../shared/transitions';

/**
 * Life of a support ticket (seed 000 process 3): staff work it, may wait on the customer (SLA paused) or escalate it
 * to a supervisor, and resolve it with the solution recorded. The customer may reopen a RESOLVED ticket within the
 * Master's `ticketReopenDays`; after that window the sweep closes it. CLOSED is final.
 */
export enum TicketState {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  WAITING_CUSTOMER = 'WAITING_CUSTOMER',
  ESCALATED = 'ESCALATED',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}
registerEnumType(TicketState, { name: 'TicketState', description: 'OPEN → IN_PROGRESS → WAITING_CUSTOMER → RESOLVED → CLOSED, or ESCALATED to a supervisor.' });

/** Allowed moves of a ticket; RESOLVED → IN_PROGRESS is the customer's (or staff's) reopening. */
export const ticketTransitions: Transitions<TicketState> = {
  [TicketState.OPEN]: { to: [TicketState.IN_PROGRESS, TicketState.WAITING_CUSTOMER, TicketState.ESCALATED, TicketState.RESOLVED] },
  [TicketState.IN_PROGRESS]: { to: [TicketState.WAITING_CUSTOMER, TicketState.ESCALATED, TicketState.RESOLVED] },
  [TicketState.WAITING_CUSTOMER]: { to: [TicketState.IN_PROGRESS, TicketState.ESCALATED, TicketState.RESOLVED] },
  [TicketState.ESCALATED]: { to: [TicketState.IN_PROGRESS, TicketState.WAITING_CUSTOMER, TicketState.RESOLVED] },
  [TicketState.RESOLVED]: { to: [TicketState.CLOSED, TicketState.IN_PROGRESS] },
  [TicketState.CLOSED]: { to: [] },
};

/** States in which the ticket still needs work (counted as an agent's load, watched by the SLA sweep). */
export const activeTicketStates: readonly TicketState[] = [TicketState.OPEN, TicketState.IN_PROGRESS, TicketState.WAITING_CUSTOMER, TicketState.ESCALATED];

export enum TicketPriority {
  LOW = 'LOW',
  NORMAL = 'NORMAL',
  HIGH = 'HIGH',
  URGENT = 'URGENT',
}
registerEnumType(TicketPriority, { name: 'TicketPriority', description: 'Sets the SLA timers (Master parameters per priority).' });

/** Where a ticket came from (seed 000: "por correo, llamada, formulario"; DESIGN: portal, email, phone, chat or a lead). */
export enum TicketSource {
  PORTAL = 'PORTAL',
  PHONE = 'PHONE',
  EMAIL = 'EMAIL',
  CHAT = 'CHAT',
  /** Reserved for the CRM (leads do not exist yet): no lead is linked. */
  LEAD = 'LEAD',
  /** Opened by a cross-domain rule (quote not sent, payment not validated, order stuck in customs). */
  SYSTEM = 'SYSTEM',
}
registerEnumType(TicketSource, { name: 'TicketSource' });

/** What a ticket is about; the classifier suggests one from the text, staff confirm. */
export enum TicketCategory {
  QUOTE = 'QUOTE',
  PAYMENT = 'PAYMENT',
  SHIPPING = 'SHIPPING',
  PRODUCT = 'PRODUCT',
  ACCOUNT = 'ACCOUNT',
  OTHER = 'OTHER',
}
registerEnumType(TicketCategory, { name: 'TicketCategory', description: 'Quotes, payments, shipping and customs, product condition, account, other.' });

/** A logged interaction; INTERNAL_NOTE is staff-only and never reaches the customer. */
export enum InteractionKind {
  MESSAGE = 'MESSAGE',
  CALL = 'CALL',
  EMAIL = 'EMAIL',
  INTERNAL_NOTE = 'INTERNAL_NOTE',
  /** Written by the system (assignment, escalation, SLA breach, reopening); visible to the customer only when `public`. */
  SYSTEM = 'SYSTEM',
}
registerEnumType(InteractionKind, { name: 'InteractionKind' });

/** Which way a message, call or email went. */
export enum InteractionDirection {
  FROM_CUSTOMER = 'FROM_CUSTOMER',
  TO_CUSTOMER = 'TO_CUSTOMER',
  INTERNAL = 'INTERNAL',
}
registerEnumType(InteractionDirection, { name: 'InteractionDirection' });

/** The SLA timers whose breach is recorded once per ticket. */
export enum SlaKind {
  FIRST_RESPONSE = 'FIRST_RESPONSE',
  RESOLUTION = 'RESOLUTION',
}
registerEnumType(SlaKind, { name: 'SlaKind' });

/** The cross-domain rules that open (or escalate) a ticket by themselves, once per subject. */
export enum TicketRule {
  QUOTE_NOT_SENT = 'QUOTE_NOT_SENT',
  PAYMENT_NOT_VALIDATED = 'PAYMENT_NOT_VALIDATED',
  STUCK_IN_CUSTOMS = 'STUCK_IN_CUSTOMS',
}
registerEnumType(TicketRule, { name: 'TicketRule' });
