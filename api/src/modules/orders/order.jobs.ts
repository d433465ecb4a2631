import { LockMode } from '@mikro-orm/postgresql';
import type { App } from '../../app';
import type { JobDefinition } from '../../jobs/jobs';
import { notifyUser } from '../notifications/notification.service';
import { Payment } from '../payments/payment.entity';
import { checkPaymentSubmission } from '../payments/payment.rules';
import { PaymentState } from '../payments/payment.states';
import { changeOrderState } from './order-state.service';
import { Order } from './order.entity';
import { OrderState } from './order.states';
import { customersById } from '../identity/customer.queries';
import { transact } from '../../shared/transaction';

/** Job name, for `app.jobs.runNow(...)`. */
export const ORDER_PAYMENT_DEADLINE_SWEEP = 'order-payment-deadline-sweep';

/** Orders cancelled per transaction; the sweep loops until none is left. */
const BATCH = 100;

/** The payment-deadline sweep as a job, every `sweepIntervalSeconds`. */
export function orderPaymentDeadlineSweep(app: App): JobDefinition {
  return { name: ORDER_PAYMENT_DEADLINE_SWEEP, everySeconds: app.config.sweepIntervalSeconds, run: async () => void (await cancelOverdueOrders(app)) };
}

/**
 * Cancels orders still unpaid (PENDING_PAYMENT or PARTIALLY_PAID) after their payment deadline (seed 003
 * step 8) and tells each customer. An order with a payment awaiting validation is left alone: it was reported
 * in time, and the validator's decision settles it (a rejection leaves it to the next sweep). Validated
 * payments of a cancelled PARTIALLY_PAID order stay recorded; refunds are handled outside the system.
 * Rows are locked `FOR UPDATE SKIP LOCKED`, so concurrent sweeps (several instances) never cancel one order
 * twice, and a customer submitting a payment at that moment holds the lock and is served first. Idempotent.
 * Returns how many orders were cancelled.
 */
export async function cancelOverdueOrders(app: App): Promise<number> {
  let cancelled = 0;
  // Orders left alone in an earlier batch of this run, so the next batch moves past them.
  const skipped: string[] = [];
  for (;;) {
    const batch = await transact({ em: app.orm.em.fork(), app }, async (tx) => {
      const now = new Date();
      const candidates = await tx.find(
        Order,
        {
          state: { $in: [OrderState.PENDING_PAYMENT, OrderState.PARTIALLY_PAID] },
          paymentDeadline: { $lt: now },
          ...(skipped.length ? { id: { $nin: skipped } } : {}),
        },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { paymentDeadline: 'asc', id: 'asc' }, limit: BATCH },
      );
      if (candidates.length === 0) return { found: 0, cancelled: 0 };
      const awaiting = await tx.find(Payment, { order: { $in: candidates.map((o) => o.id) }, state: PaymentState.SUBMITTED }, { fields: ['order'] });
      const awaitingIds = new Set(awaiting.map((p) => p.order.id));
      // Re-checked on the locked rows with the rule submitPayment uses.
      const overdue = candidates.filter((o) => {
        const keep = awaitingIds.has(o.id) || checkPaymentSubmission({ orderState: o.state, paymentDeadline: o.paymentDeadline, now }) !== 'PAYMENT_DEADLINE_PASSED';
        if (keep) skipped.push(o.id);
        return !keep;
      });
      const byId = await customersById(tx, overdue.map((o) => o.customer.id));
      for (const order of overdue) {
        await changeOrderState(tx, order, OrderState.CANCELLED, { actor: null, note: 'Plazo de pago vencido', at: now });
        const customer = byId.get(order.customer.id)!;
        notifyUser(tx, {
          userId: customer.user.id,
          kind: 'ORDER_CANCELLED',
          title: { es: 'Orden cancelada', en: 'Order cancelled' },
          body: {
            es: `La orden ${order.number} fue cancelada porque venció el plazo de pago.`,
            en: `Order ${order.number} was cancelled because the payment deadline passed.`,
          },
          data: { orderId: order.id },
          whatsappTo: customer.phone,
        });
      }
      return { found: candidates.length, cancelled: overdue.length };
    });
    cancelled += batch.cancelled;
    if (batch.found < BATCH) return cancelled;
  }
}
