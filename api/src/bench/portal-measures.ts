import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEMO_PASSWORD } from '../seed/demo';
import { ORDER_WITH_PACKAGES } from './documents';
import type { BenchFixture } from './fixture';
import type { LoadPlan, LoadRequest, LoadResult } from './load-worker';
import { firstLoadScripts, preloadedScripts, routePattern, type AssetsManifest, type ScriptSize } from './portal-assets';
import { percentile } from './stats';

/** JavaScript a first load of one route downloads, and the budget it must stay within when it has one. */
export interface RouteWeight {
  routeId: string;
  /** URL pattern, e.g. /quotes/:id; "(layout)" for a pathless layout. */
  pattern: string;
  scripts: ScriptSize[];
  bytes: number;
  gzipBytes: number;
  /** gzip bytes allowed (kB of 1,000 bytes), when the route has a target. */
  targetGzipBytes?: number;
}

/** Budgets of issue 6 (gzip): the order tracking page, and the quote page beside it. */
export const JS_TARGETS: Record<string, number> = {
  'routes/_portal.orders.$id': 150_000,
  'routes/_portal.quotes.$id': 150_000,
};

/** Every route of the manifest, with the scripts of its first load and their total sizes; sorted by route id. */
export function routeWeights(manifest: AssetsManifest, clientDir: string): RouteWeight[] {
  return Object.keys(manifest.routes)
    .sort()
    .map((routeId) => {
      const scripts = firstLoadScripts(manifest, clientDir, routeId);
      return {
        routeId,
        pattern: manifest.routes[routeId]!.path === undefined && !manifest.routes[routeId]!.index ? '(layout)' : routePattern(manifest, routeId),
        scripts,
        bytes: scripts.reduce((sum, s) => sum + s.bytes, 0),
        gzipBytes: scripts.reduce((sum, s) => sum + s.gzipBytes, 0),
        targetGzipBytes: JS_TARGETS[routeId],
      };
    });
}

/** A portal page the load measures: its route in the build, and its URL for the fixture's customer. */
export interface MeasuredPage {
  name: string;
  routeId: string;
  path(ids: CustomerIds): string;
  /** Text the rendered page must contain (the loader's data reached the HTML). */
  expect(ids: CustomerIds): string;
}

/** The customer's first order and the quote request it came from, with their human-readable numbers. */
export interface CustomerIds {
  orderId: string;
  orderNumber: string;
  requestId: string;
  requestNumber: string;
}

/** The pages measured under load, each only once its route is in the build. */
export const MEASURED_PAGES: readonly MeasuredPage[] = [
  { name: 'quote page', routeId: 'routes/_portal.quotes.$id', path: (ids) => `/quotes/${ids.requestId}`, expect: (ids) => ids.requestNumber },
  { name: 'order page', routeId: 'routes/_portal.orders.$id', path: (ids) => `/orders/${ids.orderId}`, expect: (ids) => ids.orderNumber },
];

/** The ids and numbers of the fixture customer's order that the pages show. */
export async function customerIds(f: BenchFixture): Promise<CustomerIds> {
  const [row] = (
    await f.sql.query<{ order_number: string; request_id: string; request_number: string }>(
      'SELECT o.number AS order_number, r.id AS request_id, r.number AS request_number FROM purchase_order o JOIN purchase_request r ON r.id = o.request_id WHERE o.id = $1',
      [f.customer.orderId],
    )
  ).rows;
  return { orderId: f.customer.orderId, orderNumber: row!.order_number, requestId: row!.request_id, requestNumber: row!.request_number };
}

/**
 * Signs the fixture's customer in through the portal's sign-in form (a same-origin POST, as a browser sends
 * it) and returns the session cookie (`name=value`). Throws unless the portal redirects with a cookie.
 */
export async function portalSession(f: BenchFixture): Promise<string> {
  const response = await fetch(`${f.api.url}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: f.api.url },
    body: new URLSearchParams({ login: f.customer.login, password: DEMO_PASSWORD, redirectTo: '/' }).toString(),
    redirect: 'manual',
  });
  await response.arrayBuffer();
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (response.status !== 302 || !cookie) throw new Error(`signing in through the form answered ${response.status} without a session cookie`);
  return cookie;
}

/**
 * GETs `url` with `cookie` and checks that the page's `<link rel="modulepreload">` scripts are exactly the ones
 * `preloadedScripts` counts for `routeId`, so the JavaScript table measures what browsers really fetch.
 */
async function checkPreloads(manifest: AssetsManifest, routeId: string, url: string, cookie: string): Promise<void> {
  const response = await fetch(url, { headers: { cookie } });
  const html = await response.text();
  const actual = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]!).sort();
  const expected = preloadedScripts(manifest, routeId).sort();
  if (response.status !== 200 || JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${url} (HTTP ${response.status}) preloads ${JSON.stringify(actual)}, not the manifest's ${JSON.stringify(expected)}`);
  }
}

/** Concurrent users, and the requests each sends (after its warm-up) per series. */
export const LOAD = { users: 50, warmUp: 3, requests: 10, series: 2 } as const;

/** Runs one load in a worker thread, so that the clients do not share the server's event loop. */
function runLoad(request: LoadRequest): Promise<number[]> {
  const plan: LoadPlan = { request, users: LOAD.users, warmUp: LOAD.warmUp, requests: LOAD.requests };
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'load-worker.js'), { workerData: plan });
    worker.once('message', (result: LoadResult) => resolve(result.ttfbMs));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the load worker exited with ${code} before answering`)));
  });
}

/** p50 and p99 time to first byte (ms) of one target under the load. */
export interface TtfbUnderLoad {
  name: string;
  target: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Time to first byte under `LOAD.users` concurrent users of the API's own `order(id)` query (bearer token) and
 * of each given page (one portal session cookie, signed in through the form), the API first. The targets
 * take turns for `LOAD.series` series, so that a slower phase of the machine weighs on all of them. Each
 * page's scripts are first checked against `manifest` (`checkPreloads`).
 */
export async function ttfbUnderLoad(f: BenchFixture, manifest: AssetsManifest, pages: readonly MeasuredPage[]): Promise<TtfbUnderLoad[]> {
  const ids = await customerIds(f);
  const cookie = await portalSession(f);
  for (const page of pages) await checkPreloads(manifest, page.routeId, `${f.api.url}${page.path(ids)}`, cookie);
  const targets = [
    {
      name: 'API order(id) with payments, packages and tracking',
      target: 'POST /graphql',
      request: {
        url: f.api.graphqlUrl,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${f.customer.token}` },
        body: JSON.stringify({ query: ORDER_WITH_PACKAGES, variables: { id: ids.orderId } }),
        expect: `"number":"${ids.orderNumber}"`,
      } satisfies LoadRequest,
    },
    ...pages.map((page) => ({
      name: page.name,
      target: `GET ${page.path(ids)}`,
      request: { url: `${f.api.url}${page.path(ids)}`, method: 'GET', headers: { cookie }, expect: page.expect(ids) } satisfies LoadRequest,
    })),
  ];
  const samples = targets.map(() => [] as number[]);
  for (let series = 0; series < LOAD.series; series += 1) {
    for (const [i, t] of targets.entries()) samples[i]!.push(...(await runLoad(t.request)));
  }
  return targets.map((t, i) => ({ name: t.name, target: t.target, samples: samples[i]!.length, p50Ms: percentile(samples[i]!, 50), p99Ms: percentile(samples[i]!, 99) }));
}
