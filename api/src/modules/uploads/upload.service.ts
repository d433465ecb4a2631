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
      const [used] = await tx.execute<{ count: number; bytes: string }[]>(
        'SELECT count(*)::int AS count, coalesce(sum(size), 0)::bigint AS bytes FROM upload WHERE owner_id = ? AND created_at > ?',
        [ownerId, new Date(now.getTime() - QUOTA_WINDOW_MS)],
      );
      const limits = { count: config.uploadDailyCount, bytes: config.uploadDailyBytes };
      if (!withinUploadQuota({ count: used!.count, bytes: Number(used!.bytes) }, image.bytes.length, limits)) {
        throw new DomainError('UPLOAD_QUOTA_EXCEEDED', { limits });
      }
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
