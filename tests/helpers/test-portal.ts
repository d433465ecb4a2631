import AxeBuilder from '@axe-core/playwright';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { LOCAL_IPS } from './test-api';
import { adminQuery, freePort, TEMPLATE_DATABASE, testDatabaseUrl } from './test-database';

/** The compiled `npm start` entry point, which serves the built portal and back-office (`npm test` builds them first). */
const START = resolve(__dirname, '../../api/dist/api/src/start.js');
/** Debian's chromium; tests/helpers/ensure-chromium.mjs (run before `npm test`) installs it when missing. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of every page at both widths (git-ignored). */
export const SCREENSHOTS = resolve(__dirname, '../browser/screenshots');

/** Phone first (the customers' WhatsApp links open on phones), then a desktop browser. */
/**
 * Jest's limit for a test that walks a whole flow in the browser (dozens of page loads and staff steps): a
 * loaded 2-core machine takes well over the suite's 60 s default for them.
 */
export const WALKTHROUGH_TIMEOUT_MS = 180_000;

export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

/** A customer the test signed up through the API (phone verified). */
export interface PortalCustomer {
  username: string;
  email: string;
  code: string;
  phone: string;
  password: string;
  fullName: string;
}

/** `npm start` (API, portal at `/` and back-office at `/backoffice/`, one origin) on a random port over a fresh clone of the template database, and a browser. */
export interface TestPortal {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  browser: Browser;
  sql<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** A fresh browser context (no cookies) at phone size. */
  newPage(options?: { locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  /** The last WhatsApp code written to the outbox for `phone`. */
  lastCode(phone: string): Promise<string>;
  /** Signs a customer up and verifies the phone through the API. */
  newCustomer(): Promise<PortalCustomer>;
  stop(): Promise<void>;
}

const REGISTER = `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { registrationId } }`;
const VERIFY = `mutation($input: VerifyPhoneInput!) { verifyPhone(input: $input) { accessToken } }`;

/** Starts the real server as `npm start` does; `env` adds settings (e.g. a short ACCESS_TOKEN_SECONDS). */
export async function startTestPortal(env: Record<string, string> = {}): Promise<TestPortal> {
  if (!existsSync(START)) throw new Error(`${START} is missing: run \`npm run build\` (npm test does it first)`);
  const database = `morna_portal_${process.pid}_${randomInt(1e6)}`;
  await adminQuery(`CREATE DATABASE ${database} TEMPLATE ${TEMPLATE_DATABASE}`);
  const databaseUrl = testDatabaseUrl(database);
  // Its own anvil port and data folder (chain state, uploads): portals of test files running side by side
  // would otherwise both take ANVIL_PORT's default and share one state file.
  const dataDir = mkdtempSync(join(process.env.MORNA_DATA_DIR ?? tmpdir(), 'portal-'));
  const child = spawn(process.execPath, [START], {
    env: { ...process.env, MORNA_DATA_DIR: dataDir, ANVIL_PORT: String(await freePort()), DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SWEEP_INTERVAL_SECONDS: '3600', THROTTLE_EXEMPT_IPS: LOCAL_IPS.join(','), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await portalUrl(child);
  const pool = new Client({ connectionString: databaseUrl });
  await pool.connect();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const sql = async <R>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as R[];
  const lastCode = async (phone: string) => {
    const [message] = await sql<{ body: string }>(`SELECT body FROM outbound_message WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1`, [phone]);
    const code = message && /(\d{6})/.exec(message.body)?.[1];
    if (!code) throw new Error(`no WhatsApp code for ${phone} in the outbox`);
    return code;
  };
  const gql = async <T>(query: string, variables: unknown): Promise<T> => {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  let seq = 0;
  return {
    url,
    browser,
    sql,
    lastCode,
    newPage: async ({ locale = 'es-VE' } = {}) => {
      const context = await browser.newContext({ baseURL: url, viewport: VIEWPORTS[0], locale });
      return { context, page: await context.newPage() };
    },
    newCustomer: async () => {
      seq += 1;
      const username = `portal${seq}_${randomInt(1e6)}`;
      const customer = { username, email: `${username}@example.com`, phone: randomPhone(), password: 'clave-segura-1', fullName: `Cliente Portal ${seq}` };
      const registered = await gql<{ registerCustomer: { registrationId: string } }>(REGISTER, { input: { ...customer } });
      await gql(VERIFY, { input: { registrationId: registered.registerCustomer.registrationId, code: await lastCode(customer.phone) } });
      const [row] = await sql<{ code: string }>(`SELECT c.code FROM customer c JOIN app_user u ON u.id = c.user_id WHERE u.username = $1`, [username]);
      return { ...customer, code: row!.code };
    },
    stop: async () => {
      await browser.close();
      await pool.end();
      await stopProcess(child);
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

/** A Venezuelan mobile number nobody else in the run uses. */
export function randomPhone(): string {
  return `+58414${String(randomInt(1e7)).padStart(7, '0')}`;
}

/** Reads the start banner for the portal's URL; fails with the output when the server exits or hangs. */
function portalUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start within 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Customer portal\s+(http:\/\/\S+?)\/?\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.kill('SIGTERM');
  });
}

/**
 * The login fixture: signs in through the portal's sign-in form on `page` with `login` (username, email or
 * customer code) and waits for the signed-in home page.
 */
export async function signInThroughForm(page: Page, login: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Usuario, correo o código de cliente' }).fill(login);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { level: 1, name: /^Hola, / }).waitFor();
}

/**
 * The sign-up form's first step on `page` (already at /sign-up): fills in the new customer's details, asks
 * for the WhatsApp code and waits for the step that asks for it.
 */
export async function requestSignUpCode(page: Page, customer: Omit<PortalCustomer, 'code'>): Promise<void> {
  await page.getByRole('textbox', { name: 'Nombre y apellido' }).fill(customer.fullName);
  await page.getByRole('textbox', { name: 'Nombre de usuario' }).fill(customer.username);
  await page.getByRole('textbox', { name: 'Teléfono con WhatsApp' }).fill(customer.phone);
  await page.getByRole('textbox', { name: /Correo electrónico/ }).fill(customer.email);
  await page.getByLabel('Contraseña', { exact: true }).fill(customer.password);
  await page.getByRole('button', { name: 'Enviar código por WhatsApp' }).click();
  await page.getByRole('heading', { name: 'Verifica tu teléfono' }).waitFor();
}

/**
 * The back-office login fixture: fills the back-office's sign-in form on `page` (the page or the dialog shown
 * when a session expired) with a staff `login` and `password` and waits for the form to go away.
 */
export async function signInToBackoffice(page: Page, login: string, password: string): Promise<void> {
  if (!/\/backoffice\//.test(page.url())) await page.goto('/backoffice/');
  const form = page.getByRole('form', { name: 'Back-office: iniciar sesión' });
  await form.getByRole('textbox', { name: 'Usuario o correo' }).fill(login);
  await form.getByLabel('Contraseña', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'Entrar' }).click();
  await form.waitFor({ state: 'detached' });
}

/**
 * Saves a screenshot of the page at phone and desktop width (`<name>-phone.png`, `<name>-desktop.png`) and
 * runs axe at each width: a serious or critical violation fails the test, naming the rule and the elements.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize();
  const problems: string[] = [];
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${viewport.name}.png`), fullPage: true });
    const results = await new AxeBuilder({ page }).analyze();
    for (const v of results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      problems.push(`${viewport.name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
  }
  if (original) await page.setViewportSize(original);
  expect(problems).toEqual([]);
}
