import express, { type RequestHandler } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './config';
import { notFound } from './http/errors';

/** Where `npm run build` puts the back-office (Vite, `base: '/backoffice/'`). */
export const backofficeDistDir = join(repoRoot, 'backoffice', 'dist');

/** The path the back-office is served under (its Vite `base` and its router's basename). */
export const BACKOFFICE_PATH = '/backoffice';

/**
 * The built back-office, to mount at `/backoffice`: hashed assets cached for a year, and index.html (never
 * cached) for every other GET, so the app's own routes load on a reload or a shared link. Its CSP allows only
 * this origin (scripts, styles, images, the API over HTTP and WebSocket) and no inline script. Throws when it
 * is not built.
 */
export function loadBackoffice(): RequestHandler {
  const index = join(backofficeDistDir, 'index.html');
  if (!existsSync(index)) throw new Error(`The back-office is not built (${index} is missing): run npm run build`);
  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    );
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  // A missing hashed asset is a 404, not the app's page (a stale tab after a release must not get HTML as JS).
  router.use('/assets', express.static(join(backofficeDistDir, 'assets'), { immutable: true, maxAge: '1y', index: false }), notFound);
  router.use(express.static(backofficeDistDir, { maxAge: '1h', index: false }));
  router.get('/{*path}', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
