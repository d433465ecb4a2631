import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../config';
import { portalBuildDir } from '../portal';
import { startFixture } from './fixture';
import { readAssetsManifest } from './portal-assets';
import { JS_TARGETS, LOAD, MEASURED_PAGES, routeWeights, ttfbUnderLoad, type RouteWeight } from './portal-measures';
import { formatKb, formatMs, formatRatio, markdownTable } from './stats';

/** Where the JSON of the last run goes (git-ignored). */
const RESULTS = join(repoRoot, 'bench-results', 'portal.json');

/** "≤ 150.0 kB: met", "… OVER by 3.1 kB", or empty for a route without a target. */
function verdict(route: RouteWeight): string {
  if (route.targetGzipBytes === undefined) return '';
  const over = route.gzipBytes - route.targetGzipBytes;
  return `≤ ${formatKb(route.targetGzipBytes)}: ${over <= 0 ? 'met' : `OVER by ${formatKb(over)}`}`;
}

/**
 * `npm run bench:portal`: the customer portal's numbers of issue 6 — the JavaScript a first load of each route
 * downloads (gzip) against its budget, and the time to first byte of the customer's pages under 50 concurrent
 * users as a ratio against the API's own `order(id)` query in the same run. Needs no configuration (its own
 * embedded PostgreSQL, the built portal served by the API as `npm start` does). Prints Markdown, writes
 * bench-results/portal.json; exits 1 when a step fails or a route is over its budget.
 */
async function main(): Promise<void> {
  const started = performance.now();
  const manifest = await readAssetsManifest(portalBuildDir);
  const weights = routeWeights(manifest, join(portalBuildDir, 'client'));
  const built = (routeId: string) => routeId in manifest.routes;
  const fixture = await startFixture({ portal: true });
  let ttfb;
  try {
    ttfb = await ttfbUnderLoad(fixture, manifest, MEASURED_PAGES.filter((page) => built(page.routeId)));
  } finally {
    await fixture.stop();
  }

  const missingTargets = Object.entries(JS_TARGETS).filter(([routeId]) => !built(routeId));
  const jsRows = [
    ...weights.map((w) => [w.routeId, w.pattern, String(w.scripts.length), formatKb(w.bytes), formatKb(w.gzipBytes), verdict(w)]),
    ...missingTargets.map(([routeId, target]) => [routeId, '', '', '', '', `≤ ${formatKb(target)}: not built yet`]),
  ];
  const [api] = ttfb;
  const ttfbRows = [
    ...ttfb.map((t) => [t.name, t.target, String(t.samples), formatMs(t.p50Ms), formatMs(t.p99Ms), formatRatio(t.p50Ms / api!.p50Ms), formatRatio(t.p99Ms / api!.p99Ms)]),
    ...MEASURED_PAGES.filter((page) => !built(page.routeId)).map((page) => [page.name, `(${page.routeId})`, '', '', '', 'not built yet', '']),
  ];
  console.log(`\n# Morna portal benchmark — Node ${process.version}, ${cpus().length} CPUs\n`);
  console.log('## JavaScript a first load of each route downloads (entry, root, layouts, route and their imports, each once)\n');
  console.log(markdownTable(['route', 'URL', 'scripts', 'raw', 'gzip', 'target (gzip)'], jsRows));
  console.log(`\n## Time to first byte under ${LOAD.users} concurrent users (keep-alive; ${LOAD.series} series of ${LOAD.requests} requests per user after ${LOAD.warmUp} warm-up)\n`);
  console.log(markdownTable(['measure', 'request', 'samples', 'p50', 'p99', 'p50 ÷ API', 'p99 ÷ API'], ttfbRows));

  const over = weights.filter((w) => w.targetGzipBytes !== undefined && w.gzipBytes > w.targetGzipBytes);
  mkdirSync(join(RESULTS, '..'), { recursive: true });
  writeFileSync(
    RESULTS,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        routes: weights,
        notBuilt: missingTargets.map(([routeId]) => routeId),
        load: LOAD,
        ttfb,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nkB = 1,000 bytes; gzip at zlib's default level. Results in ${relative(process.cwd(), RESULTS)}. Run took ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  if (over.length) throw new Error(`over the JavaScript budget: ${over.map((w) => w.routeId).join(', ')}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('portal benchmark failed:', err);
    process.exit(1);
  },
);
