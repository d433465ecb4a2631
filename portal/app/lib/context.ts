/**
 * What the server that mounts the portal (api/src/portal.ts) gives every request: where the API is, the
 * session secret, cookie security, the request's CSP nonce, the client's IP (forwarded to the API's
 * per-IP throttles) and the business's WhatsApp number (E.164, for the support page).
 */
export interface PortalContext {
  apiUrl: string;
  sessionSecret: string;
  secureCookies: boolean;
  cspNonce: string;
  clientIp: string;
  businessWhatsapp: string;
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    portal: PortalContext;
  }
}
