import type { EntityManager } from '@mikro-orm/postgresql';
import { errorText, type ChainGateway } from '../../chain/chain-gateway';
import { GENESIS_HASH, anchoringState, canonicalJson, isConfirmed, judgeEvent, overallVerdict, recomputeChain, type AnchoringState, type CanonicalValue, type EventCheck, type EventVerdict, type TraceSubjectType } from './trace.rules';
import { AnchorBatch, AnchorBatchStatus, TraceEvent, type TraceChain } from './trace.entities';

/** Where an event's batch was anchored. */
export interface EventAnchor {
  batchId: string;
  root: string;
  leafIndex: number;
  proof: string[];
  txHash: string;
  blockNumber: number;
  blockHash: string;
  chainId: number;
  contractAddress: string;
  confirmedAt: Date;
}

/** One event with what verification found. */
export interface VerifiedEvent {
  seq: number;
  data: Record<string, unknown>;
  canonical: string;
  prevHash: string;
  hash: string;
  recomputedHash: string;
  verdict: EventVerdict;
  check: EventCheck;
  /** Null until its batch is confirmed. */
  anchor: EventAnchor | null;
}

/** The anchoring of a chain as staff and the public page see it. */
export interface AnchoringStatus {
  state: AnchoringState;
  /** Events not yet in a confirmed batch. */
  pendingEvents: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  nextAttemptAt: Date | null;
}

/** A whole history checked: each event, the overall verdict, and the chain it was checked against. */
export interface ChainVerification {
  subjectType: TraceSubjectType;
  subjectId: string;
  status: EventVerdict;
  events: VerifiedEvent[];
  anchoring: AnchoringStatus;
  /** The chain read now; null when it could not be reached (then anchored events are FAILED). */
  chainId: number | null;
  chainError: string | null;
  checkedAt: Date;
}

/**
 * Verifies a chain (seed 000, issue 9): recomputes every hash from the stored data (each over the recomputed
 * one before, so a changed row and everything after it shows), checks each anchored event's proof against its
 * batch root, and reads each confirmed batch's transaction receipt from the chain: it must be mined in the
 * recorded block with the required confirmations and hold `Anchored(root)` from the recorded contract.
 * See trace.rules `judgeEvent` for the verdicts.
 */
export async function verifyChain(em: EntityManager, gateway: ChainGateway, chain: TraceChain, now = new Date()): Promise<ChainVerification> {
  const events = await em.find(TraceEvent, { chain }, { orderBy: { seq: 'asc' }, populate: ['batch'] });
  const recomputed = recomputeChain(events.map((e) => e.data as CanonicalValue));
  const batches = new Map<string, AnchorBatch>();
  for (const e of events) if (e.batch) batches.set(e.batch.id, e.batch);
  const confirmed = [...batches.values()].filter((b) => b.status === AnchorBatchStatus.CONFIRMED);
  const onChain = new Map<string, boolean>();
  let chainId: number | null = null;
  let chainError: string | null = null;
  try {
    chainId = await gateway.chainId();
    const head = confirmed.length > 0 ? await gateway.head() : 0;
    for (const batch of confirmed) {
      const mined = await gateway.minedAnchor(batch.txHash!, batch.contractAddress, batch.root);
      onChain.set(batch.id, Boolean(mined?.anchored && batch.chainId === chainId && mined.blockHash === batch.blockHash && isConfirmed(mined.blockNumber, head, gateway.settings.confirmations)));
    }
  } catch (err) {
    chainError = errorText(err);
  }
  const verified = events.map((e, i): VerifiedEvent => {
    const batch = e.batch && e.batch.status === AnchorBatchStatus.CONFIRMED ? e.batch : null;
    const anchor: EventAnchor | null = batch
      ? {
          batchId: batch.id, root: batch.root, leafIndex: e.leafIndex!, proof: e.proof ?? [], txHash: batch.txHash!, blockNumber: batch.blockNumber!,
          blockHash: batch.blockHash!, chainId: batch.chainId, contractAddress: batch.contractAddress, confirmedAt: batch.confirmedAt!,
        }
      : null;
    const { verdict, check } = judgeEvent({
      storedHash: e.hash,
      recomputedHash: recomputed[i]!,
      anchor: anchor ? { root: anchor.root, proof: anchor.proof, onChain: onChain.get(anchor.batchId) ?? false } : null,
    });
    return { seq: e.seq, data: e.data, canonical: canonicalJson(e.data as CanonicalValue), prevHash: e.prevHash, hash: e.hash, recomputedHash: recomputed[i]!, verdict, check, anchor };
  });
  return {
    subjectType: chain.subjectType,
    subjectId: chain.subjectId,
    status: overallVerdict(verified.map((v) => v.verdict)),
    events: verified,
    anchoring: await anchoringOf(em, events),
    chainId,
    chainError,
    checkedAt: now,
  };
}

