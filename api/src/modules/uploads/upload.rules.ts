/** Image types accepted for photos and payment proofs (seed 003: "subiendo una foto"). */
export const allowedImageTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof allowedImageTypes)[number];

/**
 * The image type the bytes really are (by their signature), or null. The declared Content-Type is not
 * trusted: a file is accepted only when its first bytes are a JPEG, PNG or WebP header.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** File extension for an image type (the served file name). */
export function imageExtension(type: ImageType): 'jpg' | 'png' | 'webp' {
  return type === 'image/jpeg' ? 'jpg' : type === 'image/png' ? 'png' : 'webp';
}

/**
 * The media type a request declares (`Content-Type` without parameters) if it is an accepted image type.
 * Requiring it keeps `POST /uploads` out of reach of plain cross-site forms: browsers send only CORS-safelisted
 * types (text/plain, form encodings) without asking the server first, and no image type is one of them.
 */
export function declaredImageType(contentType: string | undefined): ImageType | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return allowedImageTypes.find((allowed) => allowed === type) ?? null;
}

/** What a user stored over the quota window: number of uploads and their bytes. */
export interface UploadUsage {
  count: number;
  bytes: number;
}

/** True when one more upload of `bytes` keeps the user within `limits` (both bounds inclusive). */
export function withinUploadQuota(used: UploadUsage, bytes: number, limits: UploadUsage): boolean {
  return used.count + 1 <= limits.count && used.bytes + bytes <= limits.bytes;
}
