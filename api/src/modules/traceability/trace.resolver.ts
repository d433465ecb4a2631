import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context';
import { PageArgs } from '../../shared/connection';
import { DomainError } from '../../shared/errors';
import { readForEvent } from '../../shared/event-scope';
import { Permission } from '../identity/permission';
import { anchoringOverview, retryAnchoring, traceUnits, unitAnchoring } from './trace.staff';
import { TraceUnit } from './trace.entities';
import { RecordUnitEventInput, RegisterUnitInput } from './trace.inputs';
import { orderWithChain, publicOrderTrace, publicUnitTrace, unitWithChain, type OrderTraceKey } from './trace.public';
import { recordUnitEvent, registerUnit } from './trace.service';
import { publicTraceStream } from './trace.stream';
import { AnchoringOverview, AnchoringStatus, OrderTrace, TraceUnitConnection, UnitTrace } from './trace.types';
import type { TraceAnchoringChangedPayload } from '../../events/topics';

/** The key of a public order trace from the query's arguments; BAD_USER_INPUT unless exactly one way is given. */
function orderKey(token: string | null | undefined, number: string | null | undefined, secondFactor: string | null | undefined): OrderTraceKey {
  if (token && !number && !secondFactor) return { token };
  if (!token && number && secondFactor) return { number, secondFactor };
  throw new DomainError('BAD_USER_INPUT', { field: 'token', reason: 'Give token, or number and secondFactor.' });
}

/** Traceability (issue 9, seed 000): product units, their events, anchoring and public verification. */
@Resolver(() => TraceUnit)
export class TraceResolver {
  // Public on purpose: a unit's code is printed on it; unknown codes are throttled per IP.
  @Query(() => UnitTrace, {
    description: 'Public (no sign-in): a unit\'s history by id or code (U-…), verified against the chain now — per event the recomputed hash, the Merkle proof and the on-chain anchor. TRACE_NOT_FOUND; 30 unknown lookups an hour per IP, then TOO_MANY_ATTEMPTS (retryAfterSeconds).',
  })
  async traceUnit(@Arg('unit', () => String) unit: string, @Ctx() ctx: Context): Promise<UnitTrace> {
    if (unit.length > 64) throw new DomainError('BAD_USER_INPUT', { field: 'unit', reason: 'Too long.' });
    return publicUnitTrace(ctx, unit);
  }

  // Public on purpose: the token is unguessable (128 bits); the number needs the customer's second factor.
  @Query(() => OrderTrace, {
    description: 'Public (no sign-in): an order\'s tracking history, chained and verified against the chain now. Give `token` (from a QR link), or `number` (PO-…) with `secondFactor` (customer code or last 4 phone digits) as publicTracking. TRACE_NOT_FOUND; throttled as publicTracking.',
  })
  async orderTrace(
    @Arg('token', () => String, { nullable: true }) token: string | null,
    @Arg('number', () => String, { nullable: true }) number: string | null,
    @Arg('secondFactor', () => String, { nullable: true }) secondFactor: string | null,
    @Ctx() ctx: Context,
  ): Promise<OrderTrace> {
    if ([token, number, secondFactor].some((v) => v && v.length > 64)) throw new DomainError('BAD_USER_INPUT', { field: 'token', reason: 'Too long.' });
    return publicOrderTrace(ctx, orderKey(token, number, secondFactor));
  }

  @Authorized(Permission.RegisterUnits, Permission.RecordUnitEvents, Permission.ManageAnchoring)
  @Query(() => TraceUnitConnection, { description: 'Registered units, newest first (staff with trace:unit:register, trace:unit:event or trace:anchoring); `search` matches code, product, SKU or lot.' })
  traceUnits(@Arg('search', () => String, { nullable: true }) search: string | null, @Args() page: PageArgs, @Ctx() ctx: Context) {
    if (search && search.length > 100) throw new DomainError('BAD_USER_INPUT', { field: 'search', reason: 'Too long.' });
    return traceUnits(ctx, search, page);
  }

  @Authorized(Permission.ManageAnchoring)
  @Query(() => AnchoringOverview, { description: 'The anchoring outbox: pending events, failing batches, the last error and the chain (trace:anchoring).' })
  anchoringOverview(@Ctx() ctx: Context): Promise<AnchoringOverview> {
    return anchoringOverview(ctx);
  }

  @Authorized(Permission.RegisterUnits)
  @Mutation(() => TraceUnit, { description: 'Registers a finished product unit: a new id and code, and its REGISTERED event (trace:unit:register). BAD_USER_INPUT.' })
  registerUnit(@Arg('input', () => RegisterUnitInput) input: RegisterUnitInput, @Ctx() ctx: Context): Promise<TraceUnit> {
    return registerUnit(ctx, input);
  }

  @Authorized(Permission.RecordUnitEvents)
  @Mutation(() => TraceUnit, { description: 'Appends a production or logistics event to a unit\'s hash chain; anchored by the outbox (trace:unit:event). NOT_FOUND, BAD_USER_INPUT.' })
  async recordUnitEvent(@Arg('input', () => RecordUnitEventInput) input: RecordUnitEventInput, @Ctx() ctx: Context): Promise<TraceUnit> {
    await recordUnitEvent(ctx, input);
    const found = await unitWithChain(ctx.em.fork(), input.unitId);
    return found!.unit;
  }

  @Authorized(Permission.ManageAnchoring)
  @Mutation(() => AnchoringOverview, { description: 'Sends every failed batch again now and runs the outbox once; answers how it stands after (trace:anchoring).' })
  retryAnchoring(@Ctx() ctx: Context): Promise<AnchoringOverview> {
    return retryAnchoring(ctx);
  }

  @FieldResolver(() => AnchoringStatus, { description: 'How far the anchoring of this unit\'s history is.' })
  anchoring(@Root() unit: TraceUnit, @Ctx() ctx: Context): Promise<AnchoringStatus> {
    return unitAnchoring(ctx, unit.id);
  }

  @Subscription(() => UnitTrace, {
    description: 'Public (no sign-in): the unit\'s trace verified again each time its anchoring changes (an anchor confirmed, failed, or reorganised away). No replay: read traceUnit after (re)subscribing.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { unit: string }, Context>) => {
      const found = await unitWithChain(context.app.orm.em.fork(), args.unit);
      if (!found) throw new DomainError('TRACE_NOT_FOUND');
      return publicTraceStream(context, (p) => p.subjectType === 'UNIT' && p.subjectId === found.unit.id);
    },
  })
  async unitTraceUpdated(@Root() event: TraceAnchoringChangedPayload, @Arg('unit', () => String) _unit: string, @Ctx() ctx: Context): Promise<UnitTrace> {
    const found = await readForEvent(ctx, async (em) => em.findOne(TraceUnit, event.subjectId));
    return publicUnitTrace(ctx, found.id);
  }

  @Subscription(() => OrderTrace, {
    description: 'Public (no sign-in): the order\'s trace verified again each time its anchoring changes; `token` as in orderTrace. No replay.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { token: string }, Context>) => {
      const found = await orderWithChain(context.app.orm.em.fork(), { token: args.token });
      if (!found) throw new DomainError('TRACE_NOT_FOUND');
      return publicTraceStream(context, (p) => p.subjectType === 'ORDER' && p.subjectId === found.order.id);
    },
  })
  orderTraceUpdated(@Root() _event: TraceAnchoringChangedPayload, @Arg('token', () => String) token: string, @Ctx() ctx: Context): Promise<OrderTrace> {
    return publicOrderTrace(ctx, { token });
  }
}