/**
 * The anchoring status of a chain from its events (their batches loaded). `outboxFailingBatch` reads the batch
 * blocking the outbox (for events not yet in a batch); a caller answering for many chains passes one shared read.
 */
export async function anchoringOf(em: EntityManager, events: readonly TraceEvent[], outboxFailingBatch: () => Promise<AnchorBatch | null> = () => failingBatch(em)): Promise<AnchoringStatus> {
  const pending = events.filter((e) => e.batch?.status !== AnchorBatchStatus.CONFIRMED);
  const unbatched = pending.filter((e) => !e.batch).length;
  const ownBatches = pending.flatMap((e) => (e.batch ? [e.batch] : []));
  const ownFailing = ownBatches.find((b) => b.status === AnchorBatchStatus.RETRYING && b.attempts > 0) ?? null;
  const outboxFailing = unbatched > 0 && !ownFailing ? await outboxFailingBatch() : null;
  const reported = ownFailing ?? outboxFailing ?? ownBatches.find((b) => b.lastError) ?? null;
  return {
    state: anchoringState({ pendingEvents: pending.length, ownBatchFailing: ownFailing !== null, unbatchedEvents: unbatched, outboxFailing: outboxFailing !== null }),
    pendingEvents: pending.length,
    lastError: pending.length > 0 ? reported?.lastError ?? null : null,
    lastErrorAt: pending.length > 0 ? reported?.lastErrorAt ?? null : null,
    nextAttemptAt: pending.length > 0 && reported?.status === AnchorBatchStatus.RETRYING ? reported.nextAttemptAt : null,
  };
}

/** The most recently failed batch still waiting to be sent again, if any (the outbox is blocked behind it). */
export function failingBatch(em: EntityManager): Promise<AnchorBatch | null> {
  return em.findOne(AnchorBatch, { status: AnchorBatchStatus.RETRYING, attempts: { $gt: 0 } }, { orderBy: { lastErrorAt: 'desc' } });
}

/** The proof bundle of a verification: everything an independent verifier needs (see examples/verify-bundle.mjs). */
export function proofBundle(v: ChainVerification, subject: Record<string, unknown>): Record<string, unknown> {
  return {
    format: 'morna-trace-bundle/1',
    subject: { type: v.subjectType, id: v.subjectId, ...subject },
    hashing: {
      event: 'keccak256(prevHash || utf8(canonicalJson(data))); canonicalJson: sorted keys, no whitespace, UTC ISO dates, integers only',
      genesis: GENESIS_HASH,
      merkle: 'leaf = event hash; parent = keccak256(min(a,b) || max(a,b)) (OpenZeppelin MerkleProof sorted pairs); an odd node moves up unchanged',
      contractEvent: 'Anchored(bytes32 indexed root, uint32 leafCount, address sender)',
    },
    status: v.status,
    generatedAt: v.checkedAt.toISOString(),
    events: v.events.map((e) => ({
      seq: e.seq,
      data: e.data,
      canonical: e.canonical,
      prevHash: e.prevHash,
      hash: e.hash,
      anchor: e.anchor && {
        root: e.anchor.root, leafIndex: e.anchor.leafIndex, proof: e.anchor.proof, txHash: e.anchor.txHash, blockNumber: e.anchor.blockNumber,
        blockHash: e.anchor.blockHash, chainId: e.anchor.chainId, contractAddress: e.anchor.contractAddress,
      },
    })),
  };
}
