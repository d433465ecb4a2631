import type { EntityManager } from '@mikro-orm/postgresql';
import { can, principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { Permission, permissionsOf } from '../identity/permission';
import { User } from '../identity/user.entity';
import { type ClaimClock, type ClaimFacts, checkMayWork, claimExpiresAt, decideAssign, decideClaim, decideRelease, isClaimLive, WorkSubjectType, workPermissions } from './claims.rules';
import { WorkClaim } from './work-claim.entity';
import { type LockedSubject, lockSubject } from './work-subjects';

/** A live claim as callers see it. */
export interface HeldWork {
  subjectType: WorkSubjectType;
  subjectId: string;
  heldBy: User;
  heldSince: Date;
  lastActiveAt: Date;
  expiresAt: Date;
}

/** The clock of the claim rules: now, and the configured idle time (CLAIM_IDLE_MINUTES). */
export function claimClock(ctx: Pick<Context, 'app'>, now = new Date()): ClaimClock {
  return { now, idleMs: ctx.app.config.claimIdleMinutes * 60_000 };
}

/**
 * The caller takes a work item (issue 7): a new claim, or a refresh when they hold it already. Runs under the
 * item's row lock, so of two concurrent claims exactly one wins. Refusals: NOT_FOUND, INVALID_STATE (nobody on
 * staff has work on it now), FORBIDDEN (the caller may not do that work), ALREADY_CLAIMED {heldBy, heldSince}.
 */
export function claimWork(ctx: Context, type: WorkSubjectType, id: string): Promise<HeldWork> {
  const principal = principalOf(ctx);
  return transact(ctx, async (em) => {
    const subject = await lockSubject(em, type, id);
    const clock = claimClock(ctx);
    const existing = await claimOf(em, type, id);
    const mayWork = subject.stage !== null && workPermissions(type, subject.stage).some((p) => principal.permissions.has(p));
    const decision = decideClaim({ existing: factsOf(existing), claimerId: principal.user.id, mayWork, stage: subject.stage, clock });
    if ('refusal' in decision) throw refusal(decision.refusal, existing);
    return hold(em, subject, existing, principal.user, decision.outcome, clock);
  });
}

/**
 * A Master or supervisor (work:assign) gives the item to `userId`, overriding its holder. Refusals: NOT_FOUND
 * (item, or an active staff user), INVALID_STATE, BAD_USER_INPUT {field: 'userId'} when that user may not do
 * the work.
 */
export function assignWork(ctx: Context, type: WorkSubjectType, id: string, userId: string): Promise<HeldWork> {
  const mayAssign = can(ctx, Permission.AssignWork);
  return transact(ctx, async (em) => {
    const subject = await lockSubject(em, type, id);
    const assignee = await em.findOne(User, { id: userId, active: true });
    if (!assignee) throw new DomainError('NOT_FOUND', { field: 'userId' });
    const clock = claimClock(ctx);
    const existing = await claimOf(em, type, id);
    const granted = permissionsOf(assignee.roles);
    const assigneeMayWork = subject.stage !== null && workPermissions(type, subject.stage).some((p) => granted.has(p));
    const decision = decideAssign({ existing: factsOf(existing), assigneeId: assignee.id, mayAssign, assigneeMayWork, stage: subject.stage, clock });
    if ('refusal' in decision) throw new DomainError(decision.refusal, decision.refusal === 'BAD_USER_INPUT' ? { field: 'userId', reason: 'MAY_NOT_DO_THIS_WORK' } : {});
    return hold(em, subject, existing, assignee, decision.outcome, clock);
  });
}

/**
 * The holder (or anyone with work:assign) lets go of the item. True when a live claim was released, false
 * when nobody held it. NOT_FOUND, ALREADY_CLAIMED when someone else holds it, FORBIDDEN when the caller
 * neither holds it nor may do or assign its work.
 */
export function releaseWork(ctx: Context, type: WorkSubjectType, id: string): Promise<boolean> {
  const principal = principalOf(ctx);
  return transact(ctx, async (em) => {
    const subject = await lockSubject(em, type, id);
    const clock = claimClock(ctx);
    const existing = await claimOf(em, type, id);
    const mayWork = subject.stage !== null && workPermissions(type, subject.stage).some((p) => principal.permissions.has(p));
    const decision = decideRelease({
      existing: factsOf(existing), actorId: principal.user.id, mayWork, mayAssign: principal.permissions.has(Permission.AssignWork), stage: subject.stage, clock,
    });
    if ('refusal' in decision) throw refusal(decision.refusal, existing);
    if (existing) em.remove(existing);
    if (decision.outcome === 'NONE') return false;
    subject.announce(em, clock.now);
    return true;
  });
}

/**
 * For the item's own mutations, inside their transaction and after they locked the item's row: refuses
 * ALREADY_CLAIMED {heldBy, heldSince} while someone else holds it in `stage` (its stage before the change),
 * and counts the change as activity of its holder.
 */
export async function guardWork(ctx: Pick<Context, 'app'>, em: EntityManager, actor: User, type: WorkSubjectType, id: string, stage: string | null): Promise<void> {
  const existing = await claimOf(em, type, id);
  const clock = claimClock(ctx);
  const code = checkMayWork({ existing: factsOf(existing), actorId: actor.id, stage, clock });
  if (code) throw refusal(code, existing);
  if (existing && isClaimLive(factsOf(existing), stage, clock)) existing.lastActiveAt = clock.now;
}

/**
 * For a mutation that takes the item (startSourcing): after `guardWork`, the actor holds it in `stage` — a new
 * claim, or the actor's own refreshed. The mutation's own event tells the queue.
 */
export async function holdAfterChange(ctx: Pick<Context, 'app'>, em: EntityManager, actor: User, type: WorkSubjectType, id: string, stage: string | null): Promise<void> {
  if (stage === null) return;
  const existing = await claimOf(em, type, id);
  const clock = claimClock(ctx);
  const live = isClaimLive(factsOf(existing), stage, clock) && existing!.holder.id === actor.id;
  write(em, existing, { type, id, stage }, actor, live ? 'REFRESH' : 'TAKE', clock);
}

/**
 * For a mutation that finishes the actor's part while the item stays in its stage (registerSupplierPayment
 * hands a PAID order to the China agent): whatever claim the item had is dropped, after `guardWork` passed.
 */
export async function finishWork(em: EntityManager, type: WorkSubjectType, id: string): Promise<void> {
  const existing = await claimOf(em, type, id);
  if (existing) em.remove(existing);
}

/**
 * The live claim of one item for the `heldBy` fields, batched per request (one query per item type); null
 * when nobody holds it in `stage` (released, lapsed, or the item moved on).
 */
export async function liveClaimOf(ctx: Context, type: WorkSubjectType, id: string, stage: string | null): Promise<HeldWork | null> {
  const claim = await ctx.loaders.custom(`workClaim.${type}`, async (ids) => {
    const byId = await claimsOf(ctx.em, type, ids);
    return ids.map((i) => byId.get(i) ?? null);
  }).load(id);
  const clock = claimClock(ctx);
  return claim && isClaimLive(factsOf(claim), stage, clock) ? heldWork(claim, clock.idleMs) : null;
}

/**
 * Drops claims idle for longer than CLAIM_IDLE_MINUTES and tells each item's queue, so open lists stop showing
 * a holder who went away. One short transaction per claim under its item's lock, re-checked there (the holder
 * may have just refreshed it). Claims of items that moved on stop being refreshed and are dropped here too.
 * Returns how many were dropped.
 */
export async function releaseLapsedClaims(ctx: Pick<Context, 'em' | 'app'>, batchSize = 100): Promise<number> {
  const clock = claimClock(ctx);
  const due = await ctx.em.fork().find(
    WorkClaim,
    { lastActiveAt: { $lte: new Date(clock.now.getTime() - clock.idleMs) } },
    { fields: ['id', 'subjectType', 'subjectId'], orderBy: { lastActiveAt: 'asc', id: 'asc' }, limit: batchSize },
  );
  let released = 0;
  for (const { subjectType, subjectId } of due) {
    const dropped = await transact({ em: ctx.em.fork(), app: ctx.app }, async (em) => {
      const subject = await lockSubject(em, subjectType, subjectId).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
        throw error;
      });
      const claim = await claimOf(em, subjectType, subjectId);
      const now = claimClock(ctx);
      if (!claim || now.now.getTime() < claimExpiresAt(factsOf(claim)!, now.idleMs).getTime()) return false;
      em.remove(claim);
      // Only a claim that still held its item changes what the queue shows.
      if (subject && claim.stage === subject.stage) subject.announce(em, now.now);
      return true;
    });
    if (dropped) released += 1;
  }
  return due.length === batchSize ? released + (await releaseLapsedClaims(ctx, batchSize)) : released;
}

