import type { EntityManager } from '@mikro-orm/postgresql';
import type { App } from '../../app';
import { errorText, type ChainGateway, type ChainSettings } from '../../chain/chain-gateway';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { transact } from '../../shared/transaction';
import { Permission, rolesWith } from '../identity/permission';
import { UserKind } from '../identity/role';
import { User } from '../identity/user.entity';
import { notifyUser } from '../notifications/notification.service';
import { anchorRetryDelayMs, batchTree, isConfirmed, type TraceSubjectType } from './trace.rules';
import { AnchorBatch, AnchorBatchStatus, ChainDeployment } from './trace.entities';

/**
 * Transaction-level advisory lock of one anchoring pass: one instance at a time reads the outbox and signs
 * (the signer's nonces stay in order); the others skip the pass.
 */
export const ANCHOR_LOCK_KEY = 7_418_500_009;

/** New batches one pass may send before committing (each one transaction on chain). */
const BATCHES_PER_PASS = 10;

/** What one pass did (the benchmark and `retryAnchoring` read it). */
export interface AnchorPass {
  /** False when another instance held the lock. */
  ran: boolean;
  sent: number;
  confirmed: number;
  failed: number;
  /** Batches sent again after their transaction was dropped or reorganised away. */
  reanchored: number;
  /** Whether events may still wait for a new batch (the caller runs another pass). */
  more: boolean;
}

/** The contract anchors go to on the connected chain. */
interface AnchorTarget {
  chainId: number;
  address: string;
}

/**
 * One pass of the anchoring outbox, in one transaction under ANCHOR_LOCK_KEY:
 * 1. confirmed batches still young (ANCHOR_REORG_WINDOW blocks) whose block left the canonical chain go back
 *    to SUBMITTED; 2. SUBMITTED batches are confirmed after CHAIN_CONFIRMATIONS blocks, or — dropped, reverted —
 *    sent again; 3. RETRYING batches that are due are sent again (same root); 4. when nothing is failing, pending
 *    events (no batch) become new batches of up to ANCHOR_BATCH_SIZE, one transaction each; 5. step 2 again
 *    (an automining node confirms at once). A failed send keeps the batch (RETRYING, backoff, last error) and
 *    notifies staff with trace:anchoring on its first failure. Every status change of a batch is published to
 *    the chains it holds (TRACE_ANCHORING_CHANGED).
 */
export async function anchorPass(app: App, gateway: ChainGateway, now = new Date()): Promise<AnchorPass> {
  const result: AnchorPass = { ran: false, sent: 0, confirmed: 0, failed: 0, reanchored: 0, more: false };
  await transact({ em: app.orm.em.fork(), app }, async (em) => {
    const [lock] = await em.execute<{ locked: boolean }[]>('SELECT pg_try_advisory_xact_lock(?) AS locked', [ANCHOR_LOCK_KEY]);
    if (!lock?.locked) return;
    result.ran = true;
    let target: AnchorTarget | null = null;
    let chainError: unknown = null;
    try {
      target = await anchorTarget(em, gateway, now);
      await detectReorganisations(em, gateway, result, now);
      await checkSubmitted(em, gateway, target, result, now);
    } catch (err) {
      chainError = err;
    }
    const send = async (batch: AnchorBatch): Promise<boolean> => {
      try {
        if (!target) throw chainError;
        batch.txHash = await gateway.sendAnchor(target.address, batch.root, batch.leafCount);
        Object.assign(batch, { status: AnchorBatchStatus.SUBMITTED, chainId: target.chainId, contractAddress: target.address, attempts: 0, nextAttemptAt: null, blockNumber: null, blockHash: null });
        result.sent += 1;
        return true;
      } catch (err) {
        await failBatch(em, gateway.settings, batch, errorText(err), now);
        result.failed += 1;
        return false;
      }
    };
    const due = await em.find(AnchorBatch, { status: AnchorBatchStatus.RETRYING, nextAttemptAt: { $lte: now } }, { orderBy: { createdAt: 'asc' }, limit: BATCHES_PER_PASS });
    for (const batch of due) if (!(await send(batch))) break;
    if (result.failed === 0 && (await em.count(AnchorBatch, { status: AnchorBatchStatus.RETRYING })) === 0) {
      for (let i = 0; i < BATCHES_PER_PASS; i += 1) {
        const batch = await newBatch(em, gateway.settings.batchSize, now);
        if (!batch) break;
        if (!(await send(batch))) break;
        if (i === BATCHES_PER_PASS - 1) result.more = true;
      }
    }
    if (target && result.sent > 0) await checkSubmitted(em, gateway, target, result, now).catch(() => undefined);
  });
  return result;
}

