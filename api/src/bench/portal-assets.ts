import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The part of Remix's browser asset manifest (the server build's `assets` export) that says what a page loads. */
export interface AssetsManifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, { id: string; parentId?: string; path?: string; index?: boolean; module: string; imports?: string[] }>;
}

/** Reads the manifest of the built portal in `buildDir` (portal/build). Throws when the portal is not built. */
export async function readAssetsManifest(buildDir: string): Promise<AssetsManifest> {
  // The build is an ES module; this file is CommonJS, where a dynamic import stays a real import().
  const build = (await import(pathToFileURL(join(buildDir, 'server', 'index.js')).href)) as { assets: AssetsManifest };
  return build.assets;
}

/** The routes from the root down to `routeId` (its layouts first), following `parentId`. */
export function routeChain(manifest: AssetsManifest, routeId: string): string[] {
  const chain: string[] = [];
  for (let id: string | undefined = routeId; id; id = manifest.routes[id]?.parentId) {
    if (!manifest.routes[id]) throw new Error(`route ${id} is not in the manifest`);
    chain.unshift(id);
  }
  return chain;
}

/** The URL pattern of `routeId`: its ancestors' path segments joined ("/quotes/:id"). */
export function routePattern(manifest: AssetsManifest, routeId: string): string {
  const segments = routeChain(manifest, routeId)
    .map((id) => manifest.routes[id]!.path)
    .filter((path): path is string => Boolean(path));
  return `/${segments.join('/')}`;
}

/**
 * The scripts Remix's `<Scripts>` preloads on a first load of `routeId` (lazy route discovery: no separate
 * route manifest file): the client entry with its imports, then for the root, each layout and the route, its
 * module and imports. Deduplicated, in that order.
 */
export function preloadedScripts(manifest: AssetsManifest, routeId: string): string[] {
  const scripts = [manifest.entry.module, ...manifest.entry.imports];
  for (const id of routeChain(manifest, routeId)) {
    const route = manifest.routes[id]!;
    scripts.push(route.module, ...(route.imports ?? []));
  }
  return [...new Set(scripts)];
}

/** The relative static imports of a built ES module (`import{a}from"./x.js"`, `import"./y.js"`), not dynamic `import()`. */
export function staticImports(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom|\bimport)\s*["'](\.\/[^"']+\.js)["']/g)].map((match) => match[1]!);
}

/** One JavaScript file of the build and its size. */
export interface ScriptSize {
  /** Public path, e.g. /assets/root-C1Al1j-y.js */
  href: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * Every script a first load of `routeId` downloads, from `clientDir` (portal/build/client): the preloaded ones
 * plus whatever they import statically (so an import the manifest would miss is still counted), each once,
 * with its size and its gzip size (zlib's default level, as Vite's build report).
 */
export function firstLoadScripts(manifest: AssetsManifest, clientDir: string, routeId: string): ScriptSize[] {
  const seen = new Map<string, ScriptSize>();
  const pending = preloadedScripts(manifest, routeId);
  for (let href = pending.shift(); href !== undefined; href = pending.shift()) {
    if (seen.has(href)) continue;
    const content = readFileSync(join(clientDir, href));
    seen.set(href, { href, bytes: content.length, gzipBytes: gzipSync(content).length });
    const folder = href.slice(0, href.lastIndexOf('/') + 1);
    pending.push(...staticImports(content.toString('utf8')).map((relative) => folder + relative.slice(2)));
  }
  return [...seen.values()];
}
