import type { ErrorRequestHandler, RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { internalError } from '../graphql/format-error';
import { scopeOf } from '../observability/request-scope';
import { errorMessages, type ErrorCode } from '../shared/errors';

/** A refusal the HTTP edge answers itself, before any route runs. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
  ) {
    super(code);
  }
}

/** body-parser's error types, and Express's for undecodable URLs. */
const knownFailures: Record<string, [number, ErrorCode]> = {
  'entity.parse.failed': [400, 'BAD_REQUEST'],
  'entity.verify.failed': [400, 'BAD_REQUEST'],
  'request.aborted': [400, 'BAD_REQUEST'],
  'request.size.invalid': [400, 'BAD_REQUEST'],
  'entity.too.large': [413, 'PAYLOAD_TOO_LARGE'],
  'parameters.too.many': [413, 'PAYLOAD_TOO_LARGE'],
  'encoding.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE'],
  'charset.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE'],
};

/**
 * Answers a refusal in the one HTTP error shape: `{ errors: [{ message, extensions: { code, messageEn, …extra,
 * requestId } }] }` (`requestId` as in the `X-Request-Id` header).
 */
export function sendRefusal(res: Parameters<RequestHandler>[1], status: number, code: ErrorCode, extra: Record<string, unknown> = {}): void {
  const [message, messageEn] = errorMessages[code];
  const requestId = scopeOf(res)?.requestId;
  res.status(status).json({ errors: [{ message, extensions: { code, messageEn, ...extra, ...(requestId ? { requestId } : {}) } }] });
}

/** POST /graphql takes JSON only (GraphQL over HTTP); anything else is 415 before Apollo sees it. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (req.method === 'POST' && !req.is('application/json')) return next(new HttpRefusal(415, 'UNSUPPORTED_MEDIA_TYPE'));
  next();
};

/** Unknown routes: 404 in the error shape, not Express's HTML page. */
export const notFound: RequestHandler = (_req, res) => sendRefusal(res, 404, 'NOT_FOUND');

/**
 * The one error handler of the Express app: every failure outside GraphQL execution (malformed or oversized
 * bodies, wrong content types, undecodable URLs, a route that threw) answers
 * `{ errors: [{ message, extensions: { code, messageEn } }] }` with a fitting status; unexpected ones are
 * logged with an id and masked, so no HTML, stack, path or SQL leaves the server.
 */
export function jsonErrors(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    const scope = scopeOf(res);
    if (res.headersSent) return next(err);
    if (err instanceof HttpRefusal) return sendRefusal(res, err.status, err.code);
    if (err instanceof GraphQLError && typeof err.extensions.code === 'string' && err.extensions.code in errorMessages) {
      const status = (err.extensions.http as { status?: number } | undefined)?.status ?? 400;
      const { http: _http, code, messageEn: _en, ...details } = err.extensions;
      return sendRefusal(res, status, code as ErrorCode, details);
    }
    const failure = err as { type?: string; status?: number } | null;
    const known = failure?.type ? knownFailures[failure.type] : undefined;
    if (known) return sendRefusal(res, known[0], known[1]);
    if (err instanceof URIError || (failure?.status && failure.status >= 400 && failure.status < 500)) return sendRefusal(res, 400, 'BAD_REQUEST');
    const errorId = randomUUID();
    (scope?.log ?? log).error({ err, errorId }, 'unexpected HTTP error');
    const requestId = scope ? { requestId: scope.requestId } : {};
    res.status(500).json({ errors: [{ message: internalError.message, extensions: { code: 'INTERNAL_SERVER_ERROR', messageEn: internalError.messageEn, errorId, ...requestId } }] });
  };
}
