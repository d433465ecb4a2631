import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed links to one uploaded image, for readers who have no account: the public order tracking shows its
 * tracking photos through them. A link names the upload and its expiry and carries an HMAC of both, so it
 * opens that image only, and only until it expires.
 */

/** How long a link stays valid, at least: links are cut on the hour so one photo keeps one URL (browser cache). */
const LINK_HOURS = 1;
const HOUR_MS = 3_600_000;

function signature(secret: string, uploadId: string, expires: number): string {
  return createHmac('sha256', secret).update(`upload-link:${uploadId}:${expires}`).digest('base64url');
}

/**
 * `/uploads/<id>?expires=<unix seconds>&signature=<hmac>`, relative to the API's origin (which serves the
 * portal too); valid from `now` for one to two hours.
 */
export function signedUploadPath(secret: string, uploadId: string, now: Date): string {
  const expires = (Math.floor(now.getTime() / HOUR_MS) + 1 + LINK_HOURS) * 3600;
  return `/uploads/${uploadId}?expires=${expires}&signature=${signature(secret, uploadId, expires)}`;
}

/** Whether a link's `expires` and `signature` were signed for `uploadId` with `secret` and have not expired at `now`. */
export function isValidUploadLink(secret: string, uploadId: string, expires: unknown, given: unknown, now: Date): boolean {
  if (typeof expires !== 'string' || typeof given !== 'string' || !/^\d{1,12}$/.test(expires)) return false;
  if (Number(expires) * 1000 <= now.getTime()) return false;
  const expected = Buffer.from(signature(secret, uploadId, Number(expires)));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
