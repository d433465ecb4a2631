/**
 * Whether a browser's `Origin` is the site it sent the request to: the portal and back-office served by this
 * same process (a page elsewhere cannot claim this host as its Origin). Other browser apps are listed in
 * APP_ORIGINS. `host` is the request's Host header.
 */
export function isSameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
