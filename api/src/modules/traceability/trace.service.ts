import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { User } from '../identity/user.entity';
import { canonicalJson, eventHash, GENESIS_HASH, normaliseUnitCode, traceEventData, unitCodeFrom, type TraceSubjectType } from './trace.rules';
import { TraceChain, TraceEvent, TraceUnit } from './trace.entities';
import type { RecordUnitEventInput, RegisterUnitInput } from './trace.inputs';

/** Unit events dated more than this ahead of the server clock are refused (clock skew of the recording device). */
const OCCURRED_AT_TOLERANCE_MS = 5 * 60_000;

/**
 * The chain of a subject, locked `FOR UPDATE` for an append, created (empty, with its public token) when it
 * does not exist yet. The caller's transaction serialises creation: for orders it holds the order row lock,
 * for units the unit is being created in it.
 */
export async function lockedChain(em: EntityManager, subjectType: TraceSubjectType, subjectId: string): Promise<TraceChain> {
  const found = await em.findOne(TraceChain, { subjectType, subjectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (found) return found;
  const chain = em.create(TraceChain, { subjectType, subjectId, length: 0, headHash: GENESIS_HASH, publicToken: randomBytes(16).toString('base64url'), createdAt: new Date() });
  em.persist(chain);
  return chain;
}

/** What one appended event says (trace.rules `traceEventData`); `occurredAt` is UTC. */
export interface TraceEventFacts {
  kind: string;
  occurredAt: Date;
  place?: string | null;
  note?: string | null;
  actor?: string | null;
  details?: Record<string, string | number | null>;
}

/**
 * Appends one event to `chain` (locked by the caller, in the caller's transaction): its data, the hash over
 * the chain's head, and the new head. The event waits in the anchoring outbox (no batch) until the anchorer
 * takes it.
 */
export function appendTraceEvent(em: EntityManager, chain: TraceChain, facts: TraceEventFacts, now = new Date()): TraceEvent {
  const seq = chain.length + 1;
  const data = traceEventData({
    subjectType: chain.subjectType, subjectId: chain.subjectId, seq, kind: facts.kind, occurredAt: facts.occurredAt,
    place: facts.place ?? null, note: facts.note ?? null, actor: facts.actor ?? null, details: facts.details,
  });
  const hash = eventHash(chain.headHash, canonicalJson(data));
  const event = em.create(TraceEvent, { chain, seq, data, prevHash: chain.headHash, hash, recordedAt: now });
  em.persist(event);
  chain.length = seq;
  chain.headHash = hash;
  return event;
}

/**
 * Order tracking history, chained per order: called where the order's history row is written (one place,
 * `writeOrderHistory`), in that transaction, which holds the order row lock.
 */
export async function appendOrderTrace(em: EntityManager, orderId: string, facts: TraceEventFacts): Promise<TraceEvent> {
  return appendTraceEvent(em, await lockedChain(em, 'ORDER', orderId), facts);
}

/**
 * Registers a finished product unit (seed 000 step 1–2): a UUID and a readable code, and the chain's first
 * event REGISTERED carrying the unit's identity (product, SKU, lot, description, producer), so the anchored
 * history covers what the unit is. Throws BAD_USER_INPUT (empty product).
 */
export async function registerUnit(ctx: Context, input: RegisterUnitInput): Promise<TraceUnit> {
  const actor = principalOf(ctx).user;
  const product = input.product.trim();
  if (!product) throw new DomainError('BAD_USER_INPUT', { field: 'product', reason: 'Empty.' });
  const text = (value: string | null | undefined) => value?.trim() || null;
  return transact(ctx, async (em) => {
    const now = new Date();
    const unit = em.create(TraceUnit, {
      code: unitCodeFrom(randomBytes(10)), product, sku: text(input.sku), lot: text(input.lot), description: text(input.description),
      producer: text(input.producer), registeredBy: em.getReference(User, actor.id), registeredAt: now,
    });
    em.persist(unit);
    const chain = await lockedChain(em, 'UNIT', unit.id);
    appendTraceEvent(em, chain, {
      kind: 'REGISTERED', occurredAt: input.finishedAt ?? now, place: text(input.place), actor: actor.displayName,
      details: { code: unit.code, product, sku: unit.sku, lot: unit.lot, description: unit.description, producer: unit.producer },
    }, now);
    return unit;
  });
}

/**
 * Appends a production or logistics event to a unit's chain. Throws NOT_FOUND (unknown unit), BAD_USER_INPUT
 * (a time in the future).
 */
export async function recordUnitEvent(ctx: Context, input: RecordUnitEventInput): Promise<TraceEvent> {
  const actor = principalOf(ctx).user;
  const now = new Date();
  const occurredAt = input.occurredAt ?? now;
  if (occurredAt.getTime() > now.getTime() + OCCURRED_AT_TOLERANCE_MS) throw new DomainError('BAD_USER_INPUT', { field: 'occurredAt', reason: 'In the future.' });
  return transact(ctx, async (em) => {
    const unit = await findUnit(em, input.unitId);
    if (!unit) throw new DomainError('NOT_FOUND');
    const chain = await lockedChain(em, 'UNIT', unit.id);
    return appendTraceEvent(em, chain, {
      kind: input.kind, occurredAt, place: input.place?.trim() || null, note: input.note?.trim() || null, actor: actor.displayName,
    }, now);
  });
}

/** A unit by its UUID or its readable code (any case, with or without the dash); null when unknown or malformed. */
export async function findUnit(em: EntityManager, idOrCode: string): Promise<TraceUnit | null> {
  const text = idOrCode.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) return em.findOne(TraceUnit, text.toLowerCase());
  const code = normaliseUnitCode(text);
  return code ? em.findOne(TraceUnit, { code }) : null;
}
