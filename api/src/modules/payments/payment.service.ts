import { type EntityManager, type FilterQuery, LockMode } from '@mikro-orm/postgresql';
import { customerIdOf, principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { type Connection, type PageArgs, paginate } from '../../shared/connection';
import { DomainError, refuse } from '../../shared/errors';
import { idsMatching } from '../../shared/search';
import { transact } from '../../shared/transaction';
import { canTransition } from '../../shared/transitions';
import { audit } from '../audit/audit.service';
import { Customer } from '../identity/customer.entity';
import { notifyUser } from '../notifications/notification.service';
import { changeOrderState } from '../orders/order-state.service';
import { Order } from '../orders/order.entity';
import { OrderState } from '../orders/order.states';
import { Upload } from '../uploads/upload.entity';
import { Payment } from './payment.entity';
import { PaymentOrder, type PaymentsFilter, type SubmitPaymentInput } from './payment.inputs';
import { checkPaymentSubmission, checkPaymentWithinBalance, creditedUsdMinor, currencyOfMethod, outstandingIn, settlement } from './payment.rules';
import type { BalanceAfterValidation } from './payment.types';
import { PaymentState, paymentTransitions } from './payment.states';
import { Language } from '../../shared/language';
import { formatMoney, sumMinor } from '../../shared/money';
import { guardWork } from '../claims/claims.service';
import { WorkSubjectType } from '../claims/claims.rules';

/**
 * A customer reports a payment towards their own order (seed 003 step 8; partial payments allowed). The order
 * row is locked so the payment-deadline sweep cannot cancel it halfway; the credited USD is fixed now at the
 * order's frozen exchange rate and USD discount. Refuses NOT_FOUND (not the caller's order or upload),
 * ORDER_CANCELLED, ORDER_ALREADY_PAID, PAYMENT_DEADLINE_PASSED (even before the sweep cancelled the order),
 * PAYMENT_EXCEEDS_BALANCE {remainingUsdMinor, remainingVesMinor, remainingUsdPayableMinor} when it would take the
 * order past its total counting payments awaiting validation (payment.rules `checkPaymentWithinBalance`).
 */
export async function submitPayment(ctx: Context, input: SubmitPaymentInput): Promise<Payment> {
  const customerId = customerIdOf(ctx);
  const user = principalOf(ctx).user;
  return transact(ctx, async (em) => {
    const order = await em.findOne(Order, { id: input.orderId, customer: customerId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!order) throw new DomainError('NOT_FOUND');
    const now = new Date();
    refuse(checkPaymentSubmission({ orderState: order.state, paymentDeadline: order.paymentDeadline, now }), { orderState: order.state });
    let proof: Upload | null = null;
    if (input.proofUploadId) {
      proof = await em.findOne(Upload, { id: input.proofUploadId, owner: user.id });
      if (!proof) throw new DomainError('NOT_FOUND', { field: 'proofUploadId' });
    }
    const currency = currencyOfMethod(input.method);
    const credited = creditedUsdMinor({ amountMinor: input.amountMinor, currency, vesPerUsd: order.vesPerUsd, usdDiscount: order.usdPaymentDiscount });
    // Under the order lock: a concurrent submission waits here and then counts this one as pending.
    const pending = await em.find(Payment, { order, state: PaymentState.SUBMITTED }, { fields: ['creditedUsdMinor'] });
    const exceeded = checkPaymentWithinBalance({
      totalUsdMinor: order.totalUsdMinor,
      settledUsdMinor: order.settledUsdMinor,
      pendingUsdMinor: sumMinor(pending.map((p) => p.creditedUsdMinor)),
      creditedUsdMinor: credited,
      vesPerUsd: order.vesPerUsd,
      usdDiscount: order.usdPaymentDiscount,
    });
    if (exceeded) throw new DomainError('PAYMENT_EXCEEDS_BALANCE', { field: 'amountMinor', ...exceeded });
    const payment = em.create(Payment, {
      order,
      customer: em.getReference(Customer, customerId),
      method: input.method,
      currency,
      amountMinor: input.amountMinor,
      creditedUsdMinor: credited,
      reference: input.reference.trim(),
      proof,
      state: PaymentState.SUBMITTED,
      createdAt: now,
    });
    em.persist(payment);
    recordPaymentChanged(em, payment, order);
    return payment;
  });
}

/**
 * The validator approves a submitted payment (seed 003 step 8): its credited USD settles part of the order,
 * which moves PENDING_PAYMENT → PARTIALLY_PAID → PAID by `settlement`. The first fully paid order of a
 * customer sets `firstPurchaseAt` (it lifts the monthly quote limit, seed 003 §4). The customer is notified
 * in the app and by WhatsApp; audited. PAYMENT_ALREADY_DECIDED when another decision came first; ALREADY_CLAIMED while
 * another validator holds the payment.
 */
export async function validatePayment(ctx: Context, paymentId: string): Promise<Payment> {
  const actor = principalOf(ctx).user;
  return transact(ctx, async (em) => {
    const { payment, order } = await lockForDecision(em, paymentId, PaymentState.VALIDATED);
    await guardWork(ctx, em, actor, WorkSubjectType.PAYMENT, payment.id, 'VALIDATION');
    const now = new Date();
    payment.state = PaymentState.VALIDATED;
    payment.decidedBy = actor;
    payment.decidedAt = now;
    order.settledUsdMinor += payment.creditedUsdMinor;
    const customer = await em.findOneOrFail(Customer, order.customer.id);
    // Money received for an order that no longer takes payments (paid twice) is recorded; the state stays.
    if (order.state === OrderState.PENDING_PAYMENT || order.state === OrderState.PARTIALLY_PAID) {
      const { state } = settlement({ totalUsdMinor: order.totalUsdMinor, creditedUsdMinor: order.settledUsdMinor });
      if (state !== order.state) await changeOrderState(em, order, state, { actor, note: `Pago validado (ref. ${payment.reference})`, at: now });
      if (state === OrderState.PAID && !customer.firstPurchaseAt) customer.firstPurchaseAt = now;
    }
    recordPaymentChanged(em, payment, order);
    const paid = order.state === OrderState.PAID;
    notifyUser(em, {
      userId: customer.user.id,
      kind: 'PAYMENT_VALIDATED',
      title: { es: 'Pago validado', en: 'Payment validated' },
      body: {
        es: `Validamos tu pago de ${formatMoney(payment.amountMinor, payment.currency)} para la orden ${order.number}. ${paid ? 'La orden está pagada.' : 'Aún queda saldo por pagar.'}`,
        en: `We validated your payment of ${formatMoney(payment.amountMinor, payment.currency, Language.EN)} for order ${order.number}. ${paid ? 'The order is paid.' : 'There is still a balance to pay.'}`,
      },
      data: { orderId: order.id, paymentId: payment.id },
      whatsappTo: customer.phone,
    });
    audit(em, ctx, 'payment.validated', { type: 'Payment', id: payment.id }, {
      orderId: order.id, amountMinor: payment.amountMinor, currency: payment.currency, creditedUsdMinor: payment.creditedUsdMinor, orderState: order.state,
    });
    return payment;
  });
}

/**
 * The validator rejects a submitted payment with a reason the customer sees (seed 003 step 8); the order's
 * balance is unchanged and the customer may report a new payment. Notified in the app and by WhatsApp; audited.
 * ALREADY_CLAIMED while another validator holds the payment.
 */
export async function rejectPayment(ctx: Context, paymentId: string, reason: string): Promise<Payment> {
  const actor = principalOf(ctx).user;
  const trimmed = reason.trim();
  if (trimmed.length < 3) throw new DomainError('BAD_USER_INPUT', { field: 'reason' });
  return transact(ctx, async (em) => {
    const { payment, order } = await lockForDecision(em, paymentId, PaymentState.REJECTED);
    await guardWork(ctx, em, actor, WorkSubjectType.PAYMENT, payment.id, 'VALIDATION');
    payment.state = PaymentState.REJECTED;
    payment.rejectionReason = trimmed;
    payment.decidedBy = actor;
    payment.decidedAt = new Date();
    const customer = await em.findOneOrFail(Customer, order.customer.id);
    recordPaymentChanged(em, payment, order);
    notifyUser(em, {
      userId: customer.user.id,
      kind: 'PAYMENT_REJECTED',
      title: { es: 'Pago rechazado', en: 'Payment rejected' },
      body: {
        es: `No pudimos validar tu pago de ${formatMoney(payment.amountMinor, payment.currency)} (ref. ${payment.reference}) para la orden ${order.number}. Motivo: ${trimmed}`,
        en: `We could not validate your payment of ${formatMoney(payment.amountMinor, payment.currency, Language.EN)} (ref. ${payment.reference}) for order ${order.number}. Reason: ${trimmed}`,
      },
      data: { orderId: order.id, paymentId: payment.id },
      whatsappTo: customer.phone,
    });
    audit(em, ctx, 'payment.rejected', { type: 'Payment', id: payment.id }, { orderId: order.id, reason: trimmed });
    return payment;
  });
}

/**
 * A page of customer payments for staff by state, order, method, currency and text (bank reference, order
 * number, customer name or code), newest or oldest first by report time; `state: SUBMITTED` oldest first is
 * the validation queue (index payment(state, created_at)).
 */
export function listPayments(
  ctx: Context,
  filter: PaymentsFilter | null | undefined,
  page: PageArgs,
  order: PaymentOrder = PaymentOrder.NEWEST_FIRST,
): Promise<Connection<Payment>> {
  const where: FilterQuery<Payment> = {};
  if (filter?.state) where.state = filter.state;
  if (filter?.orderId) where.order = filter.orderId;
  if (filter?.method) where.method = filter.method;
  if (filter?.currency) where.currency = filter.currency;
  const matching = idsMatching(ctx.em, {
    numbers: ['SELECT p.id FROM payment p JOIN purchase_order o ON o.id = p.order_id WHERE o.number ILIKE ?'],
    texts: [
      'SELECT id FROM payment WHERE reference ILIKE ?',
      'SELECT p.id FROM payment p JOIN customer c ON c.id = p.customer_id WHERE c.full_name ILIKE ?',
      'SELECT p.id FROM payment p JOIN customer c ON c.id = p.customer_id WHERE c.code ILIKE ?',
    ],
  }, filter?.search);
  if (matching) where.id = matching;
  const direction = order === PaymentOrder.OLDEST_FIRST ? 'asc' : 'desc';
  return paginate(ctx.em, Payment, where, page, { createdAt: direction, id: direction });
}

/** One payment for staff (payment:validate or order:read:any); NOT_FOUND when there is none. */
export async function findPayment(ctx: Context, id: string): Promise<Payment> {
  const payment = await ctx.em.findOne(Payment, id);
  if (!payment) throw new DomainError('NOT_FOUND');
  return payment;
}

/**
 * What `order` would still owe once `payment` is validated (its credited USD added to what validated payments
 * settled): USD of the total, and what settles it in VES at the frozen rate or in USD after the frozen
 * discount (payment.rules `settlement`, `outstandingIn`). Null once the payment is decided.
 */
export function balanceAfterValidation(payment: Payment, order: Order): BalanceAfterValidation | null {
  if (payment.state !== PaymentState.SUBMITTED) return null;
  const { state, outstandingUsdMinor } = settlement({ totalUsdMinor: order.totalUsdMinor, creditedUsdMinor: order.settledUsdMinor + payment.creditedUsdMinor });
  const frozen = { outstandingUsdMinor, vesPerUsd: order.vesPerUsd, usdDiscount: order.usdPaymentDiscount };
  return {
    orderState: state,
    outstandingUsdMinor,
    outstandingVesMinor: outstandingIn({ ...frozen, currency: 'VES' }),
    usdPayableMinor: outstandingIn({ ...frozen, currency: 'USD' }),
  };
}

// Payment first, then its order: the payment lock makes two validators deciding at once take turns, and the
// loser sees the decided state. Every path that locks both takes them in this order.
async function lockForDecision(em: EntityManager, paymentId: string, to: PaymentState): Promise<{ payment: Payment; order: Order }> {
  const payment = await em.findOne(Payment, paymentId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!payment) throw new DomainError('NOT_FOUND');
  if (!canTransition(paymentTransitions, payment.state, to)) throw new DomainError('PAYMENT_ALREADY_DECIDED', { state: payment.state });
  const order = await em.findOneOrFail(Order, payment.order.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  return { payment, order };
}

function recordPaymentChanged(em: EntityManager, payment: Payment, order: Order): void {
  recordEvent(em, Topic.PaymentChanged, {
    paymentId: payment.id,
    orderId: order.id,
    customerId: order.customer.id,
    state: payment.state,
    at: (payment.decidedAt ?? payment.createdAt).toISOString(),
  });
}
