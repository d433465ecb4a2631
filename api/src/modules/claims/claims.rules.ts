import { Permission } from '../identity/permission';

/** What staff claim: a quote request (sourcing, pricing), a customer payment (validation), an order (purchase, logistics). */
export enum WorkSubjectType {
  PURCHASE_REQUEST = 'PURCHASE_REQUEST',
  PAYMENT = 'PAYMENT',
  ORDER = 'ORDER',
}

/** A claim as the rules see it: who holds it, since when, when they last worked it, and for which stage. */
export interface ClaimFacts {
  holderId: string;
  claimedAt: Date;
  lastActiveAt: Date;
  /** The stage of the subject the claim was taken for (see `workStage`). */
  stage: string;
}

/** When the rules are asked, and how long a claim lives without activity (ms). */
export interface ClaimClock {
  now: Date;
  idleMs: number;
}

/** Order states waiting on staff; each phase is its own piece of work. */
const workingOrderStates = new Set([
  'PAID', 'PURCHASED', 'AT_CHINA_WAREHOUSE', 'DEPARTED_CHINA', 'IN_CUSTOMS', 'AT_LOCAL_WAREHOUSE', 'OUT_FOR_DELIVERY', 'READY_FOR_PICKUP',
]);

/**
 * The piece of work a subject waits on now, or null when it waits on nobody on staff (on the customer, or
 * closed). A request's stage is its staff queue (CHINA, VENEZUELA), a payment's is VALIDATION while
 * SUBMITTED, an order's is its state from PAID until delivered. A claim counts only for the stage it was
 * taken in, so it lapses by itself when the item leaves the queue or state that needed the work.
 */
export function workStage(type: WorkSubjectType, s: { state: string; queue?: string | null }): string | null {
  switch (type) {
    case WorkSubjectType.PURCHASE_REQUEST:
      return s.queue ?? null;
    case WorkSubjectType.PAYMENT:
      return s.state === 'SUBMITTED' ? 'VALIDATION' : null;
    case WorkSubjectType.ORDER:
      return workingOrderStates.has(s.state) ? s.state : null;
  }
}

/** Who may work (and so claim) a subject in `stage`: holding any one of these permissions is enough. */
export function workPermissions(type: WorkSubjectType, stage: string): readonly Permission[] {
  switch (type) {
    case WorkSubjectType.PURCHASE_REQUEST:
      return stage === 'CHINA' ? [Permission.SourceQuote] : [Permission.PriceQuote];
    case WorkSubjectType.PAYMENT:
      return [Permission.ValidatePayment];
    case WorkSubjectType.ORDER:
      return [Permission.RegisterSupplierPayment, Permission.ConfirmSupplierPayment, Permission.ManagePackages, Permission.RecordTracking];
  }
}

/** Every permission some work needs: who holds none of them has nothing to claim (the gate of claimWork). */
export const workingPermissions: readonly Permission[] = [
  Permission.SourceQuote, Permission.PriceQuote, Permission.ValidatePayment,
  Permission.RegisterSupplierPayment, Permission.ConfirmSupplierPayment, Permission.ManagePackages, Permission.RecordTracking,
];

/** Until when a claim lives without further activity (UTC). */
export function claimExpiresAt(claim: ClaimFacts, idleMs: number): Date {
  return new Date(claim.lastActiveAt.getTime() + idleMs);
}

/** Whether `claim` still holds the subject at `clock.now` in `stage`: same stage, and idle for less than `idleMs`. */
export function isClaimLive(claim: ClaimFacts | null, stage: string | null, clock: ClaimClock): claim is ClaimFacts {
  if (!claim || stage === null || claim.stage !== stage) return false;
  return clock.now.getTime() < claimExpiresAt(claim, clock.idleMs).getTime();
}

/**
 * What taking a subject leads to: TAKE (a new claim, since now), REFRESH (the holder again: same since, new
 * activity), or a refusal code — INVALID_STATE when nobody on staff has work on it, FORBIDDEN when the
 * claimer may not do that work, ALREADY_CLAIMED when someone else holds it.
 */
export type ClaimDecision = { outcome: 'TAKE' | 'REFRESH' } | { refusal: 'INVALID_STATE' | 'FORBIDDEN' | 'ALREADY_CLAIMED' };

/** Someone takes the subject for themself (`claimWork`). */
export function decideClaim(r: { existing: ClaimFacts | null; claimerId: string; mayWork: boolean; stage: string | null; clock: ClaimClock }): ClaimDecision {
  if (r.stage === null) return { refusal: 'INVALID_STATE' };
  if (!r.mayWork) return { refusal: 'FORBIDDEN' };
  if (isClaimLive(r.existing, r.stage, r.clock)) return r.existing.holderId === r.claimerId ? { outcome: 'REFRESH' } : { refusal: 'ALREADY_CLAIMED' };
  return { outcome: 'TAKE' };
}

/**
 * A Master or supervisor (work:assign) gives the subject to `assigneeId`, overriding any holder. Refusals:
 * FORBIDDEN without work:assign, INVALID_STATE when nobody on staff has work on it, BAD_USER_INPUT when the
 * assignee may not do that work.
 */
export function decideAssign(r: {
  existing: ClaimFacts | null;
  assigneeId: string;
  mayAssign: boolean;
  assigneeMayWork: boolean;
  stage: string | null;
  clock: ClaimClock;
}): { outcome: 'TAKE' | 'REFRESH' } | { refusal: 'INVALID_STATE' | 'FORBIDDEN' | 'BAD_USER_INPUT' } {
  if (!r.mayAssign) return { refusal: 'FORBIDDEN' };
  if (r.stage === null) return { refusal: 'INVALID_STATE' };
  if (!r.assigneeMayWork) return { refusal: 'BAD_USER_INPUT' };
  return isClaimLive(r.existing, r.stage, r.clock) && r.existing.holderId === r.assigneeId ? { outcome: 'REFRESH' } : { outcome: 'TAKE' };
}

/**
 * Letting go of a subject: the holder, or anyone with work:assign, RELEASEs a live claim; NONE when there is
 * nothing live to release; ALREADY_CLAIMED for someone else who may do the work. FORBIDDEN for anyone who
 * neither holds it, nor may do its work, nor may assign it — so no one else learns who holds it.
 */
export function decideRelease(r: { existing: ClaimFacts | null; actorId: string; mayWork: boolean; mayAssign: boolean; stage: string | null; clock: ClaimClock }):
  { outcome: 'RELEASE' | 'NONE' } | { refusal: 'ALREADY_CLAIMED' | 'FORBIDDEN' } {
  const live = isClaimLive(r.existing, r.stage, r.clock);
  const holds = live && r.existing!.holderId === r.actorId;
  if (!holds && !r.mayWork && !r.mayAssign) return { refusal: 'FORBIDDEN' };
  if (!live) return { outcome: 'NONE' };
  return holds || r.mayAssign ? { outcome: 'RELEASE' } : { refusal: 'ALREADY_CLAIMED' };
}

/**
 * Whether `actorId` may change the subject now: refused (ALREADY_CLAIMED) only while someone else holds a
 * live claim. Even a Master reassigns first, so the holder's screen shows the change before the work moves.
 */
export function checkMayWork(r: { existing: ClaimFacts | null; actorId: string; stage: string | null; clock: ClaimClock }): 'ALREADY_CLAIMED' | undefined {
  return isClaimLive(r.existing, r.stage, r.clock) && r.existing.holderId !== r.actorId ? 'ALREADY_CLAIMED' : undefined;
}
