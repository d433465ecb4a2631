import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { join } from 'node:path';
import type { App } from '../../app';
import type { Context } from '../../context';
import { sendRefusal } from '../../http/errors';
import { isSameOrigin } from '../../http/same-origin';
import { BoundedWork } from '../../shared/bounded-work';
import { DomainError } from '../../shared/errors';
import { Permission } from '../identity/permission';
import { UserKind } from '../identity/role';
import { Upload } from './upload.entity';
import { reencodeImage, type ReencodeResult } from './upload.image';
import { isValidUploadLink } from './upload-links';
import { declaredImageType, imageExtension, sniffImageType, type ImageType } from './upload.rules';
import { assertUploadRoom, storeUpload } from './upload.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Served images can never run as a page: no sniffing, no scripts, no plugins, a sandbox if opened directly. */
const SERVED_IMAGE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  // Private: browsers may keep a copy but must ask again (a cheap 304 via the ETag) so access is rechecked.
  'Cache-Control': 'private, no-cache',
  // The apps may show them from their own (same-site) origin; other sites may not embed them.
  'Cross-Origin-Resource-Policy': 'same-site',
};

/** Uploads of one user being received or re-encoded at once; more are refused (TOO_MANY_ATTEMPTS, 429). */
const UPLOADS_IN_FLIGHT_PER_USER = 2;

/**
 * `POST /uploads` (body: the image bytes, Content-Type image/jpeg|png|webp; bearer token or cookie) stores
 * a re-encoded copy of an image and answers `{ id, contentType, size, sha256 }` (of the stored copy);
 * mutations then refer to it by id. Refusals (the HTTP error shape, `{ errors: [{ extensions: { code } }] }`):
 * 403 FORBIDDEN (an Origin neither this site nor in APP_ORIGINS), 415 UPLOAD_INVALID (declared or real type not an accepted image), 401,
 * 413 UPLOAD_TOO_LARGE (bytes or pixels), 429 UPLOAD_QUOTA_EXCEEDED or TOO_MANY_ATTEMPTS (more than two of the user's uploads at once),
 * 503 SERVER_BUSY (every re-encoding place taken).
 * `GET /uploads/:id` serves it to its owner, to staff, and to the customer whose order's tracking shows it;
 * `GET /uploads/:id?expires=…&signature=…` (a signed link, see upload-links.ts) to anyone until it expires;
 * anything else under /uploads answers a JSON 404.
 */
