import { Router, type Request } from 'express';
import type { App } from '../../app';
import type { Context } from '../../context';
import { sendRefusal } from '../../http/errors';
import { DomainError } from '../../shared/errors';
import { clientIp } from '../identity/throttle';
import { limits } from '../identity/throttle.rules';
import { orderWithChain, unitWithChain } from './trace.public';
import { proofBundle, verifyChain } from './verification.service';

/**
 * GET /trace/bundle/unit/:unit (id or code) and /trace/bundle/order/:token: the proof bundle (JSON, downloaded
 * as a file) of a unit's or an order's history — canonical data, hashes, proofs, roots, transactions, chain id
 * and contract — for examples/verify-bundle.mjs or any independent verifier. Public like the trace queries;
 * unknown subjects answer 404 TRACE_NOT_FOUND and count against the per-IP lookup limit (429 TOO_MANY_ATTEMPTS).
 */
export function traceBundleRouter(app: App, contextFor: (req: Request) => Promise<Context>): Router {
  const router = Router();
  router.get('/bundle/:kind/:key', async (req, res, next) => {
    try {
      const { kind, key } = req.params as { kind: string; key: string };
      if ((kind !== 'unit' && kind !== 'order') || key.length > 64) return sendRefusal(res, 404, 'TRACE_NOT_FOUND');
      const ctx = await contextFor(req);
      const bundle = await app.throttle.attempt([[limits.traceLookupIp, clientIp(ctx)]], async () => {
        const em = app.orm.em.fork();
        const found = kind === 'unit' ? await unitWithChain(em, key) : await orderWithChain(em, { token: key });
        if (!found) return { failed: true, error: new DomainError('TRACE_NOT_FOUND') };
        const verification = await verifyChain(em, app.anchorer.gateway, found.chain);
        const subject = 'unit' in found ? { code: found.unit.code, product: found.unit.product } : { orderNumber: found.order.number };
        return { failed: false, value: { name: 'unit' in found ? found.unit.code : found.order.number, bundle: proofBundle(verification, subject) } };
      });
      res.setHeader('content-disposition', `attachment; filename="morna-trace-${bundle.name}.json"`);
      res.json(bundle.bundle);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'TRACE_NOT_FOUND') return sendRefusal(res, 404, 'TRACE_NOT_FOUND');
      if (err instanceof DomainError && err.code === 'TOO_MANY_ATTEMPTS') return sendRefusal(res, 429, 'TOO_MANY_ATTEMPTS', { retryAfterSeconds: err.extensions.retryAfterSeconds });
      next(err);
    }
  });
  return router;
}
