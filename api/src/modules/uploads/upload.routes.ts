import express, { type Request, type Response, Router } from 'express';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from '../../app';
import type { Context } from '../../context';
import { errorMessages, type ErrorCode } from '../../shared/errors';
import { Permission } from '../identity/permission';
import { UserKind } from '../identity/role';
import { User } from '../identity/user.entity';
import { Upload } from './upload.entity';
import { sniffImageType } from './upload.rules';

function refuse(res: Response, status: number, code: ErrorCode): void {
  const [message, messageEn] = errorMessages[code];
  res.status(status).json({ error: { code, message, messageEn } });
}

/**
 * `POST /uploads` (body: the image bytes, Content-Type image/jpeg|png|webp; bearer token or cookie) stores
 * an image and answers `{ id, contentType, size, sha256 }`; mutations then refer to it by id.
 * `GET /uploads/:id` serves it to its owner, to staff, and to the customer whose order's tracking shows it.
 */
export function uploadRouter(app: App, contextFor: (req: Request) => Promise<Context>): Router {
  const router = Router();
  router.post('/', express.raw({ type: () => true, limit: app.config.uploadMaxBytes }), async (req, res) => {
    const ctx = await contextFor(req);
    if (!ctx.principal) return refuse(res, 401, 'UNAUTHENTICATED');
    if (!ctx.principal.permissions.has(Permission.Upload)) return refuse(res, 403, 'FORBIDDEN');
    const body = req.body as Buffer;
    const contentType = Buffer.isBuffer(body) ? sniffImageType(body) : null;
    if (!contentType) return refuse(res, 415, 'UPLOAD_INVALID');
    const sha256 = createHash('sha256').update(body).digest('hex');
    const upload = ctx.em.create(Upload, {
      owner: ctx.em.getReference(User, ctx.principal.user.id),
      contentType,
      size: body.length,
      sha256,
      storageKey: '',
      createdAt: new Date(),
    });
    upload.storageKey = upload.id;
    await mkdir(app.config.uploadDir, { recursive: true });
    await writeFile(join(app.config.uploadDir, upload.storageKey), body);
    await ctx.em.persistAndFlush(upload);
    res.status(201).json({ id: upload.id, contentType, size: upload.size, sha256 });
  });
  router.get('/:id', async (req, res) => {
    const ctx = await contextFor(req);
    if (!ctx.principal) return refuse(res, 401, 'UNAUTHENTICATED');
    const upload = /^[0-9a-f-]{36}$/.test(req.params.id) ? await ctx.em.findOne(Upload, req.params.id) : null;
    if (!upload) return refuse(res, 404, 'NOT_FOUND');
    if (!(await maySee(ctx, upload))) return refuse(res, 404, 'NOT_FOUND');
    // The upload folder lives under .data/, which sendFile treats as a dotfile path unless allowed.
    res.type(upload.contentType).sendFile(join(app.config.uploadDir, upload.storageKey), { dotfiles: 'allow' });
  });
  // Oversized bodies: express.raw raises 413; answer it in the same shape as the other refusals.
  router.use((err: { type?: string }, _req: Request, res: Response, next: (e: unknown) => void) => {
    if (err?.type === 'entity.too.large') return refuse(res, 413, 'UPLOAD_TOO_LARGE');
    next(err);
  });
  return router;
}

/** Staff see every upload; others their own, and the photos of tracking events of their own orders. */
async function maySee(ctx: Context, upload: Upload): Promise<boolean> {
  const principal = ctx.principal!;
  if (principal.user.kind === UserKind.STAFF || upload.owner.id === principal.user.id) return true;
  if (!principal.customerId) return false;
  const rows = await ctx.em.getConnection().execute(
    `SELECT 1 FROM tracking_event_photos p JOIN tracking_event e ON e.id = p.tracking_event_id
       JOIN purchase_order o ON o.id = e.order_id WHERE p.upload_id = ? AND o.customer_id = ? LIMIT 1`,
    [upload.id, principal.customerId],
  );
  return rows.length > 0;
}
