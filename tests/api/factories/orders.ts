import { randomUUID } from 'node:crypto';
import { convertUsdToVes } from '../../../api/src/shared/money';
import { graphql } from '../../graphql/generated';
import type { GqlClient } from '../../helpers/client';
import type { TestApi, TestCustomer } from '../../helpers/test-api';

/** An order as the quotes module leaves it after acceptance (through the API or inserted by SQL). */
export interface FactoryOrder {
  orderId: string;
  number: string;
  requestId: string;
  optionId: string;
  totalUsdMinor: number;
  totalVesMinor: number;
  vesPerUsd: string;
  usdPaymentDiscount: string;
}

/**
 * Inserts an ACCEPTED purchase request, its accepted AIR option and the PENDING_PAYMENT order (with its
 * first history row), priced at the exchange rate and USD discount of the parameters in force, the way
 * `createOrderFromQuoteOption` does. For tests that need many orders fast (the query-count test).
 */
export async function insertOrder(
  t: Pick<TestApi, 'sql'>,
  customerId: string,
  opts: { totalUsdMinor?: number; description?: string; paymentDeadlineHours?: number } = {},
): Promise<FactoryOrder> {
  const [params] = await t.sql<{ ves_per_usd: string; usd_payment_discount: string; payment_deadline_hours: number }>(
    'SELECT ves_per_usd, usd_payment_discount, payment_deadline_hours FROM business_parameters ORDER BY version DESC LIMIT 1',
  );
  const totalUsdMinor = opts.totalUsdMinor ?? 10_000;
  const vesPerUsd = params!.ves_per_usd;
  const totalVesMinor = convertUsdToVes(totalUsdMinor, vesPerUsd);
  const requestId = randomUUID();
  const optionId = randomUUID();
  const orderId = randomUUID();
  const [{ n: requestSeq }] = (await t.sql<{ n: string }>("SELECT nextval('purchase_request_number_seq')::text AS n")) as [{ n: string }];
  await t.sql(
    `INSERT INTO purchase_request (id, number, customer_id, description, quantity, purchase_type, shipping_methods, national_delivery, state, queue,
       state_changed_at, modifications_used, round, supplier_unit_price_minor, china_shipping_minor, length_cm, width_cm, height_cm, weight_kg, created_at)
     VALUES ($1, $2, $3, $4, 1, 'RETAIL', '{AIR}', 'COURIER', 'ACCEPTED', NULL, now(), 0, 1, 5000, 500, 30, 20, 10, 1.5, now())`,
    [requestId, `SC-2026-${requestSeq.padStart(6, '0')}`, customerId, opts.description ?? 'Audífonos inalámbricos'],
  );
  await t.sql(
    `INSERT INTO quote_option (id, request_id, round, shipping_method, actual_weight_kg, volumetric_weight_kg, chargeable_weight_kg, volume_cubic_meters,
       chargeable_basis, product_minor, china_shipping_minor, freight_minor, national_delivery_minor, subtotal_minor, margin_minor, total_usd_minor,
       total_ves_minor, suggested_total_usd_minor, ves_per_usd, estimated_delivery_at, created_at)
     VALUES ($1, $2, 1, 'AIR', 1.5, 1.2, 1.5, 0.006, 'ACTUAL_WEIGHT', 0, 0, 0, 0, $3, 0, $3, $4, $3, $5, now() + interval '30 days', now())`,
    [optionId, requestId, totalUsdMinor, totalVesMinor, vesPerUsd],
  );
  const [{ n: orderSeq }] = (await t.sql<{ n: string }>("SELECT nextval('purchase_order_number_seq')::text AS n")) as [{ n: string }];
  const number = `PO-2026-${orderSeq.padStart(6, '0')}`;
  await t.sql(
    `INSERT INTO purchase_order (id, number, customer_id, request_id, accepted_option_id, shipping_method, national_delivery, state, state_changed_at,
       total_usd_minor, total_ves_minor, ves_per_usd, usd_payment_discount, settled_usd_minor, payment_deadline, created_at)
     VALUES ($1, $2, $3, $4, $5, 'AIR', 'COURIER', 'PENDING_PAYMENT', now(), $6, $7, $8, $9, 0, now() + make_interval(hours => $10), clock_timestamp())`,
    [orderId, number, customerId, requestId, optionId, totalUsdMinor, totalVesMinor, vesPerUsd, params!.usd_payment_discount, opts.paymentDeadlineHours ?? params!.payment_deadline_hours],
  );
  await t.sql(
    `INSERT INTO order_event (id, order_id, from_state, to_state, actor_name, note, at) VALUES ($1, $2, NULL, 'PENDING_PAYMENT', 'Sistema', 'Fábrica de pruebas', now())`,
    [randomUUID(), orderId],
  );
  return { orderId, number, requestId, optionId, totalUsdMinor, totalVesMinor, vesPerUsd, usdPaymentDiscount: params!.usd_payment_discount };
}

