import { BigIntType, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import type { TraceSubjectType } from './trace.rules';

/**
 * A finished product unit (seed 000 "un nuevo producto terminado se registra"): its unique id, a short
 * readable code for labels, and what it is. Its history is the TraceChain of subject UNIT and this id.
 */
@ObjectType({ description: 'A finished product unit with a traceable history (public: what is printed on its label).' })
@Entity()
export class TraceUnit {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** `U-` and 10 unambiguous characters (trace.rules `unitCodeFrom`). */
  @Field({ description: 'Readable code for labels and lookups: U- and 10 characters without 0/O/1/I/L.' })
  @Property({ type: 'text', unique: true })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  product!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  sku: string | null = null;

  /** Production batch or lot. */
  @Field(() => String, { nullable: true, description: 'Production batch or lot.' })
  @Property({ type: 'text', nullable: true })
  lot: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field(() => String, { nullable: true, description: 'Who made it.' })
  @Property({ type: 'text', nullable: true })
  producer: string | null = null;

  @ManyToOne(() => User)
  registeredBy!: User;

  @Field({ description: 'When it was registered (UTC).' })
  @Index()
  @Property({ type: 'datetime' })
  registeredAt: Date = new Date();
}

/**
 * The hash chain of one subject (a unit or an order): its length and head hash, so an append locks this one
 * row (`FOR UPDATE`) and links to the head without reading the events; `publicToken` names the chain in
 * public links (an order's QR code) without revealing the order.
 */
@Entity()
@Unique({ properties: ['subjectType', 'subjectId'] })
export class TraceChain {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  subjectType!: TraceSubjectType;

  @Property({ type: 'uuid' })
  subjectId!: string;

  @Property({ type: 'integer' })
  length: number = 0;

  @Property({ type: 'text' })
  headHash!: string;

  /** 22 characters of base64url (128 random bits). */
  @Property({ type: 'text', unique: true })
  publicToken!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}

/** Where an anchoring batch stands. */
export enum AnchorBatchStatus {
  /** The transaction was accepted by the node; waiting to be mined and confirmed. */
  SUBMITTED = 'SUBMITTED',
  /** Mined with the required confirmations, and its block is still on the canonical chain. */
  CONFIRMED = 'CONFIRMED',
  /** The last attempt failed (chain down, rejected, dropped or reorganised away): sent again at `nextAttemptAt`. */
  RETRYING = 'RETRYING',
}

/**
 * One Merkle root over a batch of trace events and the transaction that anchors it: the durable outbox of
 * anchoring. A failed or lost transaction sends the same root again, so the events' proofs never change.
 */
@Entity()
@Index({ properties: ['status', 'nextAttemptAt'] })
export class AnchorBatch {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  root!: string;

  @Property({ type: 'integer' })
  leafCount!: number;

  @Enum({ items: () => AnchorBatchStatus, nativeEnumName: 'anchor_batch_status' })
  status!: AnchorBatchStatus;

  @Property({ type: 'integer' })
  chainId!: number;

  @Property({ type: 'text' })
  contractAddress!: string;

  /** The latest transaction sent for this root. */
  @Property({ type: 'text', nullable: true })
  txHash: string | null = null;

  @Property({ type: new BigIntType('number'), nullable: true })
  blockNumber: number | null = null;

  @Property({ type: 'text', nullable: true })
  blockHash: string | null = null;

  /** Sends that failed in a row; 0 after a success. */
  @Property({ type: 'integer' })
  attempts: number = 0;

  /** Times the batch was sent again after its transaction was dropped or reorganised away. */
  @Property({ type: 'integer' })
  reanchors: number = 0;

  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  lastErrorAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  confirmedAt: Date | null = null;
}

/**
 * One event of a chain. `data` is exactly what was hashed (its canonical serialisation, trace.rules
 * `canonicalJson`); `hash = keccak256(prevHash ‖ canonical(data))`. Written in the transaction of the change
 * it records; `batch` is null until the anchoring outbox takes it (its pending queue), then `leafIndex` and
 * `proof` (sibling hashes, OpenZeppelin sorted pairs) lead from `hash` to the batch's root.
 */
@Entity()
@Unique({ properties: ['chain', 'seq'] })
@Index({ name: 'trace_event_pending_index', expression: 'create index "trace_event_pending_index" on "trace_event" ("recorded_at", "id") where "batch_id" is null' })
export class TraceEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => TraceChain)
  chain!: TraceChain;

  /** Position in the chain, from 1. */
  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Property({ type: 'text' })
  prevHash!: string;

  @Property({ type: 'text' })
  hash!: string;

  @Index()
  @ManyToOne(() => AnchorBatch, { nullable: true })
  batch: AnchorBatch | null = null;

  @Property({ type: 'integer', nullable: true })
  leafIndex: number | null = null;

  @Property({ type: 'jsonb', nullable: true })
  proof: string[] | null = null;

  @Property({ type: 'datetime' })
  recordedAt: Date = new Date();
}

/** A MornaAnchor contract Morna deployed itself (no CHAIN_CONTRACT_ADDRESS), remembered per chain id. */
@Entity()
export class ChainDeployment {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  chainId!: number;

  @Property({ type: 'text' })
  contractAddress!: string;

  @Property({ type: 'text' })
  txHash!: string;

  @Property({ type: 'text' })
  deployer!: string;

  @Property({ type: 'datetime' })
  deployedAt: Date = new Date();
}
