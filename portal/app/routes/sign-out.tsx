import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { SignOut } from '../graphql/account.server';
import { page } from '../lib/page.server';
import { accessCookie, commitSession, getSession } from '../lib/session.server';

/** Ends the API session (refresh and access tokens stop working) and the portal's cookie. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await page(request, context);
  const tokens = api.session.get('tokens');
  if (tokens) await api.anonymous(SignOut, { refreshToken: tokens.refreshToken });
  const fresh = await getSession(new Request(request.url), context);
  fresh.flash('notice', 'signIn.signedOut');
  const headers = new Headers();
  headers.append('Set-Cookie', await commitSession(context, fresh));
  headers.append('Set-Cookie', accessCookie(context));
  return redirect('/sign-in', { headers });
}

/** GET /sign-out changes nothing (sign-out is a POST): back home. */
export function loader() {
  return redirect('/');
}
