import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../config';
import { startEmbeddedPostgres } from '../db/embedded';
import { ormOptions } from '../db/orm';
import { startApi, type RunningApi } from '../main';
import { loadPortal } from '../portal';
import { DEMO_PASSWORD, seedDemoData } from '../seed/demo';
import { freePort } from '../shared/free-port';
import { convertUsdToVes } from '../shared/money';
import { postOk } from '../shared/graphql-http';
import { SIGN_IN } from './documents';

/** A running API over its own database, with the data the measurements read. */
export interface BenchFixture {
  api: RunningApi;
  /** The demo customer `maria`: her access token, user id, and the order the baseline reads. */
  customer: { login: string; token: string; userId: string; orderId: string };
  /** The Master's access token (staff order lists). */
  staffToken: string;
  /** A connection of its own to the API's database (another instance's transactions). */
  sql: Client;
  /** Orders in the database (the staff list pages over them). */
  orderCount: number;
  stop(): Promise<void>;
}

/** Orders inserted for the customer: more than the largest page, so the heaviest list is full. */
const ORDER_COUNT = 100;

/** Applies the migrations without MikroORM's progress lines (startApi then finds none pending). */
async function migrateQuietly(url: string): Promise<void> {
  const orm = await MikroORM.init(ormOptions(url, { logger: () => undefined }));
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close(true);
  }
}

/** What the fixture serves besides the API. */
export interface FixtureOptions {
  /** The built customer portal at `/`, as `npm start` serves it (throws when the portal is not built). */
  portal?: boolean;
}

/**
 * An embedded PostgreSQL in a fresh temporary folder, the API with default settings on a random port with
 * silent logs, the demo data, and `ORDER_COUNT` orders of the demo customer with payments, packages and
 * tracking events. `stop` ends everything and removes the folder. On failure everything started is stopped
 * before rethrowing.
 */
