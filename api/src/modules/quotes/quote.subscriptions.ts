import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context, Principal } from '../../context';
import type { PurchaseRequestChangedPayload } from '../../events/topics';
import { Topic } from '../../events/topics';
import { Permission } from '../identity/permission';
import { PurchaseRequest } from './purchase-request.entity';
import { PurchaseRequestState } from './purchase-request.states';
import { queueFor } from './purchase-request-state.service';
import { StaffQueue } from './quote.enums';
import { readForEvent } from '../../shared/event-scope';
import { retryTransient } from '../../shared/retry';
import { AFTER_CURSOR_DESCRIPTION, EventEnvelope } from '../../events/envelope';
import { eventStream, type StreamedEvent } from '../../events/event-stream';

const PurchaseRequestUpdate = EventEnvelope(PurchaseRequest, 'PurchaseRequestUpdate', 'request', 'A quote request changed, and the event\'s cursor.');
type PurchaseRequestUpdate = { cursor: string; request: PurchaseRequest };

/** Who works each queue (seed 003 step 2): China agents source, Venezuela agents price. */
const queuePermission: Record<StaffQueue, Permission> = {
  [StaffQueue.CHINA]: Permission.SourceQuote,
  [StaffQueue.VENEZUELA]: Permission.PriceQuote,
};

/**
 * Live quote-request changes (DESIGN: subscriptions push every status change). Every event is re-authorized in
 * the filter: a customer hears only about their own requests, staff need quote:read:any or the queue's permission.
 */
@Resolver()
export class QuoteSubscriptionResolver {
  @Authorized()
  @Subscription(() => PurchaseRequestUpdate, {
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { id?: string | null; after?: string | null }, Context>) =>
      eventStream(context, {
        topic: Topic.PurchaseRequestChanged,
        after: args.after,
        allowed: () => true,
        // Customers hear of state changes only, not of which staff member holds the request.
        key: args.id ? { field: 'requestId', value: args.id } : context.principal?.customerId ? { field: 'customerId', value: context.principal.customerId } : null,
        matches: (payload) => (!args.id || payload.requestId === args.id) &&
          (!context.principal?.customerId || (context.principal.customerId === payload.customerId && !payload.holderChanged)),
        visible: (payload, principal) => maySee(principal, payload),
      }),
    description: 'A quote request changed state (or was created). Customers: their own requests; staff with quote:read:any: all. ' +
      'Optionally only request `id`. Staff also hear when its holder changes (claims).',
  })
  purchaseRequestUpdated(
    @Root() event: StreamedEvent<PurchaseRequestChangedPayload>,
    @Arg('id', () => ID, { nullable: true }) _id: string | null,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | null,
    @Ctx() ctx: Context,
  ): Promise<PurchaseRequestUpdate> {
    return currentRequest(ctx, event);
  }

  @Authorized()
  @Subscription(() => PurchaseRequestUpdate, {
    // The queue's permission is checked when subscribing (a clear FORBIDDEN) and again before every event.
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { queue: StaffQueue; after?: string | null }, Context>) =>
      eventStream(context, {
        topic: Topic.PurchaseRequestChanged,
        after: args.after,
        allowed: (principal) => principal.permissions.has(queuePermission[args.queue]),
        matches: (payload) => mayTouchQueue(payload, args.queue),
        visible: (payload, _principal, ctx) => touchesQueue(ctx, payload, args.queue),
      }),
    description: 'Staff: a request entered or left `queue` (CHINA needs quote:source, VENEZUELA quote:price). The request is sent as it is now. ' +
      'Also when its holder changes (claims). Completes when the subscriber loses that permission.',
  })
  staffQueueUpdated(
    @Root() event: StreamedEvent<PurchaseRequestChangedPayload>,
    @Arg('queue', () => StaffQueue) _queue: StaffQueue,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | null,
    @Ctx() ctx: Context,
  ): Promise<PurchaseRequestUpdate> {
    return currentRequest(ctx, event);
  }
}

function maySee(principal: Principal, payload: PurchaseRequestChangedPayload): boolean {
  if (principal.customerId) return principal.customerId === payload.customerId;
  return principal.permissions.has(Permission.ReadAnyQuote);
}

/** Whether the change may have moved the request into or out of `queue`, from the payload alone. */
function mayTouchQueue(payload: PurchaseRequestChangedPayload, queue: StaffQueue): boolean {
  if (payload.queue === queue) return true;
  if (payload.previousState === null) return false;
  const previous = payload.previousState as PurchaseRequestState;
  return previous === PurchaseRequestState.SUBMITTED || queueFor(previous, '') === queue;
}

/**
 * Whether the change moved the request into or out of `queue` (or within it). A SUBMITTED request waited in
 * China or Venezuela depending on its purchase type, which the event does not carry: read (retried on a blip).
 */
async function touchesQueue(ctx: Context, payload: PurchaseRequestChangedPayload, queue: StaffQueue): Promise<boolean> {
  if (payload.queue === queue) return true;
  const previous = payload.previousState as PurchaseRequestState;
  if (previous !== PurchaseRequestState.SUBMITTED) return mayTouchQueue(payload, queue);
  let purchaseType = purchaseTypes.get(payload);
  if (!purchaseType) {
    purchaseType = retryTransient(() => ctx.app.orm.em.fork().findOne(PurchaseRequest, payload.requestId, { fields: ['purchaseType'] })).then((r) => r?.purchaseType ?? null);
    purchaseTypes.set(payload, purchaseType);
  }
  const type = await purchaseType;
  return type !== null && queueFor(previous, type) === queue;
}

/**
 * The purchase type read for an event, by its payload (one object for every subscriber the hub hands the event
 * to): read once per event, not once per subscriber.
 */
const purchaseTypes = new WeakMap<PurchaseRequestChangedPayload, Promise<PurchaseRequest['purchaseType'] | null>>();

/** The request as it is now, read in a fresh scope for this event, with the event's cursor. */
async function currentRequest(ctx: Context, event: StreamedEvent<PurchaseRequestChangedPayload>): Promise<PurchaseRequestUpdate> {
  const request = await readForEvent(ctx, (em) => em.findOne(PurchaseRequest, event.payload.requestId));
  return { cursor: event.cursor, request };
}
