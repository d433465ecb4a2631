import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { createClient, type Client } from 'graphql-ws/client';
import { PortalOrderTraceLiveDocument, PortalUnitTraceLiveDocument } from './generated/graphql';
import { documentRequest } from '../lib/trusted-document';
import { keepSubscribed } from './keep-subscribed';

let client: Client | undefined;

/**
 * The public trace pages' live connection: graphql-ws on this origin's `/graphql` with no session (the API
 * runs unitTraceUpdated and orderTraceUpdated for anonymous sockets), so a visitor who scanned a label needs
 * no account. Separate from `liveClient`, which first refreshes a customer's session.
 */
function publicLiveClient(): Client {
  client ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    lazy: true,
    lazyCloseTimeout: 5_000,
    retryAttempts: Infinity,
  });
  return client;
}

/** What a public trace page follows: a unit (id or code) or an order (its link token). */
export type TraceTopic = { unit: string } | { order: string };

/**
 * Reloads the page's data (its loader: the verification checked again) each time the API says the trace's
 * anchoring changed — an anchor confirmed, failed or reorganised away — so "pendiente de anclaje" turns into
 * "verificado" without a reload. The subscription has no replay: after a dropped connection it subscribes
 * again and reloads once, so nothing confirmed meanwhile is missed.
 */
export function useTraceLive(topic: TraceTopic): void {
  const { revalidate } = useRevalidator();
  const revalidateRef = useRef(revalidate);
  revalidateRef.current = revalidate;
  const key = JSON.stringify(topic);

  useEffect(() => {
    const current = JSON.parse(key) as TraceTopic;
    const request = 'unit' in current
      ? { ...documentRequest(PortalUnitTraceLiveDocument), variables: { unit: current.unit } }
      : { ...documentRequest(PortalOrderTraceLiveDocument), variables: { token: current.order } };
    return keepSubscribed(({ received, failed }) =>
      publicLiveClient().subscribe<Record<string, unknown>>(request, {
        next: () => {
          received();
          revalidateRef.current();
        },
        error: () => {
          revalidateRef.current();
          failed();
        },
        complete: () => undefined,
      }),
    );
  }, [key]);
}
