import { auth } from '../../session/auth';

/** A refusal of POST /uploads, by its code (UPLOAD_INVALID, UPLOAD_TOO_LARGE, TOO_MANY_ATTEMPTS…). */
export class UploadRefused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * Sends one photo to the API's `POST /uploads` (same origin: the httpOnly access cookie, path /, goes with it)
 * and answers its upload id. An expired access token (401) is refreshed once, as the Apollo link does, then
 * retried; a refresh refused ends the session. Throws UploadRefused with the API's code, or NETWORK.
 */
export async function uploadPhoto(file: File): Promise<string> {
  const send = () => fetch('/uploads', { method: 'POST', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file, credentials: 'same-origin' });
  let response: Response;
  try {
    response = await send();
    if (response.status === 401) {
      if (!(await auth.refresh())) {
        auth.expire();
        throw new UploadRefused('UNAUTHENTICATED');
      }
      response = await send();
    }
  } catch (error) {
    if (error instanceof UploadRefused) throw error;
    throw new UploadRefused('NETWORK');
  }
  const body = (await response.json().catch(() => null)) as { id?: string; errors?: { extensions?: { code?: string } }[] } | null;
  if (response.ok && body?.id) return body.id;
  throw new UploadRefused(body?.errors?.[0]?.extensions?.code ?? 'UNKNOWN');
}
