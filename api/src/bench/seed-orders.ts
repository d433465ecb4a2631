import type { Client } from 'pg';
import { refreshBoxTransitSql, TRAVELLING_BOXES_SQL } from '../modules/logistics/box-transit';

/** How many rows the set-based seed writes. */
export interface SeedSize {
  /** Purchase orders (each with its quote request, accepted option and first history row). */
  orders: number;
  /** Tracking events per order. */
  trackingPerOrder: number;
  /** Generated customers besides the demo customer `maria` (orders go round-robin, `maria` first). */
  customers: number;
}

/** Payments, packages (each in the order's own box) per order. */
const PAYMENTS_PER_ORDER = 2;
const PACKAGES_PER_ORDER = 2;
/** The phases tracking events cycle through (any order_state is a valid phase). */
const PHASES = ['PURCHASED', 'AT_CHINA_WAREHOUSE', 'DEPARTED_CHINA', 'IN_CUSTOMS', 'AT_LOCAL_WAREHOUSE'];
/** The states orders cycle through, so state filters select a fifth of them or so. */
const STATES = ['PENDING_PAYMENT', 'PAID', 'PURCHASED', 'AT_CHINA_WAREHOUSE', 'DELIVERED'];

/** A version-4-shaped UUID from md5 of `text` (an SQL expression): the same text gives the same id, so tables join without lookups. */
function uuid(text: string): string {
  return `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;
}

/** The tables the seed fills, in insertion order (the ones whose secondary indexes are built after). */
export const SEEDED_TABLES = ['app_user', 'customer', 'purchase_request', 'quote_option', 'purchase_order', 'order_event', 'payment', 'box', 'shipment_package', 'tracking_event'];

/** Order `n`'s number (1-based): PO-B0000001. Its packages are PK-B0000001-1…, its box BX-B0000001. */
export function seededOrderNumber(n: number): string {
  return `PO-B${String(n).padStart(7, '0')}`;
}

/**
 * Fills the database with `size` orders of generated customers (and of the demo customer `maria` when present), one
 * `INSERT … SELECT generate_series` per table (ids are md5 of a name and the row number, so tables join
 * without lookups). Order n is created n minutes after the first (newest = highest n); its tracking events a
 * minute apart after it. Needs the demo staff (the `china` agent) and business parameters and no rows
 * from an earlier seed (numbers are unique). With `indexesAfter`, the secondary indexes of the seeded tables
 * are dropped first and built again at the end, and foreign keys are not checked row by row
 * (session_replication_role = replica, superuser only): the 20-million-row seed takes minutes, not hours.
 */
export async function seedOrders(sql: Client, size: SeedSize, options: { indexesAfter?: boolean; log?: (line: string) => void } = {}): Promise<void> {
  const log = options.log ?? (() => undefined);
  const [maria] = (await sql.query<{ id: string; user_id: string; password_hash: string }>(
    "SELECT c.id, c.user_id, u.password_hash FROM customer c JOIN app_user u ON u.id = c.user_id WHERE u.username = 'maria'",
  )).rows;
  const [agent] = (await sql.query<{ id: string; display_name: string }>("SELECT id, display_name FROM app_user WHERE username = 'china'")).rows;
  const [params] = (await sql.query<{ ves_per_usd: string; usd_payment_discount: string }>(
    'SELECT ves_per_usd, usd_payment_discount FROM business_parameters ORDER BY version DESC LIMIT 1',
  )).rows;
  if (!agent || !params) throw new Error('seedOrders needs the demo staff (agent china) and business parameters');
  const dropped = options.indexesAfter ? await dropSecondaryIndexes(sql) : [];
  if (options.indexesAfter) await sql.query("SET session_replication_role = 'replica'");
  const step = async (table: string, text: string, values: unknown[] = []) => {
    const started = Date.now();
    const result = await sql.query(text, values);
    log(`  ${table}: ${result.rowCount?.toLocaleString('en')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  const { orders, trackingPerOrder, customers } = size;
  // Customer of order n: maria (when the demo customers exist) for every (customers + 1)-th order, else a generated one.
  const customerOf = maria
    ? `(CASE WHEN n % ${customers + 1} = 0 THEN '${maria.id}'::uuid ELSE ${uuid(`'bench-customer-' || (n % ${customers + 1})`)} END)`
    : uuid(`'bench-customer-' || (1 + n % ${customers})`);
  const createdAt = `(now() - interval '1 minute' * (${orders} - n))`;
  await step('app_user', `INSERT INTO app_user (id, username, password_hash, display_name, kind, roles, active, created_at)
    SELECT ${uuid("'bench-user-' || k")}, 'bench-' || k, $1, 'Cliente ' || k, 'CUSTOMER', '{CUSTOMER}', true, now()
    FROM generate_series(1, ${customers}) AS k`, [maria?.password_hash ?? 'not-a-hash']);
  await step('customer', `INSERT INTO customer (id, user_id, code, full_name, phone, phone_verified_at, created_at)
    SELECT ${uuid("'bench-customer-' || k")}, ${uuid("'bench-user-' || k")}, 'MB-' || lpad(k::text, 7, '0'), 'Cliente ' || k,
      '+58414' || lpad(k::text, 7, '0'), now(), now()
    FROM generate_series(1, ${customers}) AS k`);
  await step('purchase_request', `INSERT INTO purchase_request (id, number, customer_id, description, quantity, purchase_type, shipping_methods, national_delivery,
      state, state_changed_at, modifications_used, round, supplier_unit_price_minor, china_shipping_minor, length_cm, width_cm, height_cm, weight_kg, created_at)
    SELECT ${uuid("'bench-request-' || n")}, 'SC-B' || lpad(n::text, 7, '0'), ${customerOf}, 'Audífonos inalámbricos', 1, 'RETAIL', '{AIR}', 'COURIER',
      'ACCEPTED', ${createdAt}, 0, 1, 5000, 500, 30, 20, 10, 1.5, ${createdAt} - interval '1 day'
    FROM generate_series(1, ${orders}) AS n`);
  await step('quote_option', `INSERT INTO quote_option (id, request_id, round, shipping_method, actual_weight_kg, volumetric_weight_kg, chargeable_weight_kg,
      volume_cubic_meters, chargeable_basis, product_minor, china_shipping_minor, freight_minor, national_delivery_minor, subtotal_minor, margin_minor,
      total_usd_minor, total_ves_minor, suggested_total_usd_minor, ves_per_usd, estimated_delivery_at, created_at)
    SELECT ${uuid("'bench-option-' || n")}, ${uuid("'bench-request-' || n")}, 1, 'AIR', 1.5, 1.2, 1.5, 0.006, 'ACTUAL_WEIGHT', 0, 0, 0, 0,
      10000, 0, 10000, round(10000 * $1::numeric), 10000, $1::numeric, ${createdAt} + interval '30 days', ${createdAt} - interval '1 day'
    FROM generate_series(1, ${orders}) AS n`, [params.ves_per_usd]);
  await step('purchase_order', `INSERT INTO purchase_order (id, number, customer_id, request_id, accepted_option_id, shipping_method, national_delivery, state,
      state_changed_at, total_usd_minor, total_ves_minor, ves_per_usd, usd_payment_discount, settled_usd_minor, payment_deadline, created_at)
    SELECT ${uuid("'bench-order-' || n")}, 'PO-B' || lpad(n::text, 7, '0'), ${customerOf}, ${uuid("'bench-request-' || n")}, ${uuid("'bench-option-' || n")},
      'AIR', 'COURIER', ($3::text[])[1 + n % ${STATES.length}]::order_state, ${createdAt}, 10000, round(10000 * $1::numeric), $1::numeric, $2::numeric, 0,
      ${createdAt} + interval '48 hours', ${createdAt}
    FROM generate_series(1, ${orders}) AS n`, [params.ves_per_usd, params.usd_payment_discount, STATES]);
  await step('order_event', `INSERT INTO order_event (id, order_id, from_state, to_state, actor_name, note, at)
    SELECT ${uuid("'bench-order-event-' || n")}, ${uuid("'bench-order-' || n")}, NULL, 'PENDING_PAYMENT', 'Sistema', 'Benchmark', ${createdAt}
    FROM generate_series(1, ${orders}) AS n`);
  await step('payment', `INSERT INTO payment (id, order_id, customer_id, method, currency, amount_minor, credited_usd_minor, reference, state, created_at)
    SELECT ${uuid("'bench-payment-' || n || '-' || p")}, ${uuid("'bench-order-' || n")}, ${customerOf}, 'ZELLE', 'USD', 1000, 1053,
      'REF-' || n || '-' || p, 'SUBMITTED', ${createdAt} + interval '1 second' * p
    FROM generate_series(1, ${orders}) AS n, generate_series(1, ${PAYMENTS_PER_ORDER}) AS p`);
  await step('box', `INSERT INTO box (id, number, weight_kg, created_at)
    SELECT ${uuid("'bench-box-' || n")}, 'BX-B' || lpad(n::text, 7, '0'), 3.2, ${createdAt}
    FROM generate_series(1, ${orders}) AS n`);
  await step('shipment_package', `INSERT INTO shipment_package (id, number, order_id, box_id, weight_kg, length_cm, width_cm, height_cm, repacked, registered_by_id, created_at)
    SELECT ${uuid("'bench-package-' || n || '-' || p")}, 'PK-B' || lpad(n::text, 7, '0') || '-' || p, ${uuid("'bench-order-' || n")}, ${uuid("'bench-box-' || n")},
      1.5, 30, 20, 10, p = 2, $1, ${createdAt} + interval '1 second' * p
    FROM generate_series(1, ${orders}) AS n, generate_series(1, ${PACKAGES_PER_ORDER}) AS p`, [agent.id]);
  await step('tracking_event', `INSERT INTO tracking_event (id, order_id, phase, occurred_at, place, actor_id, actor_name, recorded_at)
    SELECT ${uuid("'bench-tracking-' || n || '-' || t")}, ${uuid("'bench-order-' || n")}, ($3::text[])[1 + t % ${PHASES.length}]::order_state,
      ${createdAt} + interval '1 minute' * t, 'Proveedor (China)', $1, $2, ${createdAt} + interval '1 minute' * t
    FROM generate_series(1, ${orders}) AS n, generate_series(1, ${trackingPerOrder}) AS t`, [agent.id, agent.display_name, PHASES]);
  if (options.indexesAfter) {
    await sql.query("SET session_replication_role = 'origin'");
    for (const index of dropped) {
      const started = Date.now();
      await sql.query(index.definition);
      log(`  index ${index.name} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  // The boxes' quiet-box summary, as the API keeps it (after the indexes: it reads events by order).
  await step('box summaries', refreshBoxTransitSql(TRAVELLING_BOXES_SQL));
  // As autovacuum leaves a database that has run for a while: statistics, visibility map (index-only scans) and
  // no dead rows (the box summaries' update leaves one per box, just under autovacuum's threshold at 1,000,000).
  await sql.query(`VACUUM (ANALYZE) ${SEEDED_TABLES.join(', ')}`);
}

/** Drops the indexes of the seeded tables that back no constraint (primary keys and unique ones stay); returns their definitions. */
async function dropSecondaryIndexes(sql: Client): Promise<{ name: string; definition: string }[]> {
  const { rows } = await sql.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [SEEDED_TABLES],
  );
  for (const index of rows) await sql.query(`DROP INDEX "${index.name}"`);
  return rows;
}
