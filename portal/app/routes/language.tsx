import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { isLocale } from '../i18n/i18n';
import { safeRedirect } from '../lib/redirect.server';
import { rememberLocale } from '../lib/locale.server';

/** Remembers the chosen language in a cookie and returns to the page the visitor was on. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get('locale');
  const back = safeRedirect(form.get('redirectTo'));
  if (!isLocale(locale)) return redirect(back);
  return redirect(back, { headers: { 'Set-Cookie': await rememberLocale(context, locale) } });
}

export function loader() {
  return redirect('/');
}
