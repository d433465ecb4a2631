import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { DomainError } from '../../shared/errors';
import { canTransition } from '../../shared/transitions';
import type { User } from '../identity/user.entity';
import { PurchaseRequestEvent } from './purchase-request-event.entity';
import type { PurchaseRequest } from './purchase-request.entity';
import { PurchaseRequestState, purchaseRequestTransitions } from './purchase-request.states';
import { StaffQueue } from './quote.enums';

/** Which team a request in `state` waits on (null: it waits on the customer, or is closed). */
export function queueFor(state: PurchaseRequestState, purchaseType: string): StaffQueue | null {
  switch (state) {
    case PurchaseRequestState.SUBMITTED:
      return purchaseType === 'RETAIL' ? StaffQueue.CHINA : StaffQueue.VENEZUELA;
    case PurchaseRequestState.SOURCING:
      return StaffQueue.CHINA;
    case PurchaseRequestState.PRICING:
    case PurchaseRequestState.MODIFICATION_REQUESTED:
      return StaffQueue.VENEZUELA;
    default:
      return null;
  }
}

/**
 * The one way a quote request changes state (or is created, `from` null): checks the transition table,
 * sets the waiting queue, writes the history row and the domain event in the caller's transaction.
 * The caller holds the request row lock. Throws INVALID_TRANSITION.
 */
export function changePurchaseRequestState(
  em: EntityManager,
  request: PurchaseRequest,
  to: PurchaseRequestState,
  by: { actor: User | null; note?: string | null; at?: Date; created?: boolean },
): void {
  const from = by.created ? null : request.state;
  if (from !== null && !canTransition(purchaseRequestTransitions, from, to)) throw new DomainError('INVALID_TRANSITION', { from, to });
  const at = by.at ?? new Date();
  request.state = to;
  request.stateChangedAt = at;
  request.queue = queueFor(to, request.purchaseType);
  em.persist(em.create(PurchaseRequestEvent, { request, fromState: from, toState: to, actor: by.actor, actorName: by.actor?.displayName ?? 'Sistema', note: by.note ?? null, at }));
  recordEvent(em, Topic.PurchaseRequestChanged, {
    requestId: request.id,
    customerId: request.customer.id,
    state: to,
    previousState: from,
    queue: request.queue,
    at: at.toISOString(),
  });
}
