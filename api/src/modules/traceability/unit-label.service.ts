import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { Customer } from '../identity/customer.entity';
import { clientIp, type ThrottleKey } from '../identity/throttle';
import { limits, type ThrottleLimit } from '../identity/throttle.rules';
import { User } from '../identity/user.entity';
import { UnitEventKind } from './trace.inputs';
import { appendTraceEvent, findUnit, lockedChain } from './trace.service';
import { normaliseUnitCode, type TraceSubjectType } from './trace.rules';
import { UnitSale } from './unit-label.entities';
import { claimCodeFrom, claimCodeHash, claimDecision, normaliseClaimCode, orderTraceLink, scanIpKey, scanWindowStart, unitTraceLink } from './unit-label.rules';
import type { ClaimUnitInput, MarkUnitSoldInput, TraceLabel, UnitSaleInfo, UnitScans, UnitSold } from './unit-label.types';

/** Wrong claim codes for one unit: 10 an hour, then blocked 1 h doubling up to a day (the code has ~39 bits). */
export const claimUnitLimit = { name: 'trace_claim_unit', kind: 'failures', points: 10, durationSeconds: 3600, blockSeconds: 3600, maxBlockSeconds: 86_400 } as const satisfies ThrottleLimit;
/** Wrong claim codes from one IP over any units: 20 an hour, then 15 min doubling up to a day. */
export const claimIpLimit = { name: 'trace_claim_ip', kind: 'failures', points: 20, durationSeconds: 3600, blockSeconds: 900, maxBlockSeconds: 86_400, perIp: true } as const satisfies ThrottleLimit;

/**
 * Counts an open of a unit's public page (one per client IP per unit per UTC hour: unit-label.rules
 * `SCAN_WINDOW_MS`) and answers the unit's scan and claim summary. Unknown codes answer TRACE_NOT_FOUND and
 * count against the per-IP lookup limit as traceUnit.
 */
export async function recordUnitScan(ctx: Context, idOrCode: string, now = new Date()): Promise<UnitScans> {
  return ctx.app.throttle.attempt([[limits.traceLookupIp, clientIp(ctx)]], async () => {
    const em = ctx.em.fork();
    const unit = await findUnit(em, idOrCode);
    if (!unit) return { failed: true, error: new DomainError('TRACE_NOT_FOUND') };
    await em.execute(
      'INSERT INTO unit_scan (id, unit_id, ip_key, window_start, scanned_at) VALUES (gen_random_uuid(), ?, ?, ?, ?) ON CONFLICT (unit_id, ip_key, window_start) DO NOTHING',
      [unit.id, scanIpKey(unit.id, clientIp(ctx)), scanWindowStart(now), now],
    );
    return { failed: false, value: await unitScans(em, unit.id) };
  });
}

/** The scan and claim summary of a unit (public). */
export async function unitScans(em: EntityManager, unitId: string): Promise<UnitScans> {
  const [row] = await em.execute<{ scans: string; first: string | null; last: string | null; sold_at: string | null; claimed_at: string | null; claimed_via: string | null; after: string; elsewhere: string }[]>(
    `SELECT count(s.id) AS scans, min(s.scanned_at) AS first, max(s.scanned_at) AS last, sale.sold_at, sale.claimed_at, sale.claimed_via,
            count(s.id) FILTER (WHERE sale.claimed_at IS NOT NULL AND s.scanned_at > sale.claimed_at) AS after,
            count(s.id) FILTER (WHERE sale.claimed_at IS NOT NULL AND s.scanned_at > sale.claimed_at AND s.ip_key IS DISTINCT FROM sale.claim_ip_key) AS elsewhere
       FROM (SELECT ?::uuid AS unit_id) u
       LEFT JOIN unit_sale sale ON sale.unit_id = u.unit_id
       LEFT JOIN unit_scan s ON s.unit_id = u.unit_id
      GROUP BY sale.sold_at, sale.claimed_at, sale.claimed_via`,
    [unitId],
  );
  return {
    scans: Number(row?.scans ?? 0), firstScanAt: date(row?.first), lastScanAt: date(row?.last), soldAt: date(row?.sold_at),
    claimedAt: date(row?.claimed_at), claimedVia: row?.claimed_via ?? null, scansAfterClaim: Number(row?.after ?? 0), scansAfterClaimElsewhere: Number(row?.elsewhere ?? 0),
  };
}

/** A raw row's timestamp (the driver answers text) as a Date. */
const date = (value: string | Date | null | undefined): Date | null => (value == null ? null : new Date(value));

/** A unit's sale with its buyer and claimer (staff), or null while unsold. */
export async function unitSaleInfo(em: EntityManager, unitId: string): Promise<UnitSaleInfo | null> {
  const sale = await em.findOne(UnitSale, { unitId }, { populate: ['customer', 'claimedBy'] });
  return sale && { soldAt: sale.soldAt, customer: sale.customer, claimedAt: sale.claimedAt, claimedVia: sale.claimedVia, claimedBy: sale.claimedBy };
}

/**
 * Staff mark a unit sold (optionally to a customer): a SOLD event on its chain (no buyer data: the chain is
 * public) and a new claim code, answered once and stored hashed. Serialised on the unit's chain row. Throws
 * NOT_FOUND (unit or customer), UNIT_ALREADY_SOLD.
 */
