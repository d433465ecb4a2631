import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express, { type RequestHandler } from 'express';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from './config';
import { repoRoot } from './config';

/** Mounts the portal once the API knows its own address (the portal's server calls it over HTTP). */
export type PortalMount = (apiUrl: () => string) => RequestHandler;

/**
 * Cross-site request protection for every portal form, before any action runs: the session cookie is
 * SameSite=Lax (a cross-site POST carries no session), and a write whose Origin (or, without one, Referer)
 * is not this site is refused with 403. Portal pages send `Referrer-Policy: same-origin`, so browsers put
 * the real Origin on same-site posts; a write with neither header is refused (browsers always send Origin
 * on POST).
 */
export const sameSiteWrites: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  const origin = req.get('origin');
  const referer = req.get('referer');
  const claimed = origin && origin !== 'null' ? origin : referer ? originOf(referer) : undefined;
  if (claimed === `${req.protocol}://${req.get('host')}`) return next();
  res.status(403).type('text/plain').send('Solicitud rechazada: no viene de este sitio. / Request refused: it does not come from this site.');
};

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Where `npm run build` puts the portal (portal/build/{client,server}). */
export const portalBuildDir = join(repoRoot, 'portal', 'build');

/**
 * Loads the built portal and returns how to serve it: hashed assets (cached for a year), then every other
 * path through Remix after the cross-site check, with a per-request CSP nonce and `Referrer-Policy: same-origin` (so same-site form
 * posts carry their Origin, which the portal's actions check). Throws when the portal is not built or
 * PORTAL_SESSION_SECRET is missing in production.
 */
export async function loadPortal(config: Config): Promise<PortalMount> {
  const serverEntry = join(portalBuildDir, 'server', 'index.js');
  if (!existsSync(serverEntry)) throw new Error(`The portal is not built (${serverEntry} is missing): run npm run build`);
  const sessionSecret = config.portalSessionSecret;
  if (!sessionSecret) throw new Error('PORTAL_SESSION_SECRET is required when NODE_ENV=production');
  // The build is an ES module; this file is CommonJS, where a dynamic import stays a real import().
  const build = (await import(pathToFileURL(serverEntry).href)) as ServerBuild;
  return (apiUrl) => {
    const router = express.Router();
    router.use('/assets', express.static(join(portalBuildDir, 'client', 'assets'), { immutable: true, maxAge: '1y', index: false }));
    router.use(express.static(join(portalBuildDir, 'client'), { maxAge: '1h', index: false }));
    router.use(sameSiteWrites);
    router.use((_req, res, next) => {
      const nonce = randomBytes(16).toString('base64');
      res.locals.cspNonce = nonce;
      res.setHeader(
        'Content-Security-Policy',
        `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`,
      );
      res.setHeader('Referrer-Policy', 'same-origin');
      next();
    });
    const remix = createRequestHandler({
      build,
      mode: process.env.NODE_ENV === 'production' ? 'production' : 'development',
      getLoadContext: (req, res) => ({
        portal: {
          apiUrl: config.apiUrl ?? apiUrl(),
          sessionSecret,
          secureCookies: config.secureCookies,
          cspNonce: res.locals.cspNonce as string,
          clientIp: req.ip ?? '',
          businessWhatsapp: config.businessWhatsapp,
        },
      }),
    });
    router.use(remix as unknown as RequestHandler);
    return router;
  };
}
