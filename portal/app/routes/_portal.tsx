import { data, redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { Outlet } from '@remix-run/react';
import { ChatPanel } from '../components/chat-panel';
import { Viewer } from '../graphql/account.server';
import { ApiUnavailable } from '../lib/api.server';
import { page } from '../lib/page.server';
import { useLiveRefresh } from '../live/use-live-refresh';

/**
 * The signed-in customer's pages: without a session (or when it cannot be refreshed) the visitor goes to
 * sign-in and comes back here afterwards; a staff account is signed out of the portal. One round trip
 * also brings the unread-notification count that the header's badge shows on every signed-in page.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const answer = await api.asCustomer(Viewer, {});
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  if (answer.data.me.kind !== 'CUSTOMER') throw redirect('/sign-in', { headers: await api.destroy() });
  return data({ name: answer.data.me.displayName, unread: answer.data.unreadNotificationCount }, { headers: await api.headers() });
}

/**
 * Every signed-in page follows the customer's notifications: a new one reloads the page's loaders (this
 * one included, so the badge counts it), on the tab's one live connection. Every one also carries the
 * floating support chat (issue 10).
 */
export default function PortalLayout() {
  useLiveRefresh({ notifications: true });
  return (
    <>
      <Outlet />
      <ChatPanel />
    </>
  );
}