export async function markUnitSold(ctx: Context, input: MarkUnitSoldInput): Promise<UnitSold> {
  const actor = principalOf(ctx).user;
  return transact(ctx, async (em) => {
    const unit = await findUnit(em, input.unit);
    if (!unit) throw new DomainError('NOT_FOUND');
    const customer = input.customerId ? await em.findOne(Customer, input.customerId) : null;
    if (input.customerId && !customer) throw new DomainError('NOT_FOUND', { field: 'customerId' });
    const chain = await lockedChain(em, 'UNIT', unit.id);
    if (await em.findOne(UnitSale, { unitId: unit.id })) throw new DomainError('UNIT_ALREADY_SOLD');
    const now = new Date();
    const claimCode = claimCodeFrom(randomBytes(8));
    em.persist(em.create(UnitSale, { unitId: unit.id, soldAt: now, soldBy: em.getReference(User, actor.id), customer, claimCodeHash: claimCodeHash(unit.id, claimCode) }));
    appendTraceEvent(em, chain, { kind: UnitEventKind.SOLD, occurredAt: now, place: input.place?.trim() || null, actor: actor.displayName }, now);
    return { unit, claimCode };
  });
}

/**
 * The buyer claims a sold unit: with the sale's claim code (anyone holding the slip), or signed in as the
 * customer it was sold to. The claim and its CLAIMED event (no buyer data) are written under the unit's chain
 * row lock, so of concurrent claims exactly one wins and the others answer UNIT_ALREADY_CLAIMED. Wrong codes
 * (CLAIM_CODE_INVALID) and unknown units (TRACE_NOT_FOUND) count per unit (10 an hour) and per IP (20 an
 * hour), then TOO_MANY_ATTEMPTS. Also UNIT_NOT_SOLD, CLAIM_CODE_REQUIRED.
 */
export async function claimUnit(ctx: Context, input: ClaimUnitInput): Promise<UnitScans> {
  const code = input.code?.trim() ? normaliseClaimCode(input.code) ?? 'INVALID' : null;
  const unitKey = normaliseUnitCode(input.unit) ?? input.unit.trim().toLowerCase();
  const keys: ThrottleKey[] = [[claimIpLimit, clientIp(ctx)], [claimUnitLimit, `unit:${unitKey}`]];
  const callerCustomerId = ctx.principal?.customerId ?? null;
  const ipKey = (unitId: string) => scanIpKey(unitId, clientIp(ctx));
  return ctx.app.throttle.attempt(keys, async () => {
    const outcome = await transact(ctx, async (em): Promise<{ error: DomainError } | { unitId: string }> => {
      const unit = await findUnit(em, input.unit);
      if (!unit) return { error: new DomainError('TRACE_NOT_FOUND') };
      const chain = await lockedChain(em, 'UNIT', unit.id);
      const sale = await em.findOne(UnitSale, { unitId: unit.id });
      const decision = claimDecision({
        sold: sale !== null, claimed: sale?.claimedAt != null, codeGiven: code !== null,
        codeMatches: code !== null && sale !== null && sale.claimCodeHash === claimCodeHash(unit.id, code),
        callerCustomerId, buyerCustomerId: sale?.customer?.id ?? null,
      });
      if (!decision.ok) {
        if (decision.code === 'CLAIM_CODE_INVALID') return { error: new DomainError('CLAIM_CODE_INVALID', { field: 'code' }) };
        throw new DomainError(decision.code);
      }
      const now = new Date();
      Object.assign(sale!, { claimedAt: now, claimedVia: decision.via, claimedBy: callerCustomerId ? em.getReference(Customer, callerCustomerId) : null, claimIpKey: ipKey(unit.id) });
      appendTraceEvent(em, chain, { kind: 'CLAIMED', occurredAt: now, details: { via: decision.via } }, now);
      return { unitId: unit.id };
    });
    if ('error' in outcome) return { failed: true, error: outcome.error };
    return { failed: false, value: await unitScans(ctx.em.fork(), outcome.unitId) };
  });
}

/** Whether a chain's first event is anchored and confirmed: from then on its QR code is issued. */
export async function firstEventConfirmed(em: EntityManager, subjectType: TraceSubjectType, subjectId: string): Promise<boolean> {
  const [row] = await em.execute<{ confirmed: boolean }[]>(
    `SELECT b.status = 'CONFIRMED' AS confirmed FROM trace_chain c JOIN trace_event e ON e.chain_id = c.id AND e.seq = 1
       LEFT JOIN anchor_batch b ON b.id = e.batch_id WHERE c.subject_type = ? AND c.subject_id = ?`,
    [subjectType, subjectId],
  );
  return row?.confirmed === true;
}

export const unitQrPath = (code: string, format: 'png' | 'svg') => `/trace/qr/unit/${encodeURIComponent(code)}.${format}`;
export const orderQrPath = (token: string, format: 'png' | 'svg') => `/trace/qr/order/${encodeURIComponent(token)}.${format}`;

/** A unit's QR label: the public link, whether it is issued yet, and its image paths. */
export async function unitLabel(ctx: Pick<Context, 'app'>, em: EntityManager, unit: { id: string; code: string }): Promise<TraceLabel> {
  return {
    issued: await firstEventConfirmed(em, 'UNIT', unit.id), link: unitTraceLink(ctx.app.portalUrl(), unit.code),
    pngPath: unitQrPath(unit.code, 'png'), svgPath: unitQrPath(unit.code, 'svg'),
  };
}

/** An order's QR label, named by its chain's public token. */
export async function orderLabel(ctx: Pick<Context, 'app'>, em: EntityManager, orderId: string, token: string): Promise<TraceLabel> {
  return {
    issued: await firstEventConfirmed(em, 'ORDER', orderId), link: orderTraceLink(ctx.app.portalUrl(), token),
    pngPath: orderQrPath(token, 'png'), svgPath: orderQrPath(token, 'svg'),
  };
}
