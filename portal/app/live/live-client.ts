import { createClient, type Client } from 'graphql-ws/client';

/** The API closes a connection with 4403 when the session ended (signed out, disabled): no point retrying. */
const SESSION_ENDED = 4403;

/** Thrown by `connectionParams` when /live/session answers 401: the customer must sign in again. */
export class SessionEnded extends Error {}

let client: Client | undefined;

/**
 * The tab's one live connection to the API (graphql-ws on this origin's `/graphql`), shared by every
 * subscription of every page; opened on the first subscription, closed a few seconds after the last one ends
 * (so moving between pages keeps it). Before each (re)connect it asks the portal to refresh the access-token
 * cookie the upgrade carries, so a connection closed for an expired token (4401) comes back with a new one.
 */
export function liveClient(): Client {
  client ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    lazy: true,
    lazyCloseTimeout: 5_000,
    retryAttempts: Infinity,
    shouldRetry: (event) => !(isCloseEvent(event) && event.code === SESSION_ENDED),
    connectionParams: async () => {
      const answer = await fetch('/live/session', { method: 'POST', credentials: 'same-origin' });
      if (answer.status === 401) throw new SessionEnded('session ended');
      return {};
    },
  });
  return client;
}

/** Whether a subscription ended because the socket closed (a CloseEvent-like value), with which code. */
export function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;
}
