import { randomUUID } from 'node:crypto';
import type { TestApi } from '../../helpers/test-api';
import { insertOrder, type FactoryOrder } from './orders';

/**
 * An order of `customerId` put straight into `state` (e.g. PURCHASED, as confirmSupplierPayment leaves it) with
 * the given national delivery, so logistics, survey and alert tests start where the payment flow ends.
 */
export async function insertOrderInState(
  t: TestApi,
  customerId: string,
  opts: { state: string; nationalDelivery?: 'COURIER' | 'OFFICE_PICKUP'; stateChangedHoursAgo?: number },
): Promise<FactoryOrder> {
  const order = await insertOrder(t, customerId);
  const delivery = opts.nationalDelivery ?? 'COURIER';
  await t.sql('UPDATE purchase_request SET national_delivery = $2 WHERE id = $1', [order.requestId, delivery]);
  await t.sql(
    `UPDATE purchase_order SET state = $2, national_delivery = $3, settled_usd_minor = total_usd_minor,
       state_changed_at = now() - make_interval(hours => $4) WHERE id = $1`,
    [order.orderId, opts.state, delivery, opts.stateChangedHoursAgo ?? 0],
  );
  return order;
}

/** A retail quote request of `customerId` waiting in `state` since `hoursAgo` hours (alert sweep fixture). */
export async function insertWaitingRequest(t: TestApi, customerId: string, state: string, hoursAgo: number): Promise<{ requestId: string; number: string }> {
  const requestId = randomUUID();
  const [row] = await t.sql<{ n: string }>("SELECT nextval('purchase_request_number_seq')::text AS n");
  const number = `SC-2026-${row!.n.padStart(6, '0')}`;
  await t.sql(
    `INSERT INTO purchase_request (id, number, customer_id, description, quantity, purchase_type, shipping_methods, national_delivery, state, queue,
       state_changed_at, modifications_used, round, created_at)
     VALUES ($1, $2, $3, 'Lámpara LED de escritorio', 1, 'RETAIL', '{AIR}', 'COURIER', $4, 'CHINA', now() - make_interval(hours => $5), 0, 0, now())`,
    [requestId, number, customerId, state, hoursAgo],
  );
  return { requestId, number };
}

/** A SUBMITTED Zelle payment for an order, reported `hoursAgo` hours ago (alert sweep fixture). */
export async function insertSubmittedPayment(t: TestApi, order: FactoryOrder, customerId: string, hoursAgo: number): Promise<string> {
  const id = randomUUID();
  await t.sql(
    `INSERT INTO payment (id, order_id, customer_id, method, currency, amount_minor, credited_usd_minor, reference, state, created_at)
     VALUES ($1, $2, $3, 'ZELLE', 'USD', $4, $4, $5, 'SUBMITTED', now() - make_interval(hours => $6))`,
    [id, order.orderId, customerId, order.totalUsdMinor, `ZL-${id.slice(0, 8)}`, hoursAgo],
  );
  return id;
}
