import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { PortalNotificationLiveDocument, PortalOrderLiveDocument, PortalQuoteLiveDocument, PortalTicketLiveDocument } from './generated/graphql';
import { documentRequest } from '../lib/trusted-document';
import { keepSubscribed } from './keep-subscribed';
import { liveClient } from './live-client';

/** What a page follows live: one order, request or support ticket (or all of the customer's), or their notifications. */
export type LiveTopic = { order: string | null } | { quote: string | null } | { ticket: string | null } | { notifications: true };

/** Events that arrive together (a staff action changes an order and notifies) reload the page once. */
const COALESCE_MS = 150;

let pending: ReturnType<typeof setTimeout> | undefined;

function reloadSoon(revalidate: () => void): void {
  clearTimeout(pending);
  pending = setTimeout(revalidate, COALESCE_MS);
}

function operation(topic: LiveTopic, after: string | undefined): ReturnType<typeof documentRequest> & { variables: Record<string, unknown> } {
  if ('order' in topic) return { ...documentRequest(PortalOrderLiveDocument), variables: { id: topic.order, after } };
  if ('quote' in topic) return { ...documentRequest(PortalQuoteLiveDocument), variables: { id: topic.quote, after } };
  if ('ticket' in topic) return { ...documentRequest(PortalTicketLiveDocument), variables: { id: topic.ticket, after } };
  return { ...documentRequest(PortalNotificationLiveDocument), variables: { after } };
}

function cursorOf(data: Record<string, unknown> | null | undefined): string | undefined {
  const envelope = data ? (Object.values(data)[0] as { cursor?: string } | undefined) : undefined;
  return envelope?.cursor;
}

/**
 * Reloads the page's data (its loaders: one round trip each, as on first load) whenever the API reports a
 * change to `topic` — a staff member recording a tracking event, a payment validated, a notification —
 * with no reload of the page. The subscription resumes after the last event seen when the connection drops
 * (missed events replay), and any failure reloads the data too, so the page is never left stale: a session
 * that ended reloads into sign-in.
 */
export function useLiveRefresh(topic: LiveTopic): void {
  const { revalidate } = useRevalidator();
  const revalidateRef = useRef(revalidate);
  revalidateRef.current = revalidate;
  const key = JSON.stringify(topic);

  useEffect(() => {
    const current = JSON.parse(key) as LiveTopic;
    let cursor: string | undefined;
    const reload = () => reloadSoon(() => revalidateRef.current());
    return keepSubscribed(({ received, failed }) =>
      liveClient().subscribe<Record<string, unknown>>(operation(current, cursor), {
        next: (result) => {
          received();
          if (result.errors?.some((e) => e.extensions?.code === 'EVENT_CURSOR_EXPIRED')) cursor = undefined;
          cursor = cursorOf(result.data) ?? cursor;
          reload();
        },
        error: (error) => {
          if (Array.isArray(error) && error.some((e: { extensions?: { code?: string } }) => e.extensions?.code === 'EVENT_CURSOR_EXPIRED')) cursor = undefined;
          reload();
          failed();
        },
        complete: () => undefined,
      }),
    );
  }, [key]);
}