/**
 * The contract on the connected chain: CHAIN_CONTRACT_ADDRESS, or the one Morna deployed there before, or a
 * new deployment (remembered per chain id). When the remembered contract is gone (a local chain started
 * afresh), every anchor of that chain is sent again to the new one.
 */
async function anchorTarget(em: EntityManager, gateway: ChainGateway, now: Date): Promise<AnchorTarget> {
  const chainId = await gateway.chainId();
  if (gateway.settings.contractAddress) return { chainId, address: gateway.settings.contractAddress };
  const known = await em.findOne(ChainDeployment, { chainId });
  if (known && (await gateway.hasCode(known.contractAddress))) return { chainId, address: known.contractAddress };
  const deployed = await gateway.deploy();
  if (known) {
    await em.nativeUpdate(AnchorBatch, { chainId, status: { $in: [AnchorBatchStatus.SUBMITTED, AnchorBatchStatus.CONFIRMED] } }, {
      status: AnchorBatchStatus.RETRYING, nextAttemptAt: now, lastError: 'The anchor contract is gone from the chain; anchoring again', lastErrorAt: now,
    });
    await em.execute('UPDATE anchor_batch SET reanchors = reanchors + 1 WHERE chain_id = ? AND status = ?', [chainId, AnchorBatchStatus.RETRYING]);
  }
  await em.upsert(ChainDeployment, { chainId, contractAddress: deployed.address, txHash: deployed.txHash, deployer: gateway.signerAddress, deployedAt: now });
  return { chainId, address: deployed.address };
}

/** Confirmed batches in the last ANCHOR_REORG_WINDOW blocks whose block hash changed (or vanished) are SUBMITTED again. */
async function detectReorganisations(em: EntityManager, gateway: ChainGateway, result: AnchorPass, now: Date): Promise<void> {
  const head = await gateway.head();
  const recent = await em.find(AnchorBatch, { status: AnchorBatchStatus.CONFIRMED, blockNumber: { $gte: head - gateway.settings.reorgWindowBlocks } });
  const canonical = new Map<number, string | null>();
  for (const batch of recent) {
    const number = batch.blockNumber!;
    if (!canonical.has(number)) canonical.set(number, await gateway.blockHash(number));
    if (canonical.get(number) === batch.blockHash) continue;
    Object.assign(batch, { status: AnchorBatchStatus.SUBMITTED, blockNumber: null, blockHash: null, confirmedAt: null, lastError: 'The anchoring block was reorganised away', lastErrorAt: now });
    result.reanchored += 1;
    await publishBatch(em, batch, now);
  }
}

/**
 * SUBMITTED batches: confirmed once mined with enough confirmations and anchoring their root; sent again at
 * once when the node forgot the transaction (dropped, or reorganised away); failed when it reverted.
 */
async function checkSubmitted(em: EntityManager, gateway: ChainGateway, target: AnchorTarget, result: AnchorPass, now: Date): Promise<void> {
  const submitted = await em.find(AnchorBatch, { status: AnchorBatchStatus.SUBMITTED }, { orderBy: { createdAt: 'asc' }, limit: 200 });
  if (submitted.length === 0) return;
  const head = await gateway.head();
  for (const batch of submitted) {
    const mined = await gateway.minedAnchor(batch.txHash!, batch.contractAddress, batch.root);
    if (!mined) {
      if (await gateway.knowsTransaction(batch.txHash!)) continue;
      Object.assign(batch, { status: AnchorBatchStatus.RETRYING, nextAttemptAt: now, lastError: 'The anchoring transaction was dropped; anchoring again', lastErrorAt: now });
      batch.reanchors += 1;
      result.reanchored += 1;
      continue;
    }
    if (!mined.anchored) {
      await failBatch(em, gateway.settings, batch, `The transaction ${batch.txHash} did not anchor the root (reverted, or no anchor contract at ${target.address})`, now);
      result.failed += 1;
      continue;
    }
    batch.blockNumber = mined.blockNumber;
    batch.blockHash = mined.blockHash;
    if (!isConfirmed(mined.blockNumber, head, gateway.settings.confirmations)) continue;
    Object.assign(batch, { status: AnchorBatchStatus.CONFIRMED, confirmedAt: now, lastError: null, lastErrorAt: null });
    result.confirmed += 1;
    await publishBatch(em, batch, now);
  }
}

/**
 * Takes the oldest pending events (up to `size`, skipping rows another pass holds) into a new batch: the Merkle
 * tree over their hashes, each event's leaf index and proof. Null when nothing is pending.
 */
