import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { clientIp } from '../identity/throttle';
import { limits } from '../identity/throttle.rules';
import { Customer } from '../identity/customer.entity';
import { Order } from '../orders/order.entity';
import { parseTrackingNumber, secondFactorMatches } from '../public-tracking/public-tracking.rules';
import { TraceChain, type TraceUnit } from './trace.entities';
import { findUnit } from './trace.service';
import type { OrderTrace, TraceVerification, UnitTrace, VerifiedTraceEvent } from './trace.types';
import { verifyChain, type ChainVerification } from './verification.service';

/** How a public order trace is asked for: its link token, or the order number with the customer's second factor. */
export type OrderTraceKey = { token: string } | { number: string; secondFactor: string };

/** A unit and its chain by id or code; null when unknown. */
export async function unitWithChain(em: EntityManager, idOrCode: string): Promise<{ unit: TraceUnit; chain: TraceChain } | null> {
  const unit = await findUnit(em, idOrCode);
  const chain = unit && (await em.findOne(TraceChain, { subjectType: 'UNIT', subjectId: unit.id }));
  return unit && chain ? { unit, chain } : null;
}

/** An order and its chain by link token or number + second factor; null when unknown or the factor is wrong. */
export async function orderWithChain(em: EntityManager, key: OrderTraceKey): Promise<{ order: Order; chain: TraceChain } | null> {
  if ('token' in key) {
    const chain = await em.findOne(TraceChain, { subjectType: 'ORDER', publicToken: key.token.trim() });
    const order = chain && (await em.findOne(Order, chain.subjectId));
    return chain && order ? { order, chain } : null;
  }
  const target = parseTrackingNumber(key.number);
  if (target?.kind !== 'ORDER') return null;
  const order = await em.findOne(Order, { number: target.number });
  const customer = order && (await em.findOne(Customer, order.customer.id));
  if (!order || !customer || !secondFactorMatches(customer, key.secondFactor)) return null;
  const chain = await em.findOne(TraceChain, { subjectType: 'ORDER', subjectId: order.id });
  return chain ? { order, chain } : null;
}

/**
 * The public trace of a unit (no sign-in: its code is printed on it). Unknown codes answer TRACE_NOT_FOUND and
 * count against the per-IP limit (30 an hour, then TOO_MANY_ATTEMPTS with retryAfterSeconds).
 */
export async function publicUnitTrace(ctx: Context, idOrCode: string): Promise<UnitTrace> {
  return ctx.app.throttle.attempt([[limits.traceLookupIp, clientIp(ctx)]], async () => {
    const em = ctx.em.fork();
    const found = await unitWithChain(em, idOrCode);
    if (!found) return { failed: true, error: new DomainError('TRACE_NOT_FOUND') };
    const verification = await verifyChain(em, ctx.app.anchorer.gateway, found.chain);
    return { failed: false, value: { unit: found.unit, verification: toGraphql(verification, unitBundlePath(found.unit.code)) } };
  });
}

/**
 * The public trace of an order: by its link token (QR code), or by its number and the customer's second factor
 * as `publicTracking` (then the answer carries the token for a link). Unknown, wrong factor and malformed all
 * answer TRACE_NOT_FOUND; wrong attempts count per IP, and per number as publicTracking's.
 */
export async function publicOrderTrace(ctx: Context, key: OrderTraceKey): Promise<OrderTrace> {
  const keys: [typeof limits.trackingNumber | typeof limits.traceLookupIp, string][] = [[limits.traceLookupIp, clientIp(ctx)]];
  if ('number' in key) keys.push([limits.trackingNumber, `number:${key.number.trim().toUpperCase()}`]);
  return ctx.app.throttle.attempt(keys, async () => {
    const em = ctx.em.fork();
    const found = await orderWithChain(em, key);
    if (!found) return { failed: true, error: new DomainError('TRACE_NOT_FOUND') };
    const verification = await verifyChain(em, ctx.app.anchorer.gateway, found.chain);
    return { failed: false, value: { orderNumber: found.order.number, token: found.chain.publicToken, verification: toGraphql(verification, orderBundlePath(found.chain.publicToken)) } };
  });
}

export const unitBundlePath = (code: string) => `/trace/bundle/unit/${encodeURIComponent(code)}`;
export const orderBundlePath = (token: string) => `/trace/bundle/order/${encodeURIComponent(token)}`;

/** The GraphQL shape of a verification: the hashed data's fields as their own fields. */
export function toGraphql(v: ChainVerification, bundlePath: string): TraceVerification {
  const events = v.events.map((e): VerifiedTraceEvent => {
    const d = e.data as { kind?: string; occurredAt?: string; place?: string | null; note?: string | null; actor?: string | null; details?: Record<string, unknown> };
    const occurredAt = new Date(d.occurredAt ?? 0);
    return {
      seq: e.seq, kind: String(d.kind ?? ''), occurredAt: Number.isNaN(occurredAt.getTime()) ? new Date(0) : occurredAt, place: d.place ?? null, note: d.note ?? null,
      actor: d.actor ?? null, details: d.details && typeof d.details === 'object' ? d.details : {}, canonical: e.canonical, prevHash: e.prevHash, hash: e.hash,
      recomputedHash: e.recomputedHash, status: e.verdict as VerifiedTraceEvent['status'], hashMatches: e.check.hashMatches, proofValid: e.check.proofValid,
      onChain: e.check.onChain, anchor: e.anchor,
    };
  });
  return {
    status: v.status as TraceVerification['status'], events, anchoring: { ...v.anchoring, state: v.anchoring.state as TraceVerification['anchoring']['state'] },
    chainId: v.chainId, chainError: v.chainError, checkedAt: v.checkedAt, bundlePath,
  };
}
