import type { RequestHandler, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';

/** One HTTP request as logs and error responses name it. */
export interface RequestScope {
  /** The caller's `X-Request-Id` when sane, else a fresh UUID; echoed in the response header. */
  requestId: string;
  /** The instance's logger with `requestId` on every line. */
  log: Logger;
}

/** An incoming id is kept when it is short and plain (no spaces, quotes or control characters to forge log lines). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const storage = new AsyncLocalStorage<RequestScope>();

/** The id a request is known by: the caller's `X-Request-Id` when sane, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** The scope of the HTTP request being served, read where no request object reaches (Apollo's formatError). */
export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}

/** The scope `requestScope` attached to `res`. */
export function scopeOf(res: Response): RequestScope | undefined {
  return res.locals.requestScope as RequestScope | undefined;
}

/**
 * First middleware: gives the request its id (`X-Request-Id` in, `X-Request-Id` out) and a child logger, on
 * `res.locals` and as the current async scope.
 */
export function requestScope(log: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    const scope: RequestScope = { requestId, log: log.child({ requestId }) };
    res.locals.requestScope = scope;
    res.setHeader('X-Request-Id', requestId);
    storage.run(scope, next);
  };
}

/**
 * Re-enters the request's scope: body parsers call `next` from stream events, outside the async scope the
 * request started in, so a route that reads `currentRequest()` mounts this after them.
 */
export const resumeRequestScope: RequestHandler = (_req, res, next) => {
  const scope = scopeOf(res);
  if (!scope) return next();
  storage.run(scope, next);
};
