import type { ActionFunctionArgs } from '@remix-run/node';
import { PortalApi } from '../lib/api.server';

/**
 * `POST /photos`: the browser sends one product photo (body: the image, Content-Type image/jpeg|png|webp);
 * the portal streams it to the API's `/uploads` with the customer's access token, which never reaches the
 * page, and answers the API's status and JSON. The API checks type, size and pixels again; cross-site posts
 * are refused before this runs (api/src/portal.ts).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const api = await PortalApi.from(request, context);
  if (!request.body) return Response.json({ errors: [{ message: 'No image', extensions: { code: 'UPLOAD_INVALID' } }] }, { status: 415 });
  const answer = await api.uploadImage(request.body, request.headers.get('Content-Type') ?? '', request.headers.get('Content-Length'));
  return Response.json(answer.body, { status: answer.status, headers: await api.headers() });
}
