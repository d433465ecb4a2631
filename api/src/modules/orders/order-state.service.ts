import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { DomainError } from '../../shared/errors';
import { canTransition } from '../../shared/transitions';
import type { User } from '../identity/user.entity';
import { OrderEvent } from './order-event.entity';
import type { Order } from './order.entity';
import { OrderState, orderTransitions } from './order.states';

/**
 * The one way an order changes state: checks the transition table, writes the history row and the
 * domain event in the caller's transaction. The caller holds the order row lock (`PESSIMISTIC_WRITE`).
 * Throws INVALID_TRANSITION.
 */
export function changeOrderState(
  em: EntityManager,
  order: Order,
  to: OrderState,
  by: { actor: User | null; note?: string | null; at?: Date },
): void {
  const from = order.state;
  if (!canTransition(orderTransitions, from, to)) throw new DomainError('INVALID_TRANSITION', { from, to });
  const at = by.at ?? new Date();
  order.state = to;
  order.stateChangedAt = at;
  em.persist(em.create(OrderEvent, { order, fromState: from, toState: to, actor: by.actor, actorName: by.actor?.displayName ?? 'Sistema', note: by.note ?? null, at }));
  recordEvent(em, Topic.OrderChanged, { orderId: order.id, customerId: order.customer.id, state: to, previousState: from, at: at.toISOString() });
}
