import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { App } from '../../app';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { transact } from '../../shared/transaction';
import { Alert } from '../alerts/alert.entity';
import { audit } from '../audit/audit.service';
import { Role, UserKind } from '../identity/role';
import { User } from '../identity/user.entity';
import { notifyUser } from '../notifications/notification.service';
import { postJson } from './webhook-sender';
import { attemptOutcome, deliveryBody, endpointReceives, parseRetryAfter, retryDelayMs, shouldDisable, signatureHeader, type EndpointScope } from './webhook.rules';
import { SerialPass } from '../../shared/serial-pass';

/** Events fanned out per transaction. */
const FAN_OUT_PAGE = 500;
/** Deliveries one instance claims and sends at once. */
const SEND_BATCH = 10;
/** A claimed delivery is held this long beyond the request timeout; an instance that died holding it lets it go then. */
const LEASE_MARGIN_MS = 30_000;
/** How long a wake-up by published events waits for more (webhooks are POSTs to other systems, not a live feed). */
const EVENTS_WAKE_DELAY_MS = 100;
/** Alert kind raised when an endpoint is disabled for its failures. */
export const WEBHOOK_DISABLED_ALERT = 'WEBHOOK_ENDPOINT_DISABLED';

interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  body: Record<string, unknown>;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Turns committed domain events into webhook deliveries and sends them, on every API instance at once without
 * doubles: the fan-out reads `domain_event` past the persisted cursor while holding its row (FOR UPDATE SKIP
 * LOCKED: one instance at a time) and inserts one delivery per (endpoint, event) under a unique constraint;
 * sending claims due deliveries with FOR UPDATE SKIP LOCKED and leases them (`next_attempt_at` moved past the
 * request timeout) so no other instance sends them meanwhile. Woken by the event relay after it published
 * events, and by a timer for retries. A delivery whose instance died mid-request is sent again after its lease
 * (receivers deduplicate on `Morna-Event-Id`).
 */
export class WebhookDispatcher {
  private timer?: NodeJS.Timeout;
  private soon?: NodeJS.Timeout;
  private readonly passes = new SerialPass(() => this.pass(), (err) => this.app.log.error({ err }, 'webhook dispatch failed; retrying at the next wake-up'));
  private stopped = false;

