import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { DomainError } from '../../shared/errors';
import { Order } from '../orders/order.entity';
import { Payment } from '../payments/payment.entity';
import { PurchaseRequest } from '../quotes/purchase-request.entity';
import { WorkSubjectType, workStage } from './claims.rules';

/** A work item locked for the rest of the transaction: its stage now, and how to tell its queue's listeners. */
export interface LockedSubject {
  type: WorkSubjectType;
  id: string;
  stage: string | null;
  /** Records a "holder changed" event on the subject's topic (customers' subscriptions skip it). */
  announce(em: EntityManager, at: Date): void;
}

/**
 * Locks a request, payment or order row (FOR UPDATE) so a claim and any change to the item take turns: the
 * same lock the item's mutations take. NOT_FOUND when there is no such item.
 */
export async function lockSubject(em: EntityManager, type: WorkSubjectType, id: string): Promise<LockedSubject> {
  const lock = { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } as const;
  switch (type) {
    case WorkSubjectType.PURCHASE_REQUEST: {
      const request = await em.findOne(PurchaseRequest, id, lock);
      if (!request) throw new DomainError('NOT_FOUND');
      return {
        type, id, stage: workStage(type, request),
        announce: (tx, at) => recordEvent(tx, Topic.PurchaseRequestChanged, {
          requestId: request.id, customerId: request.customer.id, state: request.state, previousState: request.state, queue: request.queue,
          at: at.toISOString(), holderChanged: true,
        }),
      };
    }
    case WorkSubjectType.PAYMENT: {
      const payment = await em.findOne(Payment, id, lock);
      if (!payment) throw new DomainError('NOT_FOUND');
      return {
        type, id, stage: workStage(type, payment),
        announce: (tx, at) => recordEvent(tx, Topic.PaymentChanged, {
          paymentId: payment.id, orderId: payment.order.id, customerId: payment.customer.id, state: payment.state, at: at.toISOString(), holderChanged: true,
        }),
      };
    }
    case WorkSubjectType.ORDER: {
      const order = await em.findOne(Order, id, lock);
      if (!order) throw new DomainError('NOT_FOUND');
      return {
        type, id, stage: workStage(type, order),
        announce: (tx, at) => recordEvent(tx, Topic.OrderChanged, {
          orderId: order.id, customerId: order.customer.id, state: order.state, previousState: order.state, at: at.toISOString(), holderChanged: true,
        }),
      };
    }
  }
}
