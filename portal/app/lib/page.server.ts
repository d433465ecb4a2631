import type { AppLoadContext } from '@remix-run/node';
import { translator, type Locale, type T } from '../i18n/i18n';
import { PortalApi } from './api.server';
import { requestLocale } from './locale.server';

/** What a loader or action usually needs: the API client with the session, the language and its `t`. */
export interface Page {
  api: PortalApi;
  locale: Locale;
  t: T;
}

export async function page(request: Request, context: AppLoadContext): Promise<Page> {
  const [api, locale] = await Promise.all([PortalApi.from(request, context), requestLocale(request, context)]);
  return { api, locale, t: translator(locale) };
}
