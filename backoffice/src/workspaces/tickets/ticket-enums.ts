import type { TicketCategory, TicketPriority, TicketState } from '../../graphql/generated/graphql';

/** The API's ticket enums in display order, for filters and forms. */
export const ticketStates: readonly TicketState[] = ['OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'ESCALATED', 'RESOLVED', 'CLOSED'];
export const ticketPriorities: readonly TicketPriority[] = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];
export const ticketCategories: readonly TicketCategory[] = ['QUOTE', 'PAYMENT', 'SHIPPING', 'PRODUCT', 'ACCOUNT', 'OTHER'];
