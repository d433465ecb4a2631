import type { LoaderFunctionArgs } from '@remix-run/node';
import { PortalApi } from '../lib/api.server';

/** What the portal passes on from the API's answer (the API sets them for the stored image). */
const PASSED_ON = ['Content-Type', 'Content-Length', 'Content-Disposition', 'ETag', 'Last-Modified'];

/**
 * `GET /photos/<upload id>`: an image the signed-in customer may see (their own uploads — request photos,
 * payment proofs — and the tracking photos of their orders, as the API's `GET /uploads/:id` decides),
 * streamed from the API with the session's access token, which never reaches the page. The API's refusals
 * keep their status without a body: 404 for someone else's image or an unknown id, 401 without a session.
 * Served as the API serves it: private (asked again each time, a cheap 304), never sniffed or run as a page.
 * `POST /photos` (photos.tsx) is the upload; this child route only answers GET.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const api = await PortalApi.from(request, context);
  const upstream = await api.fetchUpload(params.id!, request.headers);
  const headers = await api.headers();
  // X-Content-Type-Options: nosniff is on every answer of the server that mounts the portal (helmet, api/src/http/security.ts).
  headers.set('Cache-Control', 'private, no-cache');
  if (!upstream) return new Response(null, { status: 401, headers });
  if (upstream.status !== 200 && upstream.status !== 304) {
    await upstream.body?.cancel();
    return new Response(null, { status: upstream.status >= 500 ? 502 : upstream.status, headers });
  }
  for (const name of PASSED_ON) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set('Content-Security-Policy', "default-src 'none'; sandbox");
  return new Response(upstream.status === 304 ? null : upstream.body, { status: upstream.status, headers });
}
