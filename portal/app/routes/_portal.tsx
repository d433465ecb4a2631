import { data, redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { Outlet } from '@remix-run/react';
import { Viewer } from '../graphql/account.server';
import { ApiUnavailable } from '../lib/api.server';
import { page } from '../lib/page.server';

/**
 * The signed-in customer's pages: without a session (or when it cannot be refreshed) the visitor goes to
 * sign-in and comes back here afterwards; a staff account is signed out of the portal.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const answer = await api.asCustomer(Viewer, {});
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  if (answer.data.me.kind !== 'CUSTOMER') throw redirect('/sign-in', { headers: await api.destroy() });
  return data({ name: answer.data.me.displayName }, { headers: await api.headers() });
}

export default function PortalLayout() {
  return <Outlet />;
}
