import { concat, keccak256, toUtf8Bytes } from 'ethers';
import { buildMerkleTree } from '../../api/src/chain/merkle.rules';
import {
  anchoringState, anchorRetryDelayMs, canonicalJson, eventHash, GENESIS_HASH, isConfirmed, judgeEvent, normaliseUnitCode, overallVerdict,
  recomputeChain, traceEventData, unitCodeFrom, type CanonicalValue,
} from '../../api/src/modules/traceability/trace.rules';

describe('canonical JSON', () => {
  it.each<[string, CanonicalValue, string]>([
    ['sorts keys at every depth and drops whitespace', { b: 1, a: { d: [2, 1], c: null } }, '{"a":{"c":null,"d":[2,1]},"b":1}'],
    ['writes dates as UTC ISO with milliseconds', { at: new Date('2026-11-01T08:00:00-04:00') }, '{"at":"2026-11-01T12:00:00.000Z"}'],
    ['leaves out undefined keys and keeps nulls', { a: undefined, b: null }, '{"b":null}'],
    ['escapes strings as JSON does', { s: 'Almacén "Valencia"\n' }, '{"s":"Almacén \\"Valencia\\"\\n"}'],
    ['keeps booleans and integer amounts', { paid: true, amountMinor: 12_500 }, '{"amountMinor":12500,"paid":true}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each<[string, CanonicalValue]>([['a fraction', { amount: 12.5 }], ['NaN', { n: Number.NaN }], ['an unsafe integer', { n: 2 ** 60 }], ['an invalid date', { at: new Date('x') }]])(
    'refuses %s',
    (_name, value) => expect(() => canonicalJson(value)).toThrow(),
  );

  it('gives the same text whatever order the keys were written in', () => {
    expect(canonicalJson({ x: 1, y: { b: 2, a: 3 } })).toBe(canonicalJson({ y: { a: 3, b: 2 }, x: 1 }));
  });
});

describe('event hash chain', () => {
  const data = (seq: number, place: string) =>
    traceEventData({ subjectType: 'UNIT', subjectId: '7c1f0f0e-1111-4222-8333-444455556666', seq, kind: 'PACKED', occurredAt: new Date('2026-11-02T09:30:00Z'), place, note: null, actor: 'Wei' });

  it('hashes keccak256 of the previous hash followed by the canonical text', () => {
    const canonical = canonicalJson(data(1, 'Guangzhou'));
    expect(eventHash(GENESIS_HASH, canonical)).toBe(keccak256(concat([GENESIS_HASH, toUtf8Bytes(canonical)])));
    expect(canonical).toBe(
      '{"actor":"Wei","details":{},"kind":"PACKED","note":null,"occurredAt":"2026-11-02T09:30:00.000Z","place":"Guangzhou","seq":1,"subject":"UNIT:7c1f0f0e-1111-4222-8333-444455556666"}',
    );
  });

  it('changes every later hash when one event\'s data changes', () => {
    const original = recomputeChain([data(1, 'A'), data(2, 'B'), data(3, 'C')]);
    const edited = recomputeChain([data(1, 'A'), data(2, 'X'), data(3, 'C')]);
    expect(edited[0]).toBe(original[0]);
    expect(edited[1]).not.toBe(original[1]);
    expect(edited[2]).not.toBe(original[2]);
  });
});

describe('judging events', () => {
  const hash = keccak256(toUtf8Bytes('e'));
  const other = keccak256(toUtf8Bytes('f'));
  const tree = buildMerkleTree([hash, other]);
  const anchor = (onChain: boolean, proof = tree.proofs[0]!) => ({ root: tree.root, proof, onChain });

  it.each([
    ['matching, not anchored yet', { storedHash: hash, recomputedHash: hash, anchor: null }, 'PENDING'],
    ['changed, not anchored yet', { storedHash: hash, recomputedHash: other, anchor: null }, 'TAMPERED'],
    ['matching, proof to the root, root on chain', { storedHash: hash, recomputedHash: hash, anchor: anchor(true) }, 'VERIFIED'],
    ['matching, proof to the root, root not found on chain', { storedHash: hash, recomputedHash: hash, anchor: anchor(false) }, 'FAILED'],
    ['matching, but the proof leads elsewhere', { storedHash: hash, recomputedHash: hash, anchor: anchor(true, [hash]) }, 'TAMPERED'],
    ['changed data and stored hash rewritten to match', { storedHash: other, recomputedHash: other, anchor: anchor(true) }, 'TAMPERED'],
  ] as const)('%s: %s', (_name, evidence, verdict) => {
    expect(judgeEvent(evidence).verdict).toBe(verdict);
  });

  it.each([
    [['VERIFIED', 'VERIFIED'], 'VERIFIED'],
    [['VERIFIED', 'PENDING'], 'PENDING'],
    [['PENDING', 'FAILED'], 'FAILED'],
    [['FAILED', 'TAMPERED', 'VERIFIED'], 'TAMPERED'],
    [[], 'PENDING'],
  ] as const)('judges a history %j as %s', (verdicts, expected) => {
    expect(overallVerdict(verdicts)).toBe(expected);
  });
});

describe('anchoring rules', () => {
  it.each([
    [{ pendingEvents: 0, ownBatchFailing: false, unbatchedEvents: 0, outboxFailing: true }, 'ANCHORED'],
    [{ pendingEvents: 2, ownBatchFailing: false, unbatchedEvents: 2, outboxFailing: false }, 'PENDING'],
    [{ pendingEvents: 2, ownBatchFailing: true, unbatchedEvents: 0, outboxFailing: false }, 'FAILED'],
    [{ pendingEvents: 1, ownBatchFailing: false, unbatchedEvents: 1, outboxFailing: true }, 'FAILED'],
    [{ pendingEvents: 1, ownBatchFailing: false, unbatchedEvents: 0, outboxFailing: true }, 'PENDING'],
  ] as const)('anchoring of %j is %s', (s, expected) => expect(anchoringState(s)).toBe(expected));

  it.each([[1, 5000], [2, 10_000], [3, 20_000], [10, 60_000], [100, 60_000]])('waits %i attempt(s) → %i ms (base 5 s, cap 60 s)', (attempts, ms) => {
    expect(anchorRetryDelayMs(attempts, 5000, 60_000)).toBe(ms);
  });

  it.each([[10, 10, 1, true], [10, 11, 3, false], [10, 12, 3, true], [10, 9, 1, false]])('a tx in block %i at head %i has %i confirmations: %s', (block, head, required, expected) => {
    expect(isConfirmed(block, head, required)).toBe(expected);
  });
});

describe('unit codes', () => {
  it('makes U- and 10 unambiguous characters from random bytes', () => {
    const code = unitCodeFrom(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 255]));
    expect(code).toMatch(/^U-[2-9A-HJKMNP-Z]{10}$/);
    expect(() => unitCodeFrom(new Uint8Array(9))).toThrow();
  });

  it.each([
    ['U-23456789AB', 'U-23456789AB'],
    [' u-23456789ab ', 'U-23456789AB'],
    ['u23456789ab', 'U-23456789AB'],
    ['U-2345-6789AB', 'U-23456789AB'],
    ['U-0123456789', null],
    ['U-23456789A', null],
  ])('reads %j as %j', (text, expected) => expect(normaliseUnitCode(text)).toBe(expected));
});
