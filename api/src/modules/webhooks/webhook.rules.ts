import { createHmac } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { Topic } from '../../events/topics';

/** Name of the signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'Morna-Signature';

/**
 * The `Morna-Signature` value for `body` sent at `timestamp` (unix seconds): HMAC-SHA256 keyed with the
 * endpoint's secret (the whole `whsec_…` string, UTF-8) over `"<timestamp>.<body>"`, in lower-case hex.
 */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What one attempt came to, from the HTTP status (null: no response — network error, timeout, refused address). */
export type AttemptOutcome = 'SUCCEEDED' | 'RETRY' | 'FAILED';

/**
 * 2xx succeeds; no response, 408, 429 and 5xx are retried while attempts remain; anything else (3xx —
 * redirects are not followed — and other 4xx) fails at once: the receiver refused it and will again.
 */
export function attemptOutcome(statusCode: number | null, attempts: number, maxAttempts: number): AttemptOutcome {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return 'SUCCEEDED';
  const retryable = statusCode === null || statusCode === 408 || statusCode === 429 || statusCode >= 500;
  return retryable && attempts < maxAttempts ? 'RETRY' : 'FAILED';
}

/**
 * Delay before the next attempt after `attempts` attempts, ms: `baseMs · 2^(attempts−1)` capped at `maxMs`,
 * with "equal jitter" (a random half of it, `random` in [0, 1)) so receivers recovering from an outage are not
 * hit by every sender at once. A `Retry-After` the receiver sent (ms) is honoured when longer, up to `maxMs`.
 */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number, random: number, retryAfterMs: number | null): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(exponential / 2 + (exponential / 2) * random);
  return retryAfterMs === null ? jittered : Math.min(maxMs, Math.max(jittered, retryAfterMs));
}

/** A `Retry-After` header (seconds, or an HTTP date measured from `now`) in ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/**
 * Whether an endpoint failing since `failingSince` with `consecutiveFailures` failed attempts in a row must be
 * disabled: at `disableAfterFailures` failures, or once it has failed for `disableAfterHours` without a success.
 */
export function shouldDisable(consecutiveFailures: number, failingSince: Date | null, now: Date, limits: { disableAfterFailures: number; disableAfterHours: number }): boolean {
  if (consecutiveFailures >= limits.disableAfterFailures) return true;
  return failingSince !== null && now.getTime() - failingSince.getTime() >= limits.disableAfterHours * 3_600_000;
}

/** Event types only staff may see: never sent to an endpoint bound to a customer. */
export const STAFF_ONLY_EVENT_TYPES: readonly string[] = [Topic.AlertRaised, Topic.StockChanged];

/** What decides whether an endpoint receives an event. */
export interface EndpointScope {
  eventTypes: readonly string[];
  startAfterEventId: string;
  /** The bound customer and its user (notifications name the user), or null for a business-wide endpoint. */
  customer: { id: string; userId: string } | null;
}

/**
 * Whether the endpoint receives the event: a subscribed type, committed after the endpoint was created, and for
 * an endpoint bound to a customer only what that customer's own subscriptions would receive — its requests,
 * orders, payments and tickets (not the staff-only holder changes of claims or internal ticket changes) and its
 * user's notifications; never staff-only types.
 */
export function endpointReceives(scope: EndpointScope, event: { id: string; topic: string; payload: Record<string, unknown> }): boolean {
  if (!scope.eventTypes.includes(event.topic)) return false;
  if (BigInt(event.id) <= BigInt(scope.startAfterEventId)) return false;
  if (!scope.customer) return true;
  if (STAFF_ONLY_EVENT_TYPES.includes(event.topic)) return false;
  if (event.topic === Topic.NotificationCreated) return event.payload.userId === scope.customer.userId;
  return event.payload.customerId === scope.customer.id && event.payload.holderChanged !== true && event.payload.internal !== true;
}

/** The JSON body of a delivery: the event's id, type, commit time and payload. */
export function deliveryBody(event: { id: string; topic: string; createdAt: string; payload: Record<string, unknown> }): Record<string, unknown> {
  return { id: event.id, type: event.topic, createdAt: event.createdAt, data: event.payload };
}

/** What kind of address an IP is, for the outbound-request guard. */
export type AddressKind = 'loopback' | 'private' | 'public';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Not publicly routable: unspecified, private, CGNAT, link-local (cloud metadata), multicast, reserved, ULA. */
const nonPublic = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const) {
  nonPublic.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) nonPublic.addSubnet(net, prefix, 'ipv6');

/** Classifies an IP literal; IPv4-mapped IPv6 (`::ffff:10.0.0.1`) counts as its IPv4 address. */
export function addressKind(ip: string): AddressKind {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1]! : ip;
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (loopback.check(address, family)) return 'loopback';
  return nonPublic.check(address, family) ? 'private' : 'public';
}

/** Whether the outbound guard lets a request reach `ip`. */
export function addressAllowed(ip: string, allow: { allowLoopback: boolean; allowPrivate: boolean }): boolean {
  const kind = addressKind(ip);
  return kind === 'public' || (kind === 'loopback' && allow.allowLoopback) || (kind === 'private' && allow.allowPrivate);
}

/**
 * Checks an endpoint URL's shape: http or https, a host, no credentials; when the host is an IP literal
 * (or `localhost`), that the address is allowed. Names are checked again, resolved, on every request.
 * Returns the normalised URL, or null when refused.
 */
export function acceptableUrl(raw: string, allow: { allowLoopback: boolean; allowPrivate: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !addressAllowed(host, allow)) return null;
  if ((host === 'localhost' || host.endsWith('.localhost')) && !allow.allowLoopback) return null;
  return url.toString();
}
