import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import { Customer } from '../identity/customer.entity';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookDisabledReason, WebhookEndpoint } from './webhook-endpoint.entity';
import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from './webhook.inputs';
import { acceptableUrl, STAFF_ONLY_EVENT_TYPES } from './webhook.rules';

/** A new signing secret: `whsec_` and 32 random bytes in base64url. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The URL as stored, or WEBHOOK_URL_NOT_ALLOWED (field `url`): not http(s), or an address the configuration refuses. */
function checkedUrl(ctx: Context, url: string): string {
  const accepted = acceptableUrl(url, ctx.app.config.webhooks);
  if (!accepted) throw new DomainError('WEBHOOK_URL_NOT_ALLOWED', { field: 'url' });
  return accepted;
}

/** BAD_USER_INPUT (field `eventTypes`) when a customer-bound endpoint asks for staff-only types. */
function checkEventTypes(eventTypes: readonly string[], boundToCustomer: boolean): string[] {
  if (boundToCustomer && eventTypes.some((t) => STAFF_ONLY_EVENT_TYPES.includes(t))) throw new DomainError('BAD_USER_INPUT', { field: 'eventTypes', reason: 'STAFF_ONLY_EVENT_TYPE' });
  return [...new Set(eventTypes)];
}

async function lockedEndpoint(em: EntityManager, id: string): Promise<WebhookEndpoint> {
  const endpoint = await em.findOne(WebhookEndpoint, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!endpoint) throw new DomainError('NOT_FOUND');
  return endpoint;
}

/**
 * Creates an endpoint (audited) and returns its secret, the only time it is readable. It receives the events
 * committed after it exists: the fan-out cursor is held while the newest event id is read, so no event falls
 * between the two. NOT_FOUND (field `customerId`) for an unknown customer; see `checkedUrl`, `checkEventTypes`.
 */
export async function createWebhookEndpoint(ctx: Context, input: CreateWebhookEndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = checkedUrl(ctx, input.url);
  const eventTypes = checkEventTypes(input.eventTypes, Boolean(input.customerId));
  return transact(ctx, async (em) => {
    const customer = input.customerId ? await em.findOne(Customer, input.customerId) : null;
    if (input.customerId && !customer) throw new DomainError('NOT_FOUND', { field: 'customerId' });
    await em.execute('SELECT 1 FROM webhook_dispatch_cursor WHERE id = 1 FOR UPDATE');
    const [newest] = await em.execute<{ max: string | null }[]>('SELECT max(id)::text AS max FROM domain_event');
    const secret = newSecret();
    const endpoint = em.create(WebhookEndpoint, {
      url, description: input.description.trim(), secret, secretHint: secret.slice(-4), eventTypes, customer, startAfterEventId: newest?.max ?? '0',
      enabled: true, consecutiveFailures: 0, createdAt: new Date(), updatedAt: new Date(),
    });
    em.persist(endpoint);
    audit(em, ctx, 'webhook.endpoint_created', { type: 'WebhookEndpoint', id: endpoint.id }, { url, eventTypes, customerId: customer?.id ?? null });
    return { endpoint, secret };
  });
}

/** Changes an endpoint's URL, description or event types (audited); NOT_FOUND, or as `createWebhookEndpoint`. */
export async function updateWebhookEndpoint(ctx: Context, id: string, input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
  return transact(ctx, async (em) => {
    const endpoint = await lockedEndpoint(em, id);
    if (input.url != null) endpoint.url = checkedUrl(ctx, input.url);
    if (input.description != null) endpoint.description = input.description.trim();
    if (input.eventTypes != null) endpoint.eventTypes = checkEventTypes(input.eventTypes, Boolean(endpoint.customer));
    audit(em, ctx, 'webhook.endpoint_updated', { type: 'WebhookEndpoint', id }, { url: endpoint.url, eventTypes: endpoint.eventTypes });
    return endpoint;
  });
}

/** Replaces the signing secret at once (audited) and returns the new one, the only time it is readable; NOT_FOUND. */
export async function rotateWebhookSecret(ctx: Context, id: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  return transact(ctx, async (em) => {
    const endpoint = await lockedEndpoint(em, id);
    const secret = newSecret();
    endpoint.secret = secret;
    endpoint.secretHint = secret.slice(-4);
    audit(em, ctx, 'webhook.secret_rotated', { type: 'WebhookEndpoint', id });
    return { endpoint, secret };
  });
}

/**
 * Enables or disables an endpoint (audited). Disabled, it gets no new deliveries and its pending ones wait;
 * enabling clears the failure count, and the pending ones are sent again. NOT_FOUND.
 */
export async function setWebhookEndpointEnabled(ctx: Context, id: string, enabled: boolean): Promise<WebhookEndpoint> {
  return transact(ctx, async (em) => {
    const endpoint = await lockedEndpoint(em, id);
    if (endpoint.enabled === enabled) return endpoint;
    endpoint.enabled = enabled;
    endpoint.disabledReason = enabled ? null : WebhookDisabledReason.MANUAL;
    endpoint.disabledAt = enabled ? null : new Date();
    endpoint.consecutiveFailures = 0;
    endpoint.failingSince = null;
    audit(em, ctx, enabled ? 'webhook.endpoint_enabled' : 'webhook.endpoint_disabled', { type: 'WebhookEndpoint', id }, { url: endpoint.url });
    return endpoint;
  });
}

/** Deletes an endpoint and its delivery log (audited); NOT_FOUND. Returns true. */
export async function deleteWebhookEndpoint(ctx: Context, id: string): Promise<boolean> {
  return transact(ctx, async (em) => {
    const endpoint = await lockedEndpoint(em, id);
    audit(em, ctx, 'webhook.endpoint_deleted', { type: 'WebhookEndpoint', id }, { url: endpoint.url });
    em.remove(endpoint);
    return true;
  });
}

/**
 * Queues a finished delivery again (audited): a new round of attempts with the same body and event id, so
 * receivers can tell it is the same event. INVALID_STATE while it is still pending; WEBHOOK_ENDPOINT_DISABLED
 * when its endpoint is disabled; NOT_FOUND.
 */
export async function replayWebhookDelivery(ctx: Context, id: string): Promise<WebhookDelivery> {
  const delivery = await transact(ctx, async (em) => {
    const found = await em.findOne(WebhookDelivery, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!found) throw new DomainError('NOT_FOUND');
    if (found.status === WebhookDeliveryStatus.PENDING) throw new DomainError('INVALID_STATE', { status: found.status });
    const endpoint = await em.findOneOrFail(WebhookEndpoint, found.endpoint.id);
    if (!endpoint.enabled) throw new DomainError('WEBHOOK_ENDPOINT_DISABLED');
    found.status = WebhookDeliveryStatus.PENDING;
    found.attempts = 0;
    found.replays += 1;
    found.nextAttemptAt = new Date();
    audit(em, ctx, 'webhook.delivery_replayed', { type: 'WebhookDelivery', id }, { endpointId: endpoint.id, eventId: found.eventId });
    return found;
  });
  ctx.app.webhooks.wake();
  return delivery;
}
