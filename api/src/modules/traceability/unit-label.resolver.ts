import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { Permission } from '../identity/permission';
import { TraceChain, TraceUnit } from './trace.entities';
import { OrderTrace, UnitTrace } from './trace.types';
import { claimUnit, markUnitSold, orderLabel, recordUnitScan, unitLabel, unitSaleInfo, unitScans } from './unit-label.service';
import { ClaimUnitInput, MarkUnitSoldInput, TraceLabel, UnitSaleInfo, UnitScans, UnitSold } from './unit-label.types';

/** A unit's QR label, scans and sale (issue 9, QR codes and cloned labels). */
@Resolver(() => TraceUnit)
export class TraceUnitLabelResolver {
  // Public on purpose: the link and images are what is printed on the unit.
  @FieldResolver(() => TraceLabel, { description: 'The unit\'s QR code: the public page it opens, whether it is issued (first event anchored and confirmed), PNG and SVG paths.' })
  label(@Root() unit: TraceUnit, @Ctx() ctx: Context): Promise<TraceLabel> {
    return unitLabel(ctx, ctx.em, unit);
  }

  // Public on purpose: the public page shows it, so a copied label shows up.
  @FieldResolver(() => UnitScans, { description: 'Opens of the unit\'s public page and whether (when) the buyer claimed it.' })
  scans(@Root() unit: TraceUnit, @Ctx() ctx: Context): Promise<UnitScans> {
    return unitScans(ctx.em, unit.id);
  }

  @Authorized(Permission.RegisterUnits, Permission.RecordUnitEvents, Permission.ManageAnchoring, Permission.SellUnits)
  @FieldResolver(() => UnitSaleInfo, { nullable: true, description: 'The sale with its buyer and claimer (staff with a traceability permission); null while unsold.' })
  sale(@Root() unit: TraceUnit, @Ctx() ctx: Context): Promise<UnitSaleInfo | null> {
    return unitSaleInfo(ctx.em, unit.id);
  }

  // Public on purpose: the public page counts its own opens (throttled per IP and hour, see unit-label.rules).
  @Mutation(() => UnitScans, {
    description: 'Public (no sign-in): counts an open of a unit\'s public page — at most one per client IP per unit per UTC hour — and answers the scans and claim. TRACE_NOT_FOUND; unknown codes throttled as traceUnit.',
  })
  recordUnitScan(@Arg('unit', () => String) unit: string, @Ctx() ctx: Context): Promise<UnitScans> {
    if (unit.length > 64) throw new DomainError('BAD_USER_INPUT', { field: 'unit', reason: 'Too long.' });
    return recordUnitScan(ctx, unit);
  }

  // Public on purpose: the buyer claims with the slip's code; signed in, the customer it was sold to needs none.
  @Mutation(() => UnitScans, {
    description: 'The buyer claims a sold unit: with the claim code, or signed in as the customer it was sold to. Exactly one claim wins. UNIT_NOT_SOLD, UNIT_ALREADY_CLAIMED, CLAIM_CODE_INVALID, CLAIM_CODE_REQUIRED, TRACE_NOT_FOUND; wrong codes 10 an hour per unit and 20 per IP, then TOO_MANY_ATTEMPTS.',
  })
  claimUnit(@Arg('input', () => ClaimUnitInput) input: ClaimUnitInput, @Ctx() ctx: Context): Promise<UnitScans> {
    return claimUnit(ctx, input);
  }

  @Authorized(Permission.SellUnits)
  @Mutation(() => UnitSold, { description: 'Marks a unit sold, optionally to a customer: a SOLD event on its chain and a claim code to print for the buyer, shown only now (trace:unit:sell). NOT_FOUND, UNIT_ALREADY_SOLD.' })
  markUnitSold(@Arg('input', () => MarkUnitSoldInput) input: MarkUnitSoldInput, @Ctx() ctx: Context): Promise<UnitSold> {
    return markUnitSold(ctx, input);
  }
}

/** The QR label and scans on a unit's public trace. */
@Resolver(() => UnitTrace)
export class UnitTraceLabelResolver {
  @FieldResolver(() => TraceLabel, { description: 'The unit\'s QR code (as TraceUnit.label).' })
  label(@Root() trace: UnitTrace, @Ctx() ctx: Context): Promise<TraceLabel> {
    return unitLabel(ctx, ctx.em.fork(), trace.unit);
  }

  @FieldResolver(() => UnitScans, { description: 'Opens of the public page and the claim (as TraceUnit.scans).' })
  scans(@Root() trace: UnitTrace, @Ctx() ctx: Context): Promise<UnitScans> {
    return unitScans(ctx.em.fork(), trace.unit.id);
  }
}

/** The QR label of an order's public trace. */
@Resolver(() => OrderTrace)
export class OrderTraceLabelResolver {
  @FieldResolver(() => TraceLabel, { description: 'The order\'s QR code, opening its public trace page by token; issued once its first event is anchored and confirmed.' })
  async label(@Root() trace: OrderTrace, @Ctx() ctx: Context): Promise<TraceLabel> {
    const em = ctx.em.fork();
    const chain = await em.findOneOrFail(TraceChain, { subjectType: 'ORDER', publicToken: trace.token });
    return orderLabel(ctx, em, chain.subjectId, trace.token);
  }
}
