import { concat, keccak256, toUtf8Bytes } from 'ethers';
import { buildMerkleTree, verifyProof, type Hash32 } from '../../chain/merkle.rules';

/** A value the canonical serialisation accepts: JSON without fractions (amounts are integers in minor units). */
export type CanonicalValue = string | number | boolean | null | Date | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue | undefined };

/** The hash a chain starts from: 32 zero bytes. */
export const GENESIS_HASH: Hash32 = `0x${'00'.repeat(32)}`;

/**
 * The canonical serialisation hashed into a trace event (documented for independent verifiers):
 * JSON with object keys sorted by UTF-16 code unit (JavaScript's default sort), no whitespace, strings escaped as
 * `JSON.stringify` does, dates as UTC ISO 8601 with milliseconds (`2026-01-02T03:04:05.000Z`), numbers only as
 * safe integers (amounts in minor units, weights in grams…), and keys whose value is `undefined` left out
 * (`null` is kept). Throws on a fraction, NaN, an unsafe integer or any other type.
 */
export function canonicalJson(value: CanonicalValue): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`Canonical JSON takes integers only, not ${value}`);
    return String(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('Canonical JSON cannot take an invalid date');
    return JSON.stringify(value.toISOString());
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v as CanonicalValue)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, CanonicalValue | undefined>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, CanonicalValue>)[k]!)}`);
    return `{${entries.join(',')}}`;
  }
  throw new Error(`Canonical JSON cannot take a ${typeof value}`);
}

/** `keccak256(prevHash ‖ UTF-8 bytes of canonical)`: the hash of one event in its chain. */
export function eventHash(prevHash: Hash32, canonical: string): Hash32 {
  return keccak256(concat([prevHash, toUtf8Bytes(canonical)]));
}

/** What a chain holds: a unit's production/logistics history, or an order's tracking history. */
export type TraceSubjectType = 'UNIT' | 'ORDER';

/**
 * The data hashed for one event: the subject and position (so an event cannot be replayed into another chain
 * or position) and what happened. `occurredAt` is UTC. Optional fields are null when absent, never left out.
 */
export function traceEventData(e: {
  subjectType: TraceSubjectType;
  subjectId: string;
  seq: number;
  kind: string;
  occurredAt: Date;
  place: string | null;
  note: string | null;
  actor: string | null;
  details?: Record<string, string | number | null>;
}): Record<string, CanonicalValue> {
  return {
    subject: `${e.subjectType}:${e.subjectId}`,
    seq: e.seq,
    kind: e.kind,
    occurredAt: e.occurredAt.toISOString(),
    place: e.place,
    note: e.note,
    actor: e.actor,
    details: e.details ?? {},
  };
}

/** Readable unit codes: no 0/O, 1/I/L, so a code read aloud or typed from a label is unambiguous. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** `U-` and 10 characters of `CODE_ALPHABET` from `randomBytes` (at least 10 bytes): about 49 bits. */
export function unitCodeFrom(randomBytes: Uint8Array): string {
  if (randomBytes.length < 10) throw new Error('unitCodeFrom needs 10 random bytes');
  let code = '';
  for (let i = 0; i < 10; i += 1) code += CODE_ALPHABET[randomBytes[i]! % CODE_ALPHABET.length];
  return `U-${code}`;
}

/** A unit code as typed: trimmed, upper case, `U` prefix with or without its dash. Null when it cannot be one. */
export function normaliseUnitCode(text: string): string | null {
  const compact = text.trim().toUpperCase().replace(/[\s-]/g, '');
  const body = compact.startsWith('U') ? compact.slice(1) : compact;
  if (body.length !== 10 || [...body].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return `U-${body}`;
}

/** Delay before the next attempt of a failed anchoring batch: `baseMs · 2^(attempts−1)`, capped at `maxMs`. */
export function anchorRetryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

/** Whether a transaction mined at `txBlock` has `required` confirmations at chain head `head` (its own block counts). */
export function isConfirmed(txBlock: number, head: number, required: number): boolean {
  return head - txBlock + 1 >= required;
}

/** The Merkle tree of one batch: its leaves are the events' hashes in the batch's order. */
export function batchTree(eventHashes: readonly Hash32[]) {
  return buildMerkleTree(eventHashes);
}

/** Per-event verification outcome. */
export type EventVerdict = 'VERIFIED' | 'PENDING' | 'FAILED' | 'TAMPERED';

/** What verification found for one event; `anchor` is null while the event waits for a confirmed anchor. */
export interface EventCheck {
  hashMatches: boolean;
  proofValid: boolean | null;
  onChain: boolean | null;
}

/** What is known of an event before judging it: its stored and recomputed hashes and its anchor, if any. */
export interface EventEvidence {
  storedHash: Hash32;
  recomputedHash: Hash32;
  anchor: { root: Hash32; proof: readonly Hash32[]; onChain: boolean } | null;
}

/**
 * Judges one event: TAMPERED when the hash recomputed from its data (and the recomputed hash before it) differs
 * from the stored one, or when its proof does not lead to its batch's root; PENDING without a confirmed anchor;
 * FAILED when the root is not found on chain in the recorded transaction; VERIFIED otherwise.
 */
export function judgeEvent(e: EventEvidence): { verdict: EventVerdict; check: EventCheck } {
  const hashMatches = e.storedHash.toLowerCase() === e.recomputedHash.toLowerCase();
  if (!e.anchor) return { verdict: hashMatches ? 'PENDING' : 'TAMPERED', check: { hashMatches, proofValid: null, onChain: null } };
  const proofValid = verifyProof(e.recomputedHash, e.anchor.proof, e.anchor.root);
  const check = { hashMatches, proofValid, onChain: e.anchor.onChain };
  if (!hashMatches || !proofValid) return { verdict: 'TAMPERED', check };
  return { verdict: e.anchor.onChain ? 'VERIFIED' : 'FAILED', check };
}

/** The verdict of a whole history: the worst of its events (TAMPERED > FAILED > PENDING > VERIFIED); PENDING when empty. */
export function overallVerdict(verdicts: readonly EventVerdict[]): EventVerdict {
  for (const worst of ['TAMPERED', 'FAILED', 'PENDING'] as const) if (verdicts.includes(worst)) return worst;
  return verdicts.length === 0 ? 'PENDING' : 'VERIFIED';
}

/** Recomputes every hash of a chain from its events' data, oldest first, each over the recomputed one before. */
export function recomputeChain(dataInOrder: readonly CanonicalValue[]): Hash32[] {
  const hashes: Hash32[] = [];
  let prev = GENESIS_HASH;
  for (const data of dataInOrder) {
    prev = eventHash(prev, canonicalJson(data));
    hashes.push(prev);
  }
  return hashes;
}

/** Where the anchoring of a chain stands, as staff and the public page show it. */
export type AnchoringState = 'ANCHORED' | 'PENDING' | 'FAILED';

/**
 * A chain's anchoring: ANCHORED when every event is in a confirmed batch; FAILED when one of its batches failed
 * its last send, or when its events wait while the outbox is blocked by a failing batch (`outboxFailing`);
 * PENDING otherwise (waiting for a batch, a transaction or confirmations).
 */
export function anchoringState(s: { pendingEvents: number; ownBatchFailing: boolean; unbatchedEvents: number; outboxFailing: boolean }): AnchoringState {
  if (s.pendingEvents === 0) return 'ANCHORED';
  if (s.ownBatchFailing || (s.unbatchedEvents > 0 && s.outboxFailing)) return 'FAILED';
  return 'PENDING';
}
