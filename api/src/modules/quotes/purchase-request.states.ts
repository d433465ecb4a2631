import type { Transitions } from '../../shared/transitions';

/**
 * Life of a quote request (seed 003 steps 1–5). SUBMITTED waits in a queue: retail for a China agent,
 * wholesale for a Venezuela agent. Final: ACCEPTED, REJECTED, EXPIRED.
 */
export enum PurchaseRequestState {
  Submitted = 'SUBMITTED',
  Sourcing = 'SOURCING',
  Pricing = 'PRICING',
  Quoted = 'QUOTED',
  ModificationRequested = 'MODIFICATION_REQUESTED',
  Accepted = 'ACCEPTED',
  Rejected = 'REJECTED',
  Expired = 'EXPIRED',
}

/**
 * Allowed moves of a quote request. REJECTED from SUBMITTED/SOURCING/PRICING is staff declining (reason
 * required); from QUOTED/MODIFICATION_REQUESTED it is the customer's answer or the third modification request
 * (seed 003 §4). EXPIRED only from QUOTED: an unanswered quote passes its response deadline.
 */
export const purchaseRequestTransitions: Transitions<PurchaseRequestState> = {
  // China agent starts sourcing a retail request; wholesale (or a China hand-over) goes to pricing.
  [PurchaseRequestState.Submitted]: { to: [PurchaseRequestState.Sourcing, PurchaseRequestState.Pricing, PurchaseRequestState.Rejected] },
  [PurchaseRequestState.Sourcing]: { to: [PurchaseRequestState.Pricing, PurchaseRequestState.Rejected] },
  [PurchaseRequestState.Pricing]: { to: [PurchaseRequestState.Quoted, PurchaseRequestState.Rejected] },
  [PurchaseRequestState.Quoted]: {
    to: [PurchaseRequestState.Accepted, PurchaseRequestState.ModificationRequested, PurchaseRequestState.Rejected, PurchaseRequestState.Expired],
  },
  // Re-quote, or the customer walks away; the third request never lands here (it rejects directly).
  [PurchaseRequestState.ModificationRequested]: { to: [PurchaseRequestState.Quoted, PurchaseRequestState.Rejected] },
  [PurchaseRequestState.Accepted]: { to: [] },
  [PurchaseRequestState.Rejected]: { to: [] },
  [PurchaseRequestState.Expired]: { to: [] },
};
