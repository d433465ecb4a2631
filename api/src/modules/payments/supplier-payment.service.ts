import { LockMode } from '@mikro-orm/postgresql';
import { principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import { Customer } from '../identity/customer.entity';
import { TrackingEvent } from '../logistics/tracking-event.entity';
import { notifyUser } from '../notifications/notification.service';
import { changeOrderState } from '../orders/order-state.service';
import { finishWork, guardWork } from '../claims/claims.service';
import { WorkSubjectType, workStage } from '../claims/claims.rules';
import { Order } from '../orders/order.entity';
import { OrderState } from '../orders/order.states';
import type { RegisterSupplierPaymentInput } from './payment.inputs';
import { SupplierPayment } from './supplier-payment.entity';

/** Where the PURCHASED tracking milestone happens: the goods are bought from the supplier in China. */
const SUPPLIER_PLACE = 'Proveedor (China)';

/**
 * The payment validator records the payment sent to China for a fully paid order (seed 003 §3 "Registra y
 * procesa los pagos que se realizan hacia China"): one per order (SUPPLIER_PAYMENT_EXISTS), only for PAID
 * orders (INVALID_STATE). ALREADY_CLAIMED while someone else holds the order; the claim is dropped after. Audited.
 */
export async function registerSupplierPayment(ctx: Context, input: RegisterSupplierPaymentInput): Promise<SupplierPayment> {
  const actor = principalOf(ctx).user;
  return transact(ctx, async (em) => {
    const order = await em.findOne(Order, input.orderId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!order) throw new DomainError('NOT_FOUND');
    if (await em.count(SupplierPayment, { order: order.id })) throw new DomainError('SUPPLIER_PAYMENT_EXISTS');
    if (order.state !== OrderState.PAID) throw new DomainError('INVALID_STATE', { orderState: order.state });
    await guardWork(ctx, em, actor, WorkSubjectType.ORDER, order.id, workStage(WorkSubjectType.ORDER, order));
    // The validator's part is done; the China agent confirms next, in the same order state.
    await finishWork(em, WorkSubjectType.ORDER, order.id);
    const payment = em.create(SupplierPayment, {
      order,
      currency: input.currency,
      amountMinor: input.amountMinor,
      reference: input.reference.trim(),
      registeredBy: actor,
      registeredAt: new Date(),
    });
    em.persist(payment);
    audit(em, ctx, 'supplier-payment.registered', { type: 'SupplierPayment', id: payment.id }, {
      orderId: order.id, currency: payment.currency, amountMinor: payment.amountMinor, reference: payment.reference,
    });
    return payment;
  });
}

/**
 * The China agent confirms the supplier payment arrived (seed 003 §3 "Confirma la recepción del pago del
 * producto en la cuenta china"): the order moves PAID → PURCHASED, the first tracking milestone is written
 * (place "Proveedor (China)", the agent as actor), and the customer is notified. NOT_FOUND when no supplier
 * payment was registered; INVALID_STATE when already confirmed; ALREADY_CLAIMED while someone else holds the order. Audited.
 */
export async function confirmSupplierPayment(ctx: Context, orderId: string): Promise<SupplierPayment> {
  const actor = principalOf(ctx).user;
  return transact(ctx, async (em) => {
    const order = await em.findOne(Order, orderId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!order) throw new DomainError('NOT_FOUND');
    const payment = await em.findOne(SupplierPayment, { order: order.id });
    if (!payment) throw new DomainError('NOT_FOUND', { field: 'supplierPayment' });
    if (payment.confirmedAt) throw new DomainError('INVALID_STATE', { confirmedAt: payment.confirmedAt.toISOString() });
    await guardWork(ctx, em, actor, WorkSubjectType.ORDER, order.id, workStage(WorkSubjectType.ORDER, order));
    const now = new Date();
    payment.confirmedBy = actor;
    payment.confirmedAt = now;
    // Customers read order events: the supplier transfer's reference stays on the staff-only SupplierPayment.
    await changeOrderState(em, order, OrderState.PURCHASED, { actor, note: 'Pago al proveedor confirmado', at: now });
    em.persist(
      em.create(TrackingEvent, {
        order,
        phase: OrderState.PURCHASED,
        occurredAt: now,
        place: SUPPLIER_PLACE,
        note: 'Producto comprado al proveedor.',
        actor,
        actorName: actor.displayName,
        recordedAt: now,
      }),
    );
    const customer = await em.findOneOrFail(Customer, order.customer.id);
    notifyUser(em, {
      userId: customer.user.id,
      kind: 'ORDER_PURCHASED',
      title: { es: 'Compra realizada', en: 'Product purchased' },
      body: {
        es: `Compramos el producto de tu orden ${order.number} al proveedor. Te avisaremos cuando llegue al almacén en China.`,
        en: `We bought the product of your order ${order.number} from the supplier. We will let you know when it reaches our warehouse in China.`,
      },
      data: { orderId: order.id },
      whatsappTo: customer.phone,
    });
    audit(em, ctx, 'supplier-payment.confirmed', { type: 'SupplierPayment', id: payment.id }, { orderId: order.id });
    return payment;
  });
}