/** Claims of many items of one type, by id, for the `heldBy` fields (one query per request). */
export async function claimsOf(em: EntityManager, type: WorkSubjectType, ids: readonly string[]): Promise<Map<string, WorkClaim>> {
  const rows = await em.find(WorkClaim, { subjectType: type, subjectId: { $in: [...ids] } }, { populate: ['holder'] });
  return new Map(rows.map((c) => [c.subjectId, c]));
}

/** The claim row of one item (live or not), read fresh under the caller's item lock. */
function claimOf(em: EntityManager, type: WorkSubjectType, id: string): Promise<WorkClaim | null> {
  return em.findOne(WorkClaim, { subjectType: type, subjectId: id }, { populate: ['holder'], refresh: true });
}

function factsOf(claim: WorkClaim | null): ClaimFacts | null {
  return claim && { holderId: claim.holder.id, claimedAt: claim.claimedAt, lastActiveAt: claim.lastActiveAt, stage: claim.stage };
}

function hold(em: EntityManager, subject: LockedSubject, existing: WorkClaim | null, holder: User, outcome: 'TAKE' | 'REFRESH', clock: ClaimClock): HeldWork {
  const claim = write(em, existing, subject, holder, outcome, clock);
  subject.announce(em, clock.now);
  return heldWork(claim, clock.idleMs);
}

