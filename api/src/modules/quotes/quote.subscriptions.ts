import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { Context, Principal } from '../../context';
import type { PurchaseRequestChangedPayload } from '../../events/topics';
import { Topic } from '../../events/topics';
import { DomainError } from '../../shared/errors';
import { Permission } from '../identity/permission';
import { PurchaseRequest } from './purchase-request.entity';
import { PurchaseRequestState } from './purchase-request.states';
import { queueFor } from './purchase-request-state.service';
import { StaffQueue } from './quote.enums';
import { renewEventScope } from '../../shared/event-scope';

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
  @Subscription(() => PurchaseRequest, {
    topics: Topic.PurchaseRequestChanged,
    filter: ({ payload, args, context }: { payload: PurchaseRequestChangedPayload; args: { id?: string | null }; context: Context }) =>
      (!args.id || payload.requestId === args.id) && maySee(context.principal, payload),
    description: 'A quote request changed state (or was created). Customers: their own requests; staff with quote:read:any: all. ' +
      'Optionally only request `id`.',
  })
  purchaseRequestUpdated(
    @Root() payload: PurchaseRequestChangedPayload,
    @Arg('id', () => ID, { nullable: true }) _id: string | null,
    @Ctx() ctx: Context,
  ): Promise<PurchaseRequest> {
    return currentRequest(ctx, payload);
  }

  @Authorized()
  @Subscription(() => PurchaseRequest, {
    topics: ({ args, context }: { args: { queue: StaffQueue }; context: Context }) => {
      // Checked when subscribing (a clear FORBIDDEN) and again for every event in the filter.
      if (!context.principal?.permissions.has(queuePermission[args.queue])) throw new DomainError('FORBIDDEN');
      return Topic.PurchaseRequestChanged;
    },
    filter: async ({ payload, args, context }: { payload: PurchaseRequestChangedPayload; args: { queue: StaffQueue }; context: Context }) =>
      (context.principal?.permissions.has(queuePermission[args.queue]) ?? false) && (await touchesQueue(context, payload, args.queue)),
    description: 'Staff: a request entered or left `queue` (CHINA needs quote:source, VENEZUELA quote:price). The request is sent as it is now.',
  })
  staffQueueUpdated(
    @Root() payload: PurchaseRequestChangedPayload,
    @Arg('queue', () => StaffQueue) _queue: StaffQueue,
    @Ctx() ctx: Context,
  ): Promise<PurchaseRequest> {
    return currentRequest(ctx, payload);
  }
}

function maySee(principal: Principal | null, payload: PurchaseRequestChangedPayload): boolean {
  if (!principal) return false;
  if (principal.customerId) return principal.customerId === payload.customerId;
  return principal.permissions.has(Permission.ReadAnyQuote);
}

/** Whether the change moved the request into or out of `queue` (or within it). */
async function touchesQueue(ctx: Context, payload: PurchaseRequestChangedPayload, queue: StaffQueue): Promise<boolean> {
  if (payload.queue === queue) return true;
  if (payload.previousState === null) return false;
  const previous = payload.previousState as PurchaseRequestState;
  // A SUBMITTED request waited in China or Venezuela depending on its purchase type, which the event does not carry.
  if (previous === PurchaseRequestState.SUBMITTED) {
    const request = await ctx.em.fork().findOne(PurchaseRequest, payload.requestId, { fields: ['purchaseType'] });
    return request !== null && queueFor(previous, request.purchaseType) === queue;
  }
  return queueFor(previous, '') === queue;
}

/**
 * The request as it is now, read in a fresh scope for this event.
 */
async function currentRequest(ctx: Context, payload: PurchaseRequestChangedPayload): Promise<PurchaseRequest> {
  renewEventScope(ctx);
  const request = await ctx.em.findOne(PurchaseRequest, payload.requestId);
  if (!request) throw new DomainError('NOT_FOUND');
  return request;
}
