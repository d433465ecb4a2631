import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig, type Plugin } from 'vite';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * conform's zod 4 helpers build their coercion wrappers with `lazy`, `optional`, `pipe` and `transform` from
 * zod's classic API, which drags all of classic zod (≈ 18 kB gzip) into every form page. zod/mini exports the
 * same four functions over the same core (conform only reads `_zod` internals), so the browser bundle takes
 * them from there. The server build is unchanged: it does not bundle dependencies.
 */
const conformOnZodMini: Plugin = {
  name: 'morna:conform-on-zod-mini',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source === 'zod/v4' && importer?.includes('/node_modules/@conform-to/zod/')) return this.resolve('zod/mini', importer, { skipSelf: true });
    return null;
  },
};

/** The portal is built once (`npm run build`) and served by the API's Express app (api/src/portal.ts). */
export default defineConfig({
  plugins: [
    conformOnZodMini,
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
  build: { assetsInlineLimit: 0 },
});
