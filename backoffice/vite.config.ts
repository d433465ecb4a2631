import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The staff back-office: a single-page app built once (`npm run build`) into backoffice/dist and served by
 * the API's Express app under /backoffice/ (api/src/backoffice.ts), on the API's own origin.
 */
export default defineConfig({
  base: '/backoffice/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    // Libraries change less often than the app: their own chunks stay cached across releases.
    rollupOptions: { output: { manualChunks: { react: ['react', 'react-dom', 'react-router'], apollo: ['@apollo/client', 'graphql', 'graphql-ws', 'rxjs'] } } },
  },
});
