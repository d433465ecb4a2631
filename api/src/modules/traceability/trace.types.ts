import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../shared/connection';
import { TraceUnit } from './trace.entities';

/** Verdict of one event or of a whole history (trace.rules `judgeEvent`, `overallVerdict`). */
export enum VerificationStatus {
  VERIFIED = 'VERIFIED',
  PENDING = 'PENDING',
  FAILED = 'FAILED',
  TAMPERED = 'TAMPERED',
}
registerEnumType(VerificationStatus, {
  name: 'VerificationStatus',
  description: 'VERIFIED: hash, proof and on-chain anchor all check. PENDING: not anchored and confirmed yet. FAILED: the anchor could not be found on chain (or the chain was unreachable). TAMPERED: the stored data no longer matches its hash or proof.',
});

export enum AnchoringState {
  ANCHORED = 'ANCHORED',
  PENDING = 'PENDING',
  FAILED = 'FAILED',
}
registerEnumType(AnchoringState, { name: 'AnchoringState', description: 'ANCHORED: every event confirmed on chain. PENDING: waiting. FAILED: the last attempt failed; retried automatically with backoff (staff: retryAnchoring).' });

@ObjectType({ description: 'How far the anchoring of a history is.' })
export class AnchoringStatus {
  @Field(() => AnchoringState)
  state!: AnchoringState;

  @Field(() => Int, { description: 'Events not yet confirmed on chain.' })
  pendingEvents!: number;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed, or why it is anchored again (dropped or reorganised transaction).' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  lastErrorAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the outbox tries again by itself.' })
  nextAttemptAt!: Date | null;
}

@ObjectType({ description: 'Where an event\'s batch was anchored.' })
export class TraceEventAnchor {
  @Field({ description: 'Merkle root of the batch (0x hex).' })
  root!: string;

  @Field(() => Int)
  leafIndex!: number;

  @Field(() => [String], { description: 'Sibling hashes from the event hash to the root (OpenZeppelin sorted pairs).' })
  proof!: string[];

  @Field()
  txHash!: string;

  @Field(() => Int)
  blockNumber!: number;

  @Field()
  blockHash!: string;

  @Field(() => Int)
  chainId!: number;

  @Field()
  contractAddress!: string;

  @Field()
  confirmedAt!: Date;
}

@ObjectType({ description: 'One event of a history with its verification.' })
export class VerifiedTraceEvent {
  @Field(() => Int, { description: 'Position in the history, from 1.' })
  seq!: number;

  @Field({ description: 'REGISTERED or a UnitEventKind for units; the order state reached for orders.' })
  kind!: string;

  @Field({ description: 'When it happened (UTC).' })
  occurredAt!: Date;

  @Field(() => String, { nullable: true })
  place!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => String, { nullable: true, description: 'Who recorded it (display name).' })
  actor!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Further hashed facts: for REGISTERED the unit\'s data; for orders the order number and previous state.' })
  details!: Record<string, unknown>;

  @Field({ description: 'The exact text hashed (canonical JSON).' })
  canonical!: string;

  @Field()
  prevHash!: string;

  @Field({ description: 'Stored hash.' })
  hash!: string;

  @Field({ description: 'Hash recomputed now from the stored data and the recomputed previous hash.' })
  recomputedHash!: string;

  @Field(() => VerificationStatus)
  status!: VerificationStatus;

  @Field()
  hashMatches!: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Whether the proof leads to the batch root; null until anchored.' })
  proofValid!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the root is on chain in that transaction with enough confirmations; null until anchored.' })
  onChain!: boolean | null;

  @Field(() => TraceEventAnchor, { nullable: true })
  anchor!: TraceEventAnchor | null;
}

@ObjectType({ description: 'A history checked against the chain now.' })
export class TraceVerification {
  @Field(() => VerificationStatus, { description: 'The worst verdict of its events.' })
  status!: VerificationStatus;

  @Field(() => [VerifiedTraceEvent], { description: 'Oldest first.' })
  events!: VerifiedTraceEvent[];

  @Field(() => AnchoringStatus)
  anchoring!: AnchoringStatus;

  @Field(() => Int, { nullable: true, description: 'Chain read for this check; null when unreachable.' })
  chainId!: number | null;

  @Field(() => String, { nullable: true })
  chainError!: string | null;

  @Field()
  checkedAt!: Date;

  @Field({ description: 'Path of the proof bundle (JSON) on this server, e.g. /trace/bundle/unit/U-…; check it with examples/verify-bundle.mjs.' })
  bundlePath!: string;
}

@ObjectType({ description: 'A product unit\'s public trace.' })
export class UnitTrace {
  @Field(() => TraceUnit)
  unit!: TraceUnit;

  @Field(() => TraceVerification)
  verification!: TraceVerification;
}

@ObjectType({ description: 'An order\'s public trace: its tracking history, chained and anchored.' })
export class OrderTrace {
  @Field()
  orderNumber!: string;

  @Field({ description: 'Unguessable token naming this trace in public links (QR codes): orderTrace(token:).' })
  token!: string;

  @Field(() => TraceVerification)
  verification!: TraceVerification;
}

@ObjectType({ description: 'The EVM chain anchors go to, as this instance reaches it.' })
export class ChainStatus {
  @Field({ description: 'up, down or unconfigured.' })
  status!: string;

  @Field(() => Int, { nullable: true })
  chainId!: number | null;

  @Field(() => Int, { nullable: true })
  block!: number | null;

  @Field(() => String, { nullable: true, description: 'The anchor contract in use on this chain (configured or deployed by Morna).' })
  contractAddress!: string | null;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

@ObjectType({ description: 'The anchoring outbox as a whole (staff).' })
export class AnchoringOverview {
  @Field(() => AnchoringState)
  state!: AnchoringState;

  @Field(() => Int, { description: 'Events not yet confirmed on chain.' })
  pendingEvents!: number;

  @Field(() => Int, { description: 'Batches whose last send failed, waiting to be sent again.' })
  failingBatches!: number;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  lastErrorAt!: Date | null;

  @Field(() => Date, { nullable: true })
  nextAttemptAt!: Date | null;

  @Field(() => ChainStatus)
  chain!: ChainStatus;
}

@ObjectType({ description: 'A new verification of a unit\'s trace, sent when its anchoring changed.' })
export class UnitTraceUpdate {
  @Field(() => UnitTrace)
  trace!: UnitTrace;
}

export const TraceUnitConnection = ConnectionType(TraceUnit, 'TraceUnit');
