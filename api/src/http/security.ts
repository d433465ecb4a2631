import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** The API's own paths; every other one belongs to the back-office or the portal when they are mounted. */
export const apiPaths = ['/graphql', '/uploads', '/health', '/metrics', '/trace/bundle', '/trace/qr', '/trace/labels'];

/**
 * Security headers on every response (helmet): HSTS, nosniff, no framing, no referrer, and a CSP for a JSON
 * API that loads nothing. Apollo's landing page (development) sends its own CSP in the page, so the header's
 * is left off that one HTML answer. Uploads are images the portal and back-office show, so resources may be
 * read by the same site. With pages mounted (portal, back-office), every path outside the API's gets their
 * own CSP and referrer policy instead (api/src/portal.ts, api/src/backoffice.ts).
 */
export function securityHeaders(options: { landingPage: boolean; pages: boolean }): RequestHandler[] {
  const headers = helmet({
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  const csp = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  });
  const landingPage: RequestHandler = (req, res, next) => {
    if (options.pages && !apiPaths.some((path) => req.path === path || req.path.startsWith(`${path}/`))) return next();
    return options.landingPage && req.method === 'GET' && req.path === '/graphql' && req.accepts(['application/json', 'text/html']) === 'text/html' ? next() : csp(req, res, next);
  };
  return [headers, landingPage];
}