/** Adds a SUBMITTED USD payment, a tracking event by the China agent and a package to an order (the query-count fixture). */
export async function insertOrderExtras(t: TestApi, orderId: string, customerId: string, seq: number): Promise<void> {
  const [staff] = await t.sql<{ id: string }>("SELECT id FROM app_user WHERE username = 'china'");
  await t.sql(
    `INSERT INTO payment (id, order_id, customer_id, method, currency, amount_minor, credited_usd_minor, reference, state, created_at)
     VALUES ($1, $2, $3, 'ZELLE', 'USD', 1000, 1053, $4, 'SUBMITTED', now())`,
    [randomUUID(), orderId, customerId, `REF-${seq}`],
  );
  await t.sql(
    `INSERT INTO tracking_event (id, order_id, phase, occurred_at, place, actor_id, actor_name, recorded_at)
     VALUES ($1, $2, 'PURCHASED', now(), 'Proveedor (China)', $3, 'Li Wei (China)', now())`,
    [randomUUID(), orderId, staff!.id],
  );
  await t.sql(
    `INSERT INTO shipment_package (id, number, order_id, weight_kg, length_cm, width_cm, height_cm, repacked, registered_by_id, created_at)
     VALUES ($1, $2, $3, 1.5, 30, 20, 10, false, $4, now())`,
    [randomUUID(), `PK-TEST-${randomUUID().slice(0, 8)}`, orderId, staff!.id],
  );
}

const FactoryCreateRequest = graphql(`
  mutation FactoryCreateRequest($input: CreatePurchaseRequestInput!) { createPurchaseRequest(input: $input) { id } }
`);
const FactoryStartSourcing = graphql(`
  mutation FactoryStartSourcing($requestId: ID!) { startSourcing(requestId: $requestId) { id } }
`);
const FactorySubmitSourcing = graphql(`
  mutation FactorySubmitSourcing($requestId: ID!, $input: SubmitSourcingInput!) { submitSourcing(requestId: $requestId, input: $input) { id } }
`);
const FactorySendQuote = graphql(`
  mutation FactorySendQuote($requestId: ID!, $input: SendQuoteInput!) { sendQuote(requestId: $requestId, input: $input) { options { id } } }
`);
const FactoryAccept = graphql(`
  mutation FactoryAccept($optionId: ID!) {
    acceptQuoteOption(optionId: $optionId) { id number totalUsdMinor totalVesMinor vesPerUsd usdPaymentDiscount }
  }
`);

const staffOf = new WeakMap<TestApi, Promise<{ china: GqlClient; venezuela: GqlClient }>>();

/**
 * An order created through the public flow (DESIGN steps 1–7): `customer` asks for a retail AIR quote, the
 * China agent sources it, the Venezuela agent sends one option priced at `totalUsdMinor` (an audited override,
 * so amounts are round) with the parameters in force, `afterPricing` runs (e.g. the Master changes the
 * exchange rate), and the customer accepts it.
 */
export async function orderThroughQuote(
  t: TestApi,
  customer: TestCustomer,
  opts: { totalUsdMinor?: number; description?: string; afterPricing?: () => Promise<void> } = {},
): Promise<FactoryOrder> {
  if (!staffOf.has(t)) staffOf.set(t, Promise.all([t.asStaff('CHINA_AGENT'), t.asStaff('VENEZUELA_AGENT')]).then(([china, venezuela]) => ({ china, venezuela })));
  const { china, venezuela } = await staffOf.get(t)!;
  const { createPurchaseRequest } = await customer.ok(FactoryCreateRequest, {
    input: {
      productUrl: 'https://example.com/producto/123',
      description: opts.description ?? 'Audífonos inalámbricos',
      quantity: 1,
      purchaseType: 'RETAIL',
      shippingMethods: ['AIR'],
      nationalDelivery: 'COURIER',
    },
  });
  const requestId = createPurchaseRequest.id;
  await china.ok(FactoryStartSourcing, { requestId });
  await china.ok(FactorySubmitSourcing, {
    requestId,
    input: { supplierUnitPriceMinor: 5_000, chinaShippingMinor: 500, lengthCm: 30, widthCm: 20, heightCm: 10, weightKg: '1.5', supplierDispatchDays: 3 },
  });
  const estimatedDeliveryAt = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
  const { sendQuote } = await venezuela.ok(FactorySendQuote, {
    requestId,
    input: { options: [{ shippingMethod: 'AIR', estimatedDeliveryAt, overrideTotalUsdMinor: opts.totalUsdMinor ?? 10_000, overrideReason: 'Precio redondo para la prueba' }] },
  });
  await opts.afterPricing?.();
  const optionId = sendQuote.options[0]!.id;
  const { acceptQuoteOption: order } = await customer.ok(FactoryAccept, { optionId });
  return {
    orderId: order.id,
    number: order.number,
    requestId,
    optionId,
    totalUsdMinor: order.totalUsdMinor,
    totalVesMinor: order.totalVesMinor,
    vesPerUsd: order.vesPerUsd,
    usdPaymentDiscount: order.usdPaymentDiscount,
  };
}
