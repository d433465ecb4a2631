import type { RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { sendRefusal } from '../http/errors';
import type { Metrics } from './metrics';

/** Who may scrape `/metrics`. */
export interface MetricsAccess {
  /** METRICS_TOKEN: when set, scrapes must send `Authorization: Bearer <token>`. */
  token?: string;
  /** Without a token: development serves loopback clients only; production serves nobody (404). */
  production: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Equal-time comparison of two secrets of any length (hashed first, so lengths leak nothing). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * GET /metrics in Prometheus's text format. With METRICS_TOKEN, a bearer token is required (401 otherwise);
 * without it, production answers 404 and development answers only connections from loopback (the socket's
 * address, not X-Forwarded-For), so a proxied visitor never reads them.
 */
export function metricsRoute(metrics: Metrics, access: MetricsAccess): RequestHandler {
  return async (req, res) => {
    if (access.token) {
      const [scheme, credentials] = (req.headers.authorization ?? '').split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !credentials || !sameSecret(credentials, access.token)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        return sendRefusal(res, 401, 'UNAUTHENTICATED');
      }
    } else if (access.production || !LOOPBACK.has(req.socket.remoteAddress ?? '') || req.headers['x-forwarded-for']) {
      return sendRefusal(res, 404, 'NOT_FOUND');
    }
    // A failed probe (the database down) rejects: Express 5 hands it to the JSON error handler.
    const { contentType, body } = await metrics.scrape();
    res.setHeader('Content-Type', contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  };
}
