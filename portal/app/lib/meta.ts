import { isRouteErrorResponse, type MetaFunction } from '@remix-run/react';
import { isLocale, translator, type MessageKey, type T } from '../i18n/i18n';

function rootT(matches: Parameters<MetaFunction>[0]['matches']): T {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: unknown } | undefined)?.locale;
  return translator(isLocale(locale) ? locale : 'es');
}

/** A page's `<title>` from the catalogue, in the page's language: "Mi perfil · Morna". */
export function title(key: MessageKey): MetaFunction {
  return ({ matches }) => [{ title: `${rootT(matches)(key)} · Morna` }];
}

/** The root's title: the app's name, or what went wrong on an error page. */
export const rootMeta: MetaFunction = ({ matches, error }) => {
  const t = rootT(matches);
  if (!error) return [{ title: t('app.name') }];
  return [{ title: `${t(isRouteErrorResponse(error) && error.status === 404 ? 'notFound.title' : 'error.title')} · Morna` }];
};