export function uploadRouter(app: App, contextFor: (req: Request) => Promise<Context>): Router {
  const router = Router();
  const { config } = app;
  // Decoding a 12-megapixel photo takes up to seconds of CPU: two at a time, eight waiting, the rest refused;
  // and one user holds at most two of those places, so nobody can keep the others out.
  const reencoding = new BoundedWork(2, 8, () => new DomainError('SERVER_BUSY'));
  const inFlight = new Map<string, number>();
  router.post(
    '/',
    (req, res, next) => {
      // The same protection Apollo gives /graphql: a browser cannot send this request cross-site without a
      // CORS preflight (which foreign origins fail), and a foreign Origin is refused outright. The portal and
      // back-office served by this process (same origin, cookie auth) pass like the listed app origins.
      const origin = req.headers.origin;
      if (origin !== undefined && !config.appOrigins.includes(origin) && !isSameOrigin(origin, req.headers.host)) return sendRefusal(res, 403, 'FORBIDDEN');
      if (!declaredImageType(req.headers['content-type'])) return sendRefusal(res, 415, 'UPLOAD_INVALID');
      next();
    },
    async (req, res, next) => {
      // Authenticate before reading up to uploadMaxBytes of body.
      const ctx = await contextFor(req);
      if (!ctx.principal) return sendRefusal(res, 401, 'UNAUTHENTICATED');
      if (!ctx.principal.permissions.has(Permission.Upload)) return sendRefusal(res, 403, 'FORBIDDEN');
      const userId = ctx.principal.user.id;
      if ((inFlight.get(userId) ?? 0) >= UPLOADS_IN_FLIGHT_PER_USER) return sendRefusal(res, 429, 'TOO_MANY_ATTEMPTS', { retryAfterSeconds: 2 });
      // Taken before any await, so parallel requests of one user cannot all pass the check above.
      inFlight.set(userId, (inFlight.get(userId) ?? 0) + 1);
      res.once('close', () => {
        const left = (inFlight.get(userId) ?? 1) - 1;
        if (left > 0) inFlight.set(userId, left);
        else inFlight.delete(userId);
      });
      // Over quota already: refuse before reading the body or decoding anything.
      try {
        await assertUploadRoom(ctx.em, config, userId);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'UPLOAD_QUOTA_EXCEEDED') return sendRefusal(res, 429, err.code);
        throw err;
      }
      res.locals.ctx = ctx;
      next();
    },
    express.raw({ type: () => true, limit: config.uploadMaxBytes }),
    async (req, res) => {
      const ctx = res.locals.ctx as Context;
      const body = req.body as Buffer;
      const type = Buffer.isBuffer(body) ? sniffImageType(body) : null;
      if (!type) return sendRefusal(res, 415, 'UPLOAD_INVALID');
      let image: ReencodeResult;
      try {
        image = await reencoding.run(() => reencodeImage(body, type, config.uploadMaxPixels));
      } catch (err) {
        if (err instanceof DomainError && err.code === 'SERVER_BUSY') return sendRefusal(res, 503, err.code, { retryAfterSeconds: 2 });
        throw err;
      }
      if ('refusal' in image) return sendRefusal(res, image.refusal === 'UPLOAD_TOO_LARGE' ? 413 : 415, image.refusal);
      try {
        const upload = await storeUpload(ctx.em, config, ctx.principal!.user.id, image);
        res.status(201).json({ id: upload.id, contentType: upload.contentType, size: upload.size, sha256: upload.sha256 });
      } catch (err) {
        if (err instanceof DomainError && err.code === 'UPLOAD_QUOTA_EXCEEDED') return sendRefusal(res, 429, err.code);
        throw err;
      }
    },
  );
  router.get('/:id', async (req, res) => {
    if (!UUID.test(req.params.id)) return sendRefusal(res, 404, 'NOT_FOUND');
    const ctx = await contextFor(req);
    const linked = isValidUploadLink(config.jwtSecret, req.params.id, req.query.expires, req.query.signature, new Date());
    if (!linked && !ctx.principal) return sendRefusal(res, 401, 'UNAUTHENTICATED');
    const upload = await ctx.em.findOne(Upload, req.params.id);
    if (!upload || !(linked || (await maySee(ctx, upload)))) return sendRefusal(res, 404, 'NOT_FOUND');
    res.set({ ...SERVED_IMAGE_HEADERS, 'Content-Disposition': `inline; filename="${upload.id}.${imageExtension(upload.contentType as ImageType)}"` });
    // The upload folder lives under .data/, which sendFile treats as a dotfile path unless allowed.
    res.type(upload.contentType).sendFile(join(config.uploadDir, upload.storageKey), { dotfiles: 'allow', cacheControl: false });
  });
  router.use((_req: Request, res: Response) => sendRefusal(res, 404, 'NOT_FOUND'));
  router.use((err: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    // express.raw raises 413 for oversized bodies; a path that is not valid percent-encoding, or a stored
    // file gone missing, is simply not found.
    if (err?.type === 'entity.too.large') return sendRefusal(res, 413, 'UPLOAD_TOO_LARGE');
    if (err instanceof URIError || err?.status === 404) return sendRefusal(res, 404, 'NOT_FOUND');
    next(err);
  });
  return router;
}

/** Staff see every upload; others their own, the photos of tracking events of their own orders, and images sent in their own chats. */
async function maySee(ctx: Context, upload: Upload): Promise<boolean> {
  const principal = ctx.principal!;
  if (principal.user.kind === UserKind.STAFF || upload.owner.id === principal.user.id) return true;
  if (!principal.customerId) return false;
  const rows = await ctx.em.getConnection().execute(
    `SELECT 1 FROM tracking_event_photos p JOIN tracking_event e ON e.id = p.tracking_event_id
       JOIN purchase_order o ON o.id = e.order_id WHERE p.upload_id = ? AND o.customer_id = ? LIMIT 1`,
    [upload.id, principal.customerId],
  );
  if (rows.length > 0) return true;
  // Support chat (issue 10): images an agent sent in the customer's own chats.
  const chat = await ctx.em.getConnection().execute(
    `SELECT 1 FROM chat_message_attachments a JOIN chat_message m ON m.id = a.chat_message_id
       JOIN chat_conversation c ON c.id = m.conversation_id WHERE a.upload_id = ? AND c.customer_id = ? LIMIT 1`,
    [upload.id, principal.customerId],
  );
  return chat.length > 0;
}
