import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { DomainError } from '../../shared/errors';
import { canTransition } from '../../shared/transitions';
import type { User } from '../identity/user.entity';
import { appendOrderTrace } from '../traceability/trace.service';
import { OrderEvent } from './order-event.entity';
import type { Order } from './order.entity';
import { OrderState, orderTransitions } from './order.states';

/**
 * The one way an order changes state: checks the transition table, writes the history row (with its trace
 * event) and the domain event in the caller's transaction. The caller holds the order row lock
 * (`PESSIMISTIC_WRITE`). `place` and `occurredAt` come from a tracking milestone (where and when it happened).
 * Throws INVALID_TRANSITION.
 */
export async function changeOrderState(
  em: EntityManager,
  order: Order,
  to: OrderState,
  by: { actor: User | null; note?: string | null; at?: Date; place?: string | null; occurredAt?: Date },
): Promise<void> {
  const from = order.state;
  if (!canTransition(orderTransitions, from, to)) throw new DomainError('INVALID_TRANSITION', { from, to });
  const at = by.at ?? new Date();
  order.state = to;
  order.stateChangedAt = at;
  await writeOrderHistory(em, order, from, { ...by, at });
}

/**
 * The history of an order, written in one place: its `OrderEvent` row, the event appended to the order's
 * trace chain (anchored on chain later; issue 9) and the ORDER_CHANGED domain event. `from` is null for the
 * order's birth.
 */
export async function writeOrderHistory(
  em: EntityManager,
  order: Order,
  from: OrderState | null,
  by: { actor: User | null; note?: string | null; at: Date; place?: string | null; occurredAt?: Date },
): Promise<void> {
  const to = order.state;
  const actorName = by.actor?.displayName ?? 'Sistema';
  em.persist(em.create(OrderEvent, { order, fromState: from, toState: to, actor: by.actor, actorName, note: by.note ?? null, at: by.at }));
  await appendOrderTrace(em, order.id, {
    kind: to, occurredAt: by.occurredAt ?? by.at, place: by.place ?? null, note: by.note ?? null, actor: actorName,
    details: { orderNumber: order.number, fromState: from },
  });
  recordEvent(em, Topic.OrderChanged, { orderId: order.id, customerId: order.customer.id, state: to, previousState: from, at: by.at.toISOString() });
}
