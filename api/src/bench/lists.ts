import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { repoRoot } from '../config';
import { DEMO_PASSWORD } from '../seed/demo';
import { postOk } from '../shared/graphql-http';
import { seededOrderNumber } from './seed-orders';
import { formatMs, markdownTable, median, timeEach } from './stats';
import { ORDER_FULL, ORDER_MINIMAL } from './throughput/documents';
import { startServerProcess } from './throughput/server-process';

const SIGN_IN = 'mutation ListsSignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }';

/** One list read: its name, the query field and its arguments (GraphQL text), and who reads it. */
interface ListCase {
  name: string;
  field: string;
  args: string;
  as: 'staff' | 'customer';
}

/**
 * `npm run bench:lists`: the latency of every list of the schema and its main filters, one request after
 * another (p50 and p99 of BENCH_LIST_REQUESTS, after 3 unmeasured), with `totalCount` and `totalCountExact`
 * selected, over the database in BENCH_DATABASE_URL (`npm run bench:seed-large`: 1,000,000 orders) — issue 8's
 * "every list and filter p50 < 20 ms"; BENCH_LIST_ONLY=word,… measures only the lists whose name holds one. Morna runs in its own process
 * in production mode (as the throughput benchmark runs it); the times are the client's, from request to answer. Writes bench-results/lists.{json,md} and prints the Markdown.
 */
