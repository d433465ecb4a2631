import type { FilterQuery } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { paginate, type PageArgs } from '../../shared/connection';
import { containsPattern } from '../../shared/search';
import { AnchorBatch, AnchorBatchStatus, ChainDeployment, TraceEvent, TraceUnit } from './trace.entities';
import type { AnchoringOverview, AnchoringStatus } from './trace.types';
import { anchoringOf, failingBatch } from './verification.service';

/** Units newest first; `search` matches code, product, SKU or lot (ILIKE, wildcards literal). */
export function traceUnits(ctx: Context, search: string | null, page: PageArgs) {
  const pattern = containsPattern(search);
  const where: FilterQuery<TraceUnit> = pattern
    ? { $or: [{ code: { $ilike: pattern } }, { product: { $ilike: pattern } }, { sku: { $ilike: pattern } }, { lot: { $ilike: pattern } }] }
    : {};
  return paginate(ctx.em, TraceUnit, where, page, { registeredAt: 'desc', id: 'desc' });
}

/**
 * The anchoring status of one unit's history (its events and their batches). Batched per request: a page of
 * units costs two queries (their chains' events with batches, and the outbox's failing batch once), not two a row.
 */
export function unitAnchoring(ctx: Context, unitId: string): Promise<AnchoringStatus> {
  return ctx.loaders
    .custom<AnchoringStatus>('trace:unitAnchoring', async (unitIds) => {
      const events = await ctx.em.find(TraceEvent, { chain: { subjectType: 'UNIT', subjectId: { $in: [...unitIds] } } }, { populate: ['batch', 'chain'] });
      const byUnit = new Map<string, TraceEvent[]>(unitIds.map((id) => [id, []]));
      for (const event of events) byUnit.get(event.chain.subjectId)?.push(event);
      let failing: Promise<AnchorBatch | null> | undefined;
      const outboxFailing = () => (failing ??= failingBatch(ctx.em));
      return Promise.all(
        unitIds.map(async (id) => {
          const status = await anchoringOf(ctx.em, byUnit.get(id)!, outboxFailing);
          return { ...status, state: status.state as AnchoringStatus['state'] };
        }),
      );
    })
    .load(unitId);
}

/** The outbox as a whole and the chain this instance reaches. */
export async function anchoringOverview(ctx: Context): Promise<AnchoringOverview> {
  const em = ctx.em.fork();
  const [{ pending }] = await em.execute<{ pending: string }[]>(
    `SELECT count(*) AS pending FROM trace_event e LEFT JOIN anchor_batch b ON b.id = e.batch_id WHERE b.id IS NULL OR b.status <> 'CONFIRMED'`,
  ) as [{ pending: string }];
  const failingBatches = await em.count(AnchorBatch, { status: AnchorBatchStatus.RETRYING, attempts: { $gt: 0 } });
  const failing = await failingBatch(em);
  const gateway = ctx.app.anchorer.gateway;
  const health = await gateway.health();
  const contractAddress = health.status === 'up'
    ? gateway.settings.contractAddress ?? (await em.findOne(ChainDeployment, { chainId: health.chainId }))?.contractAddress ?? null
    : gateway.settings.contractAddress ?? null;
  const pendingEvents = Number(pending);
  return {
    state: pendingEvents === 0 ? 'ANCHORED' as AnchoringOverview['state'] : (failing ? 'FAILED' : 'PENDING') as AnchoringOverview['state'],
    pendingEvents,
    failingBatches,
    lastError: failing?.lastError ?? null,
    lastErrorAt: failing?.lastErrorAt ?? null,
    nextAttemptAt: failing?.nextAttemptAt ?? null,
    chain: {
      status: health.status,
      chainId: health.status === 'up' ? health.chainId : null,
      block: health.status === 'up' ? health.block : null,
      contractAddress,
      error: health.status === 'down' ? health.error : null,
    },
  };
}

/**
 * Staff "retry now" (seed 000): every failed batch becomes due at once, the outbox runs in this instance (or
 * waits for the instance running it), and the answer is the outbox after that pass.
 */
export async function retryAnchoring(ctx: Context): Promise<AnchoringOverview> {
  await ctx.em.fork().nativeUpdate(AnchorBatch, { status: AnchorBatchStatus.RETRYING }, { nextAttemptAt: new Date() });
  await ctx.app.anchorer.runNow();
  return anchoringOverview(ctx);
}