  constructor(private readonly app: App) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.app.config.webhooks.pollMs);
    this.wake();
  }

  /** Runs a pass now (or right after the one running). */
  wake(): void {
    this.passes.wake();
  }

  /**
   * Runs a pass within EVENTS_WAKE_DELAY_MS: the relay published events. Wake-ups meanwhile share that pass,
   * so a stream of events (a busy chat) costs a few fan-out transactions a second, not one per relay pass.
   */
  eventsPublished(): void {
    if (this.stopped || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.wake();
    }, EVENTS_WAKE_DELAY_MS);
  }

  /** Resolves once the events committed before the call are fanned out and every delivery due now was attempted. */
  drain(): Promise<void> {
    return this.passes.drain();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    clearTimeout(this.soon);
    await this.passes.stop();
  }

  private async pass(): Promise<void> {
    while (!this.stopped && (await this.fanOut())) { /* next page */ }
    for (;;) {
      if (this.stopped) return;
      const claimed = await this.claim();
      if (claimed.length === 0) return;
      await Promise.all(claimed.map((delivery) => this.send(delivery)));
    }
  }

  /** Fans out one page of events past the cursor; true when a full page was done (there may be more). */
  private async fanOut(): Promise<boolean> {
    return this.app.orm.em.fork().transactional(async (em) => {
      const [cursor] = await em.execute<{ last: string }[]>('SELECT last_event_id::text AS last FROM webhook_dispatch_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED');
      // Another instance is fanning out (or an endpoint is being created): it will cover these events.
      if (!cursor) return false;
      const events = await em.execute<{ id: string; topic: string; payload: Record<string, unknown>; created_at: Date }[]>(
        'SELECT id::text AS id, topic, payload, created_at FROM domain_event WHERE id > ? ORDER BY id LIMIT ?',
        [cursor.last, FAN_OUT_PAGE],
      );
      if (events.length === 0) return false;
      const endpoints = await enabledEndpoints(em);
      const rows: unknown[][] = [];
      for (const event of events) {
        const body = deliveryBody({ id: event.id, topic: event.topic, createdAt: new Date(event.created_at).toISOString(), payload: event.payload });
        for (const endpoint of endpoints) {
          if (endpointReceives(endpoint.scope, event)) rows.push([randomUUID(), endpoint.id, event.id, event.topic, JSON.stringify(body)]);
        }
      }
      if (rows.length > 0) {
        const now = new Date();
        await em.execute(
          `INSERT INTO webhook_delivery (id, endpoint_id, event_id, event_type, body, status, attempts, replays, next_attempt_at, created_at)
           VALUES ${rows.map(() => `(?, ?, ?, ?, ?::jsonb, 'PENDING', 0, 0, ?, ?)`).join(', ')}
           ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
          rows.flatMap((row) => [...row, now, now]),
        );
      }
      await em.execute('UPDATE webhook_dispatch_cursor SET last_event_id = ? WHERE id = 1', [events.at(-1)!.id]);
      return events.length === FAN_OUT_PAGE;
    });
  }

  /** Claims up to SEND_BATCH due deliveries of enabled endpoints for this instance (a new attempt each). */
  private async claim(): Promise<ClaimedDelivery[]> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.app.config.webhooks.timeoutMs + LEASE_MARGIN_MS);
    return this.app.orm.em.fork().getConnection().execute<ClaimedDelivery[]>(
      `UPDATE webhook_delivery d SET attempts = d.attempts + 1, next_attempt_at = ?, last_attempt_at = ?
         FROM webhook_endpoint e
        WHERE e.id = d.endpoint_id AND d.id IN (
          SELECT d2.id FROM webhook_delivery d2 JOIN webhook_endpoint e2 ON e2.id = d2.endpoint_id AND e2.enabled
           WHERE d2.status = 'PENDING' AND d2.next_attempt_at <= ?
           ORDER BY d2.next_attempt_at, d2.event_id LIMIT ? FOR UPDATE OF d2 SKIP LOCKED)
       RETURNING d.id, d.endpoint_id, d.event_id::text AS event_id, d.event_type, d.body, d.attempts, e.url, e.secret`,
      [leaseUntil, now, now, SEND_BATCH],
    );
  }

  /** Sends one claimed delivery and records the attempt, retrying or giving up, and disabling a failing endpoint. */
  private async send(delivery: ClaimedDelivery): Promise<void> {
    const settings = this.app.config.webhooks;
    const body = JSON.stringify(delivery.body);
    const timestamp = Math.floor(Date.now() / 1000);
    const result = await postJson(delivery.url, body, {
      'Morna-Signature': signatureHeader(delivery.secret, timestamp, body),
      'Morna-Event-Id': delivery.event_id,
      'Morna-Event-Type': delivery.event_type,
      'Morna-Delivery-Id': delivery.id,
    }, settings.timeoutMs, settings);
    const now = new Date();
    const outcome = attemptOutcome(result.statusCode, delivery.attempts, settings.maxAttempts);
    const retryAfter = parseRetryAfter(result.headers['retry-after'] as string | undefined, now);
    const nextAttemptAt = outcome === 'RETRY' ? new Date(now.getTime() + retryDelayMs(delivery.attempts, settings.retryBaseMs, settings.retryMaxMs, Math.random(), retryAfter)) : null;
    const em = this.app.orm.em.fork();
    await transact({ em, app: this.app }, async (tx) => {
      const updated = await tx.execute<{ id: string }[]>(
        `UPDATE webhook_delivery SET status = ?, next_attempt_at = ?, last_status_code = ?, last_response_body = ?, last_error = ?,
                last_duration_ms = ?, delivered_at = CASE WHEN ? THEN ?::timestamptz ELSE delivered_at END
          WHERE id = ? AND attempts = ? AND status = 'PENDING' RETURNING id`,
        [outcome === 'RETRY' ? 'PENDING' : outcome, nextAttemptAt, result.statusCode, result.body, result.error, result.durationMs, outcome === 'SUCCEEDED', now, delivery.id, delivery.attempts],
      );
      // Its lease ran out and another instance took it over: that attempt's result is the one recorded.
      if (updated.length === 0) return;
      if (outcome === 'SUCCEEDED') {
        await tx.execute('UPDATE webhook_endpoint SET consecutive_failures = 0, failing_since = NULL WHERE id = ?', [delivery.endpoint_id]);
        return;
      }
      const [endpoint] = await tx.execute<{ consecutive_failures: number; failing_since: Date; enabled: boolean; url: string }[]>(
        `UPDATE webhook_endpoint SET consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, ?)
          WHERE id = ? RETURNING consecutive_failures, failing_since, enabled, url`,
        [now, delivery.endpoint_id],
      );
      if (endpoint?.enabled && shouldDisable(endpoint.consecutive_failures, new Date(endpoint.failing_since), now, settings)) {
        await disableForFailures(tx, delivery.endpoint_id, endpoint, now);
      }
    });
  }
}

/** The enabled endpoints with what decides which events they receive. */
async function enabledEndpoints(em: EntityManager): Promise<{ id: string; scope: EndpointScope }[]> {
  const rows = await em.execute<{ id: string; event_types: string[]; start_after_event_id: string; customer_id: string | null; user_id: string | null }[]>(
    `SELECT e.id, e.event_types, e.start_after_event_id::text AS start_after_event_id, e.customer_id, c.user_id
       FROM webhook_endpoint e LEFT JOIN customer c ON c.id = e.customer_id WHERE e.enabled`,
  );
  return rows.map((r) => ({
    id: r.id,
    scope: { eventTypes: r.event_types, startAfterEventId: r.start_after_event_id, customer: r.customer_id ? { id: r.customer_id, userId: r.user_id! } : null },
  }));
}

/**
 * Disables an endpoint that keeps failing (audited, no actor), raises an alert to the Master (published and
 * notified in-app to every active Master, like the staff-response alerts).
 */
async function disableForFailures(em: EntityManager, endpointId: string, endpoint: { consecutive_failures: number; failing_since: Date; url: string }, now: Date): Promise<void> {
  await em.execute(`UPDATE webhook_endpoint SET enabled = false, disabled_reason = 'FAILURES', disabled_at = ? WHERE id = ?`, [now, endpointId]);
  audit(em, { principal: null, ip: null }, 'webhook.endpoint_auto_disabled', { type: 'WebhookEndpoint', id: endpointId }, {
    url: endpoint.url, consecutiveFailures: endpoint.consecutive_failures, failingSince: new Date(endpoint.failing_since).toISOString(),
  }, null);
  const message = {
    es: `El webhook ${endpoint.url} se deshabilitó tras ${endpoint.consecutive_failures} intentos fallidos seguidos.`,
    en: `The webhook ${endpoint.url} was disabled after ${endpoint.consecutive_failures} failed attempts in a row.`,
  };
  const alert = em.create(Alert, {
    kind: WEBHOOK_DISABLED_ALERT, subjectType: 'WebhookEndpoint', subjectId: endpointId, subjectState: `DISABLED@${now.toISOString()}`,
    reference: endpoint.url, message: message.es, messageEn: message.en, waitingSince: new Date(endpoint.failing_since), createdAt: now,
  });
  em.persist(alert);
  recordEvent(em, Topic.AlertRaised, { alertId: alert.id, at: now.toISOString() });
  const masters = await em.find(User, { kind: UserKind.STAFF, active: true, roles: { $contains: [Role.MASTER] } });
  for (const master of masters) {
    notifyUser(em, {
      userId: master.id,
      kind: 'STAFF_ALERT',
      title: { es: 'Alerta: un webhook se deshabilitó', en: 'Alert: a webhook was disabled' },
      body: message,
      data: { alertId: alert.id, subjectType: 'WebhookEndpoint', subjectId: endpointId },
    });
  }
}
