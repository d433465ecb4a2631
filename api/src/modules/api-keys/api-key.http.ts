import type { RequestHandler } from 'express';
import type { App } from '../../app';
import type { Principal } from '../../context';
import { DomainError } from '../../shared/errors';
import { apiKeyFrom, authenticateKey, meterRequest } from './api-key.auth';

/** Where the gate leaves a keyed request's principal for the GraphQL context (null: the key was refused). */
export const KEY_PRINCIPAL = 'apiKeyPrincipal';

/** The principal the gate found for a request, `undefined` when the request carried no key. */
export function keyPrincipalOf(locals: Record<string, unknown>): Principal | null | undefined {
  return locals[KEY_PRINCIPAL] as Principal | null | undefined;
}

/**
 * The API-key gate of `/graphql` over HTTP. A request carrying a key (X-Api-Key, or Authorization: Bearer
 * mk_live_…) is authenticated by it alone — cookies and access tokens are ignored — and metered: every answer
 * carries `RateLimit-Policy`, `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds), and
 * one over a limit is HTTP 429 with `Retry-After` and a GraphQL error RATE_LIMITED {retryAfterSeconds}. A
 * refused key (unknown, wrong secret, revoked, expired) leaves the request anonymous: UNAUTHENTICATED.
 * Other paths (uploads, the apps' pages) never look at keys.
 */
export function apiKeyGate(app: App): RequestHandler {
  return async (req, res, next) => {
    const text = apiKeyFrom(req.headers);
    if (!text) return next();
    const caller = await authenticateKey(app.orm.em.fork(), text, app.config.apiKeys.pepper);
    res.locals[KEY_PRINCIPAL] = caller?.principal ?? null;
    if (!caller) return next();
    const metered = await meterRequest(app, caller, req.ip ?? null);
    res.set(metered.headers);
    if (metered.allowed) return next();
    const error = new DomainError('RATE_LIMITED', { retryAfterSeconds: metered.retryAfterSeconds });
    res.status(429).json({ errors: [{ message: error.message, extensions: error.extensions }] });
  };
}