export async function startFixture(options: FixtureOptions = {}): Promise<BenchFixture> {
  const folder = mkdtempSync(join(tmpdir(), 'morna-bench-'));
  const stops: (() => Promise<void>)[] = [async () => rmSync(folder, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.splice(0)) await step();
  };
  try {
    const database = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), port: await freePort(), database: 'morna' });
    stops.unshift(database.stop);
    // The settings `npm start` has by default (this process's environment is not read), except the address
    // and the sweeps, which would add noise.
    const config = loadConfig({ NODE_ENV: 'development', MORNA_DATA_DIR: folder }, { port: 0, host: '127.0.0.1', logLevel: 'silent', sweepIntervalSeconds: 3600 });
    await migrateQuietly(database.url);
    const portal = options.portal ? await loadPortal(config) : undefined;
    const api = await startApi(config, database.url, pino({ level: 'silent' }), { portal });
    stops.unshift(api.stop);
    await seedDemoData(api.app.orm.em.fork());
    const sql = new Client({ connectionString: database.url });
    await sql.connect();
    stops.unshift(() => sql.end());
    const [maria] = (await sql.query<{ customer_id: string; user_id: string }>("SELECT c.id AS customer_id, u.id AS user_id FROM customer c JOIN app_user u ON u.id = c.user_id WHERE u.username = 'maria'")).rows;
    const orderIds = await insertOrders(sql, maria!.customer_id, ORDER_COUNT);
    const signIn = async (login: string) =>
      (await postOk<{ signIn: { accessToken: string } }>(api.graphqlUrl, SIGN_IN, { input: { login, password: DEMO_PASSWORD } })).signIn.accessToken;
    return {
      api,
      customer: { login: 'maria', token: await signIn('maria'), userId: maria!.user_id, orderId: orderIds[0]! },
      staffToken: await signIn('master'),
      sql,
      orderCount: ORDER_COUNT,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Inserts `count` PENDING_PAYMENT orders of `customerId` the way accepting a quote leaves them (request, accepted
 * option, order, first history row), each with two submitted USD payments, two tracking events, and two packages
 * packed in one box. Returns their ids.
 */
export async function insertOrders(sql: Client, customerId: string, count: number): Promise<string[]> {
  const [params] = (await sql.query<{ ves_per_usd: string; usd_payment_discount: string }>(
    'SELECT ves_per_usd, usd_payment_discount FROM business_parameters ORDER BY version DESC LIMIT 1',
  )).rows;
  const [agent] = (await sql.query<{ id: string; display_name: string }>("SELECT id, display_name FROM app_user WHERE username = 'china'")).rows;
  const totalUsdMinor = 10_000;
  const totalVesMinor = convertUsdToVes(totalUsdMinor, params!.ves_per_usd);
  const orderIds: string[] = [];
  await sql.query('BEGIN');
  for (let i = 1; i <= count; i += 1) {
    const [requestId, optionId, orderId] = [randomUUID(), randomUUID(), randomUUID()];
    const number = String(i).padStart(6, '0');
    await sql.query(
      `INSERT INTO purchase_request (id, number, customer_id, description, quantity, purchase_type, shipping_methods, national_delivery, state, queue,
         state_changed_at, modifications_used, round, supplier_unit_price_minor, china_shipping_minor, length_cm, width_cm, height_cm, weight_kg, created_at)
       VALUES ($1, $2, $3, 'Audífonos inalámbricos', 1, 'RETAIL', '{AIR}', 'COURIER', 'ACCEPTED', NULL, now(), 0, 1, 5000, 500, 30, 20, 10, 1.5, now())`,
      [requestId, `SC-BENCH-${number}`, customerId],
    );
    await sql.query(
      `INSERT INTO quote_option (id, request_id, round, shipping_method, actual_weight_kg, volumetric_weight_kg, chargeable_weight_kg, volume_cubic_meters,
         chargeable_basis, product_minor, china_shipping_minor, freight_minor, national_delivery_minor, subtotal_minor, margin_minor, total_usd_minor,
         total_ves_minor, suggested_total_usd_minor, ves_per_usd, estimated_delivery_at, created_at)
       VALUES ($1, $2, 1, 'AIR', 1.5, 1.2, 1.5, 0.006, 'ACTUAL_WEIGHT', 0, 0, 0, 0, $3, 0, $3, $4, $3, $5, now() + interval '30 days', now())`,
      [optionId, requestId, totalUsdMinor, totalVesMinor, params!.ves_per_usd],
    );
    await sql.query(
      `INSERT INTO purchase_order (id, number, customer_id, request_id, accepted_option_id, shipping_method, national_delivery, state, state_changed_at,
         total_usd_minor, total_ves_minor, ves_per_usd, usd_payment_discount, settled_usd_minor, payment_deadline, created_at)
       VALUES ($1, $2, $3, $4, $5, 'AIR', 'COURIER', 'PENDING_PAYMENT', now(), $6, $7, $8, $9, 0, now() + interval '48 hours', clock_timestamp())`,
      [orderId, `PO-BENCH-${number}`, customerId, requestId, optionId, totalUsdMinor, totalVesMinor, params!.ves_per_usd, params!.usd_payment_discount],
    );
    await sql.query(
      `INSERT INTO order_event (id, order_id, from_state, to_state, actor_name, note, at) VALUES ($1, $2, NULL, 'PENDING_PAYMENT', 'Sistema', 'Benchmark', now())`,
      [randomUUID(), orderId],
    );
    for (const n of [1, 2]) {
      await sql.query(
        `INSERT INTO payment (id, order_id, customer_id, method, currency, amount_minor, credited_usd_minor, reference, state, created_at)
         VALUES ($1, $2, $3, 'ZELLE', 'USD', 1000, 1053, $4, 'SUBMITTED', now())`,
        [randomUUID(), orderId, customerId, `REF-${number}-${n}`],
      );
      await sql.query(
        `INSERT INTO tracking_event (id, order_id, phase, occurred_at, place, actor_id, actor_name, recorded_at)
         VALUES ($1, $2, $3, now(), 'Proveedor (China)', $4, $5, now())`,
        [randomUUID(), orderId, n === 1 ? 'PURCHASED' : 'AT_CHINA_WAREHOUSE', agent!.id, agent!.display_name],
      );
    }
    const boxId = randomUUID();
    await sql.query(`INSERT INTO box (id, number, weight_kg, created_at) VALUES ($1, $2, 3.2, now())`, [boxId, `BX-BENCH-${number}`]);
    for (const n of [1, 2]) {
      await sql.query(
        `INSERT INTO shipment_package (id, number, order_id, box_id, weight_kg, length_cm, width_cm, height_cm, repacked, registered_by_id, created_at)
         VALUES ($1, $2, $3, $4, 1.5, 30, 20, 10, $5, $6, now())`,
        [randomUUID(), `PK-BENCH-${number}-${n}`, orderId, boxId, n === 2, agent!.id],
      );
    }
    orderIds.push(orderId);
  }
  await sql.query('COMMIT');
  return orderIds;
}
