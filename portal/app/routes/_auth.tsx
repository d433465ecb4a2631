import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { Outlet } from '@remix-run/react';
import { getSession } from '../lib/session.server';

/** Pages for visitors who are not signed in; a signed-in customer goes to the home page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await getSession(request, context);
  if (session.has('tokens')) throw redirect('/');
  return null;
}

export default function AuthLayout() {
  return (
    <div className="card narrow">
      <Outlet />
    </div>
  );
}
