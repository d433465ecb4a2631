import type { ActionFunctionArgs } from '@remix-run/node';
import { page } from '../lib/page.server';

/**
 * POST /live/session: called by the browser before its live connection (re)connects. Refreshes the access
 * token when it is about to expire and sets it again as the API's httpOnly cookie, which the WebSocket
 * upgrade carries. 204 when the session is good, 401 when it is over (the page then reloads into sign-in).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await page(request, context);
  if (!(await api.ensureFresh())) return new Response(null, { status: 401, headers: await api.destroy() });
  return new Response(null, { status: 204, headers: await api.headers() });
}
