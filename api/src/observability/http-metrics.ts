import type { RequestHandler } from 'express';
import type { Metrics } from './metrics';
import { scopeOf } from './request-scope';

/** Paths a metric names; every other path (portal pages, unknown routes) is `other`. */
const ROUTE_GROUPS = new Set(['graphql', 'uploads', 'health', 'metrics', 'backoffice']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route label of a path: its first segment when it is one of the API's own, else `other`. */
export function routeGroup(path: string): string {
  const first = path.split('/')[1] ?? '';
  return ROUTE_GROUPS.has(first) ? `/${first}` : 'other';
}

/**
 * Counts and times every HTTP request when its response ends (or its connection closes first), and logs one
 * `debug` line per request with its id, route group, status and milliseconds. Mounted after `requestScope`.
 */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const route = routeGroup(req.path);
    const method = METHODS.has(req.method) ? req.method : 'OTHER';
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method, route }, seconds);
      scopeOf(res)?.log.debug({ method, route, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request completed');
    });
    next();
  };
}
