import type { Transitions } from '../../shared/transitions';

/**
 * Life of a quote request (seed 003 steps 1–5). SUBMITTED waits in a queue: retail for a China agent,
 * wholesale for a Venezuela agent. Final: ACCEPTED, REJECTED, EXPIRED.
 */
export enum PurchaseRequestState {
  SUBMITTED = 'SUBMITTED',
  SOURCING = 'SOURCING',
  PRICING = 'PRICING',
  QUOTED = 'QUOTED',
  MODIFICATION_REQUESTED = 'MODIFICATION_REQUESTED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  EXPIRED = 'EXPIRED',
}

/**
 * Allowed moves of a quote request. REJECTED from SUBMITTED/SOURCING/PRICING is staff declining (reason
 * required); from QUOTED/MODIFICATION_REQUESTED it is the customer's answer or the third modification request
 * (seed 003 §4). EXPIRED only from QUOTED: an unanswered quote passes its response deadline.
 */
export const purchaseRequestTransitions: Transitions<PurchaseRequestState> = {
  // China agent starts sourcing a retail request; wholesale (or a China hand-over) goes to pricing.
  [PurchaseRequestState.SUBMITTED]: { to: [PurchaseRequestState.SOURCING, PurchaseRequestState.PRICING, PurchaseRequestState.REJECTED] },
  [PurchaseRequestState.SOURCING]: { to: [PurchaseRequestState.PRICING, PurchaseRequestState.REJECTED] },
  [PurchaseRequestState.PRICING]: { to: [PurchaseRequestState.QUOTED, PurchaseRequestState.REJECTED] },
  [PurchaseRequestState.QUOTED]: {
    to: [PurchaseRequestState.ACCEPTED, PurchaseRequestState.MODIFICATION_REQUESTED, PurchaseRequestState.REJECTED, PurchaseRequestState.EXPIRED],
  },
  // Re-quote, or the customer walks away; the third request never lands here (it rejects directly).
  [PurchaseRequestState.MODIFICATION_REQUESTED]: { to: [PurchaseRequestState.QUOTED, PurchaseRequestState.REJECTED] },
  [PurchaseRequestState.ACCEPTED]: { to: [] },
  [PurchaseRequestState.REJECTED]: { to: [] },
  [PurchaseRequestState.EXPIRED]: { to: [] },
};