async function newBatch(em: EntityManager, size: number, now: Date): Promise<AnchorBatch | null> {
  const pending = await em.execute<{ id: string; hash: string }[]>(
    'SELECT id, hash FROM trace_event WHERE batch_id IS NULL ORDER BY recorded_at, id LIMIT ? FOR UPDATE SKIP LOCKED',
    [size],
  );
  if (pending.length === 0) return null;
  const tree = batchTree(pending.map((e) => e.hash));
  const batch = em.create(AnchorBatch, { root: tree.root, leafCount: pending.length, status: AnchorBatchStatus.RETRYING, chainId: 0, contractAddress: '', attempts: 0, reanchors: 0, createdAt: now, nextAttemptAt: now });
  em.persist(batch);
  await em.flush();
  const leaves = pending.map((e, i) => ({ id: e.id, idx: i, proof: tree.proofs[i] }));
  await em.execute(
    `UPDATE trace_event t SET batch_id = ?, leaf_index = v.idx, proof = v.proof
       FROM jsonb_to_recordset(?::jsonb) AS v(id uuid, idx int, proof jsonb) WHERE t.id = v.id`,
    [batch.id, JSON.stringify(leaves)],
  );
  return batch;
}

/**
 * A send failed: the batch waits for its next attempt (exponential backoff), keeps the reason, and on its first
 * failure staff who manage anchoring are notified (seed 000: "muestra una notificación de error para que el
 * usuario intente de nuevo").
 */
async function failBatch(em: EntityManager, settings: ChainSettings, batch: AnchorBatch, reason: string, now: Date): Promise<void> {
  batch.attempts += 1;
  const delay = anchorRetryDelayMs(batch.attempts, settings.retryBaseMs, settings.retryMaxMs);
  Object.assign(batch, { status: AnchorBatchStatus.RETRYING, nextAttemptAt: new Date(now.getTime() + delay), lastError: reason, lastErrorAt: now });
  await em.flush();
  await publishBatch(em, batch, now);
  if (batch.attempts !== 1) return;
  const staff = await em.find(User, { kind: UserKind.STAFF, active: true, roles: { $overlap: rolesWith(Permission.ManageAnchoring) } }, { fields: ['id'] });
  for (const user of staff) {
    notifyUser(em, {
      userId: user.id,
      kind: 'TRACE_ANCHORING_FAILED',
      title: { es: 'Falló el registro en blockchain', en: 'Blockchain anchoring failed' },
      body: {
        es: `No se pudo anclar un lote de ${batch.leafCount} eventos de trazabilidad: ${reason}. Se reintentará automáticamente; puedes reintentar ahora.`,
        en: `A batch of ${batch.leafCount} traceability events could not be anchored: ${reason}. It will be retried automatically; you can retry now.`,
      },
      data: { batchId: batch.id },
    });
  }
}

/** Tells every chain with events in `batch` that its anchoring changed. */
async function publishBatch(em: EntityManager, batch: AnchorBatch, now: Date): Promise<void> {
  const chains = await em.execute<{ subject_type: TraceSubjectType; subject_id: string }[]>(
    'SELECT DISTINCT c.subject_type, c.subject_id FROM trace_event e JOIN trace_chain c ON c.id = e.chain_id WHERE e.batch_id = ?',
    [batch.id],
  );
  for (const c of chains) recordEvent(em, Topic.TraceAnchoringChanged, { subjectType: c.subject_type, subjectId: c.subject_id, status: batch.status, at: now.toISOString() });
}

/**
 * Runs the outbox in this instance: a pass every ANCHOR_INTERVAL_MS and on `runNow` (passes never overlap
 * here; across instances the advisory lock lets one run). A pass that left work runs again at once.
 */
export class Anchorer {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<AnchorPass> | undefined;
  private stopped = false;

  constructor(
    private readonly app: App,
    readonly gateway: ChainGateway,
  ) {}

  start(): void {
    if (!this.gateway.configured) return;
    this.timer = setInterval(() => void this.runNow().catch((err) => this.app.log.warn({ err }, 'anchoring pass failed')), this.gateway.settings.intervalMs);
  }

  /** Runs passes now (after the one under way) until no new batch is waiting; resolves with the last. */
  async runNow(): Promise<AnchorPass> {
    while (this.current) await this.current.catch(() => undefined);
    if (this.stopped || !this.gateway.configured) return { ran: false, sent: 0, confirmed: 0, failed: 0, reanchored: 0, more: false };
    this.current = (async () => {
      let pass = await anchorPass(this.app, this.gateway);
      while (pass.more && !this.stopped) pass = await anchorPass(this.app, this.gateway);
      return pass;
    })();
    try {
      return await this.current;
    } finally {
      this.current = undefined;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.current?.catch(() => undefined);
    this.gateway.reset();
  }
}