/** Writes the one row of the item: a TAKE starts a new claim (since now), a REFRESH only moves the activity. */
function write(em: EntityManager, existing: WorkClaim | null, subject: { type: WorkSubjectType; id: string; stage: string | null }, holder: User, outcome: 'TAKE' | 'REFRESH', clock: ClaimClock): WorkClaim {
  const claim = existing ?? em.create(WorkClaim, { subjectType: subject.type, subjectId: subject.id, holder, stage: subject.stage!, claimedAt: clock.now, lastActiveAt: clock.now });
  if (outcome === 'TAKE') Object.assign(claim, { holder, stage: subject.stage!, claimedAt: clock.now });
  claim.lastActiveAt = clock.now;
  em.persist(claim);
  return claim;
}

/** The view of a live claim: holder, since when, and until when it lasts without activity. */
export function heldWork(claim: WorkClaim, idleMs: number): HeldWork {
  return {
    subjectType: claim.subjectType,
    subjectId: claim.subjectId,
    heldBy: claim.holder,
    heldSince: claim.claimedAt,
    lastActiveAt: claim.lastActiveAt,
    expiresAt: claimExpiresAt(factsOf(claim)!, idleMs),
  };
}

/** ALREADY_CLAIMED names the holder and since when in its extensions, and the holder in its Spanish message. */
function refusal(code: 'INVALID_STATE' | 'FORBIDDEN' | 'ALREADY_CLAIMED', claim: WorkClaim | null): DomainError {
  if (code !== 'ALREADY_CLAIMED' || !claim) return new DomainError(code);
  const name = claim.holder.displayName;
  return new DomainError(
    'ALREADY_CLAIMED',
    { heldBy: { id: claim.holder.id, displayName: name }, heldSince: claim.claimedAt.toISOString() },
    `${name} ya está trabajando en esto.`,
  );
}
