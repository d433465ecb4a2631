import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../config';
import { DomainError } from '../../shared/errors';
import { User } from '../identity/user.entity';
import { Upload } from './upload.entity';
import { withinUploadQuota, type ImageType } from './upload.rules';

const QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What `ownerId` uploaded over the last 24 hours before `now`: how many images, how many stored bytes. */
async function usageOf(em: EntityManager, ownerId: string, now: Date): Promise<{ count: number; bytes: number }> {
  const [used] = await em.execute<{ count: number; bytes: string }[]>(
    'SELECT count(*)::int AS count, coalesce(sum(size), 0)::bigint AS bytes FROM upload WHERE owner_id = ? AND created_at > ?',
    [ownerId, new Date(now.getTime() - QUOTA_WINDOW_MS)],
  );
  return { count: used!.count, bytes: Number(used!.bytes) };
}

function refuseOverQuota(config: Config, used: { count: number; bytes: number }, bytes: number): void {
  const limits = { count: config.uploadDailyCount, bytes: config.uploadDailyBytes };
  if (!withinUploadQuota(used, bytes, limits)) throw new DomainError('UPLOAD_QUOTA_EXCEEDED', { limits });
}

/**
 * Refuses (UPLOAD_QUOTA_EXCEEDED) an owner whose quota leaves no room for one more image, before any
 * decoding work is spent on it; `storeUpload` checks again, under the owner's lock, with the real size.
 */
export async function assertUploadRoom(em: EntityManager, config: Config, ownerId: string): Promise<void> {
  refuseOverQuota(config, await usageOf(em, ownerId, new Date()), 0);
}

/**
 * Stores an already re-encoded image for `ownerId` within the owner's quota over the last 24 hours
 * (`config.uploadDailyCount` uploads, `config.uploadDailyBytes` stored bytes). Uploads of one owner take
 * turns on an advisory lock, so concurrent ones cannot both pass the check. The file is written before the
 * row commits and removed if it does not. Throws `DomainError('UPLOAD_QUOTA_EXCEEDED')`.
 */
export async function storeUpload(em: EntityManager, config: Config, ownerId: string, image: { bytes: Buffer; contentType: ImageType }): Promise<Upload> {
  await mkdir(config.uploadDir, { recursive: true });
  let written: string | undefined;
  try {
    return await em.transactional(async (tx) => {
      await tx.execute('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`upload-quota:${ownerId}`]);
      const now = new Date();
      refuseOverQuota(config, await usageOf(tx, ownerId, now), image.bytes.length);
      const upload = tx.create(Upload, {
        owner: tx.getReference(User, ownerId),
        contentType: image.contentType,
        size: image.bytes.length,
        sha256: createHash('sha256').update(image.bytes).digest('hex'),
        storageKey: '',
        createdAt: now,
      });
      upload.storageKey = upload.id;
      written = join(config.uploadDir, upload.storageKey);
      await writeFile(written, image.bytes);
      return upload;
    });
  } catch (err) {
    if (written) await rm(written, { force: true });
    throw err;
  }
}
