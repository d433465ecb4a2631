import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { firstLoadScripts, preloadedScripts, routePattern, staticImports, type AssetsManifest } from '../../api/src/bench/portal-assets';

/** A build like Remix's: entry, root, a pathless layout with a page under it, and a sibling page. */
const manifest: AssetsManifest = {
  entry: { module: '/assets/entry.js', imports: ['/assets/react.js'] },
  routes: {
    root: { id: 'root', path: '', module: '/assets/root.js', imports: ['/assets/react.js', '/assets/i18n.js'] },
    'routes/_portal': { id: 'routes/_portal', parentId: 'root', module: '/assets/_portal.js', imports: ['/assets/react.js'] },
    'routes/_portal.orders.$id': { id: 'routes/_portal.orders.$id', parentId: 'routes/_portal', path: 'orders/:id', module: '/assets/order.js', imports: ['/assets/forms.js'] },
    'routes/sign-out': { id: 'routes/sign-out', parentId: 'root', path: 'sign-out', module: '/assets/sign-out.js' },
  },
};

describe('the JavaScript a first load of a route downloads', () => {
  it('is the entry, then the root, each layout and the route with their imports, each once', () => {
    expect(preloadedScripts(manifest, 'routes/_portal.orders.$id')).toEqual([
      '/assets/entry.js',
      '/assets/react.js',
      '/assets/root.js',
      '/assets/i18n.js',
      '/assets/_portal.js',
      '/assets/order.js',
      '/assets/forms.js',
    ]);
  });

  it('does not include the scripts of sibling routes', () => {
    expect(preloadedScripts(manifest, 'routes/sign-out')).not.toContain('/assets/order.js');
  });

  it('names a route by the path segments of its ancestors', () => {
    expect(routePattern(manifest, 'routes/_portal.orders.$id')).toBe('/orders/:id');
  });

  it('finds the static imports of a minified module, not its dynamic ones', () => {
    expect(staticImports('import{a as b}from"./react.js";import"./side.js";const c=()=>import("./lazy.js");')).toEqual(['./react.js', './side.js']);
  });

  it('also counts a chunk that only a downloaded script imports, with its gzip size', () => {
    const client = mkdtempSync(join(tmpdir(), 'morna-assets-'));
    try {
      mkdirSync(join(client, 'assets'));
      const files: Record<string, string> = {
        'entry.js': 'import"./react.js";',
        'react.js': 'export const r=1;'.repeat(50),
        'root.js': 'import{r}from"./react.js";',
        'i18n.js': 'export const t=2;',
        '_portal.js': 'import{x}from"./hidden.js";',
        'hidden.js': 'export const x=3;',
        'order.js': 'export default 1;',
        'forms.js': 'export const f=4;',
      };
      for (const [name, source] of Object.entries(files)) writeFileSync(join(client, 'assets', name), source);
      const scripts = firstLoadScripts(manifest, client, 'routes/_portal.orders.$id');
      expect(scripts.map((s) => s.href).sort()).toEqual(Object.keys(files).map((name) => `/assets/${name}`).sort());
      expect(scripts.find((s) => s.href === '/assets/react.js')).toEqual({ href: '/assets/react.js', bytes: files['react.js']!.length, gzipBytes: gzipSync(files['react.js']!).length });
    } finally {
      rmSync(client, { recursive: true, force: true });
    }
  });
});
