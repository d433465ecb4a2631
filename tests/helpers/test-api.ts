import 'reflect-metadata';
import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import type { App } from '../../api/src/app';
import { loadConfig, type Config } from '../../api/src/config';
import { startApi, type RunningApi } from '../../api/src/main';
import { DEMO_PASSWORD, demoSignIns } from '../../api/src/seed/demo';
import { GqlClient, type Doc } from './client';
import { adminQuery, TEMPLATE_DATABASE, testDatabaseUrl } from './test-database';

export type StaffRole = 'MASTER' | 'CHINA_AGENT' | 'VENEZUELA_AGENT' | 'PAYMENT_VALIDATOR' | 'SALES' | 'SUPPORT' | 'SUPERVISOR';

/** A customer signed up and verified through the API. */
export interface TestCustomer extends GqlClient {
  customerId: string;
  userId: string;
  code: string;
  phone: string;
  username: string;
}

/** An API on a random port over a fresh database cloned from the migrated, seeded template. */
export interface TestApi {
  api: RunningApi;
  app: App;
  /** The test database's connection URL (a second API instance, or a connection that holds locks). */
  databaseUrl: string;
  /** Runs SQL on the test database (to move the clock or build fixtures); `$1` placeholders. */
  sql<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  asStaff(role: StaffRole): Promise<GqlClient>;
  newCustomer(overrides?: { fullName?: string }): Promise<TestCustomer>;
  anonymous(): GqlClient;
  /** Waits until every committed domain event reached the subscribers. */
  settle(): Promise<void>;
  /**
   * Starts another API instance on the same database (its own port, relay, jobs and webhook dispatcher), with
   * this file's settings and `overrides`; `stop()` stops it if the test did not.
   */
  startInstance(overrides?: Partial<Config>): Promise<RunningApi>;
  stop(): Promise<void>;
}

const REGISTER = `mutation Register($input: RegisterCustomerInput!) { registerCustomer(input: $input) { registrationId } }`;
const VERIFY = `mutation Verify($input: VerifyPhoneInput!) { verifyPhone(input: $input) { accessToken user { id } } }`;
const SIGN_IN = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }`;

/** Local test clients share 127.0.0.1, so per-IP throttles are off unless `overrides` says otherwise. */
export const LOCAL_IPS = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** `overrides`: settings for this file's API (limits a test needs small, a short ACCESS_TOKEN_SECONDS). */
export async function startTestApi(overrides: Partial<Config> = {}): Promise<TestApi> {
  const database = `morna_test_${process.pid}_${Date.now()}_${randomInt(1e6)}`;
  await adminQuery(`CREATE DATABASE ${database} TEMPLATE ${TEMPLATE_DATABASE}`);
  const url = testDatabaseUrl(database);
  const config = loadConfig(process.env, { port: 0, host: '127.0.0.1', sweepIntervalSeconds: 3600, logLevel: 'silent', throttleExemptIps: LOCAL_IPS, ...overrides });
  const api = await startApi(config, url, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  const pool = new Client({ connectionString: url });
  await pool.connect();
  const clients: GqlClient[] = [];
  const endpoints = {
    graphqlUrl: api.graphqlUrl,
    wsUrl: api.wsUrl,
    subscriptionsAttached: () => api.subscriptionsStarted(),
    waitForSubscriptions: async (count: number) => {
      const deadline = Date.now() + 5000;
      while (api.subscriptionsStarted() < count) {
        if (Date.now() > deadline) throw new Error('subscription did not start');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  const client = (token?: string) => {
    const c = new GqlClient(endpoints, token);
    clients.push(c);
    return c;
  };
  let customerSeq = 0;
  const instances: RunningApi[] = [];
  const t: TestApi = {
    api,
    app: api.app,
    databaseUrl: url,
    sql: async <R>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as R[],
    anonymous: () => client(),
    asStaff: async (role) => {
      const username = demoSignIns.find((s) => s.role === role)!.username;
      const data = await client().ok<{ signIn: { accessToken: string } }, unknown>(SIGN_IN, { input: { login: username, password: DEMO_PASSWORD } });
      return client(data.signIn.accessToken);
    },
    newCustomer: async (overrides = {}) => {
      customerSeq += 1;
      const username = `cliente${customerSeq}_${randomInt(1e6)}`;
      const phone = `+58412${String(randomInt(1e7)).padStart(7, '0')}`;
      const anonymous = client();
      const registered = await anonymous.ok<{ registerCustomer: { registrationId: string } }, unknown>(REGISTER, {
        input: { fullName: overrides.fullName ?? `Cliente ${customerSeq}`, username, phone, password: 'clave-segura-1', email: `${username}@example.com` },
      });
      const [message] = await t.sql<{ body: string }>(`SELECT body FROM outbound_message WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1`, [phone]);
      const code = /(\d{6})/.exec(message!.body)![1];
      const verified = await anonymous.ok<{ verifyPhone: { accessToken: string; user: { id: string } } }, unknown>(VERIFY, {
        input: { registrationId: registered.registerCustomer.registrationId, code },
      });
      const [row] = await t.sql<{ id: string; code: string }>(`SELECT id, code FROM customer WHERE user_id = $1`, [verified.verifyPhone.user.id]);
      return Object.assign(client(verified.verifyPhone.accessToken), {
        customerId: row!.id,
        userId: verified.verifyPhone.user.id,
        code: row!.code,
        phone,
        username,
      });
    },
    settle: () => api.app.relay.drain(),
    startInstance: async (more = {}) => {
      const instance = await startApi({ ...config, ...more }, url, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
      instances.push(instance);
      return instance;
    },
    stop: async () => {
      await Promise.all(clients.map((c) => c.close()));
      await Promise.all(instances.map((i) => i.stop()));
      await pool.end();
      await api.stop();
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
  return t;
}

export type { Doc };