async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL is required (npm run bench:seed-large prints it)');
  const requests = Number(process.env.BENCH_LIST_REQUESTS ?? 100);
  const sql = new Client({ connectionString: url });
  await sql.connect();
  const [sample] = (await sql.query<{ id: string; customer_id: string; number: string; orders: number }>(
    'SELECT id, customer_id, number, (SELECT count(*) FROM purchase_order)::int AS orders FROM purchase_order WHERE number = $1',
    [seededOrderNumber(500_000)],
  )).rows;
  await sql.end();
  if (!sample) throw new Error('no seeded orders in BENCH_DATABASE_URL (run npm run bench:seed-large)');

  const folder = mkdtempSync(join(tmpdir(), 'morna-lists-'));
  // In its own process, production mode from the start (graphql-js reads NODE_ENV when loaded), as `npm start` runs it.
  const api = await startServerProcess('Morna', 'morna-server.js', {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    API_KEY_PEPPER: randomBytes(32).toString('hex'),
    DATABASE_URL: url,
    MORNA_DATA_DIR: folder,
  });
  try {
    const signIn = async (login: string) => (await postOk<{ signIn: { accessToken: string } }>(api.graphqlUrl, SIGN_IN, { input: { login, password: DEMO_PASSWORD } })).signIn.accessToken;
    const tokens = { staff: await signIn('master'), customer: await signIn('maria') };
    const digits = sample.number.slice(-6);
    const cases: ListCase[] = [
      { name: 'orders, newest first', field: 'orders', args: '', as: 'staff' },
      { name: 'orders, oldest first', field: 'orders', args: 'order: OLDEST_FIRST', as: 'staff' },
      { name: 'orders in one state', field: 'orders', args: 'filter: { state: PAID }', as: 'staff' },
      { name: 'orders of one customer', field: 'orders', args: `filter: { customerId: "${sample.customer_id}" }`, as: 'staff' },
      { name: 'orders searched by number', field: 'orders', args: `filter: { number: "${digits}" }`, as: 'staff' },
      { name: 'orders searched by whole number', field: 'orders', args: `filter: { number: "${sample.number}" }`, as: 'staff' },
      { name: 'orders paid, supplier not paid', field: 'orders', args: 'filter: { state: PAID, supplierPaymentRegistered: false }', as: 'staff' },
      { name: 'quote requests, newest first', field: 'purchaseRequests', args: 'order: NEWEST_FIRST', as: 'staff' },
      { name: 'quote requests in one state', field: 'purchaseRequests', args: 'order: NEWEST_FIRST, filter: { state: SUBMITTED }', as: 'staff' },
      { name: 'quote requests in the China queue', field: 'purchaseRequests', args: 'order: NEWEST_FIRST, filter: { queue: CHINA }', as: 'staff' },
      { name: 'quote requests searched by number', field: 'purchaseRequests', args: `order: NEWEST_FIRST, filter: { search: "${sample.number.replace('PO', 'SC')}" }`, as: 'staff' },
      { name: 'payments, newest first', field: 'payments', args: '', as: 'staff' },
      { name: 'payments in a rare state', field: 'payments', args: 'filter: { state: REJECTED }', as: 'staff' },
      { name: 'payments of one order', field: 'payments', args: `filter: { orderId: "${sample.id}" }`, as: 'staff' },
      { name: 'payments searched by order number', field: 'payments', args: `filter: { search: "${sample.number}" }`, as: 'staff' },
      { name: 'boxes, newest first', field: 'boxes', args: '', as: 'staff' },
      { name: 'boxes searched by number', field: 'boxes', args: `filter: { search: "${sample.number.replace('PO', 'BX')}" }`, as: 'staff' },
      { name: 'users, newest first', field: 'users', args: '', as: 'staff' },
      { name: 'users searched', field: 'users', args: 'search: "bench-4242"', as: 'staff' },
      { name: 'stalled orders', field: 'stalledOrders', args: 'days: 1', as: 'staff' },
      { name: 'stalled orders searched', field: 'stalledOrders', args: `days: 1, search: "${digits}"`, as: 'staff' },
      { name: 'stalled orders searched by whole number', field: 'stalledOrders', args: `days: 1, search: "${sample.number}"`, as: 'staff' },
      { name: 'quiet boxes', field: 'quietBoxes', args: 'days: 1', as: 'staff' },
      { name: 'quiet boxes, most recent first', field: 'quietBoxes', args: 'days: 1, order: MOST_RECENT_FIRST', as: 'staff' },
      { name: 'quiet boxes searched by box number', field: 'quietBoxes', args: `days: 1, search: "${sample.number.replace('PO', 'BX')}"`, as: 'staff' },
      ...['tickets', 'chatInbox', 'auditLog', 'alerts', 'webhookEndpoints', 'webhookDeliveries', 'traceUnits', 'products', 'stockMovements', 'sales', 'surveys', 'apiKeys', 'faqEntries', 'businessParametersHistory']
        .map((field): ListCase => ({ name: field, field, args: '', as: 'staff' })),
      ...['myOrders', 'myPurchaseRequests', 'myNotifications', 'myTickets', 'myChats', 'mySurveys'].map((field): ListCase => ({ name: field, field, args: '', as: 'customer' })),
    ];
    // BENCH_LIST_ONLY: a comma-separated list of words; only the lists whose name holds one of them are measured.
    const only = process.env.BENCH_LIST_ONLY?.split(',').map((w) => w.trim()).filter(Boolean);
    const measured = only ? cases.filter((c) => only.some((w) => c.name.includes(w))) : cases;
    const failures: string[] = [];
    const rows: { name: string; p50: number; p99: number; totalCount?: number; exact?: boolean }[] = [];
    /** Times `once` (3 unmeasured, then `requests`), or records the failure; `count` reads the last answer's count. */
    const measure = async (name: string, once: () => Promise<unknown>, count?: () => { totalCount: number; totalCountExact: boolean }) => {
      try {
        await timeEach(3, once);
      } catch (err) {
        // One that fails (e.g. TIME_BUDGET_EXCEEDED) is reported as such and the others still measured.
        console.log(`  ${name}: ${(err as Error).message.slice(0, 200)}`);
        failures.push(name);
        return;
      }
      const samples = (await timeEach(requests, once)).sort((a, b) => a - b);
      const counted = count?.();
      rows.push({ name, p50: median(samples), p99: samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.99) - 1)]!, totalCount: counted?.totalCount, exact: counted?.totalCountExact });
      console.log(`  ${name}: p50 ${formatMs(rows.at(-1)!.p50)}`);
    };
    // The order page (issue 8: p50 under 5 ms at this size), then every list.
    if (!only || only.some((w) => 'order(id)'.includes(w))) {
      await measure('order(id) full: payments, packages, 20 tracking events', () => postOk(api.graphqlUrl, ORDER_FULL, { id: sample.id }, tokens.staff));
      await measure('order(id) { number state }', () => postOk(api.graphqlUrl, ORDER_MINIMAL, { id: sample.id }, tokens.staff));
    }
    for (const c of measured) {
      const query = `query ListsBench { ${c.field}(first: 20${c.args ? `, ${c.args}` : ''}) { totalCount totalCountExact edges { cursor } } }`;
      let last: { totalCount: number; totalCountExact: boolean } | undefined;
      await measure(c.name, async () => (last = (await postOk<Record<string, { totalCount: number; totalCountExact: boolean }>>(api.graphqlUrl, query, {}, tokens[c.as]))[c.field]), () => last!);
    }
    const markdown = [
      `# Morna list latency — ${new Date().toISOString()}`,
      '',
      `${sample.orders.toLocaleString('en')} orders; ${requests} sequential requests per list after 3 unmeasured, first: 20, lists with totalCount and totalCountExact selected; the order page as the bench's full and minimal order reads; client in its own process.`,
      '',
      markdownTable(['list', 'p50', 'p99', 'totalCount', 'exact'], [
        ...rows.map((r) => [r.name, formatMs(r.p50), formatMs(r.p99), r.totalCount?.toLocaleString('en') ?? '—', r.exact === undefined ? '—' : r.exact ? 'yes' : 'estimate']),
        ...failures.map((name) => [name, 'failed', '', '', '']),
      ]),
      '',
    ].join('\n');
    const results = join(repoRoot, 'bench-results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'lists.json'), JSON.stringify({ orders: sample.orders, requests, rows, failures }, null, 2));
    writeFileSync(join(results, 'lists.md'), markdown);
    console.log(`\n${markdown}`);
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    await api.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error('list benchmark failed:', err);
  process.exit(1);
});
