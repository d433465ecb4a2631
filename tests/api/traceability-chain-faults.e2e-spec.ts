import type { GqlClient } from '../helpers/client';
import { ownAnvil, rpc, testChain } from '../helpers/test-chain';
import { startTestApi, type TestApi } from '../helpers/test-api';

// This file runs its own anvil: it stops and restarts it, and rewinds and reorganises its chain.
const VERIFICATION = 'status chainError anchoring { state pendingEvents lastError nextAttemptAt } events { seq kind status hashMatches proofValid onChain anchor { txHash blockHash blockNumber } }';
const REGISTER = `mutation ($input: RegisterUnitInput!) { registerUnit(input: $input) { id code } }`;
const RECORD_UNIT = `mutation ($input: RecordUnitEventInput!) { recordUnitEvent(input: $input) { code anchoring { state pendingEvents lastError } } }`;
const TRACE_UNIT = `query ($unit: String!) { traceUnit(unit: $unit) { verification { ${VERIFICATION} } } }`;
const UNIT_UPDATED = `subscription ($unit: String!) { unitTraceUpdated(unit: $unit) { verification { ${VERIFICATION} } } }`;
const RETRY = `mutation { retryAnchoring { state pendingEvents failingBatches lastError chain { status error contractAddress } } }`;
const OVERVIEW = `query { anchoringOverview { state pendingEvents failingBatches lastError nextAttemptAt chain { status chainId block contractAddress error } } }`;
const NOTIFICATIONS = `query { myNotifications(first: 20) { edges { node { kind title body } } } }`;
const NOTIFIED = `subscription { notificationReceived { notification { kind } } }`;

interface Verification {
  status: string;
  chainError: string | null;
  anchoring: { state: string; pendingEvents: number; lastError: string | null; nextAttemptAt: string | null };
  events: { seq: number; kind: string; status: string; anchor: { txHash: string; blockHash: string; blockNumber: number } | null }[];
}

let anvil: Awaited<ReturnType<typeof ownAnvil>>;
let t: TestApi;
let china: GqlClient;
let master: GqlClient;

beforeAll(async () => {
  anvil = await ownAnvil();
  // Retries back off from 60 s: only retryAnchoring sends the failed batch again within this test.
  t = await startTestApi(await testChain(anvil.url, { retryBaseMs: 60_000, retryMaxMs: 60_000, rpcTimeoutMs: 2000 }));
  [china, master] = await Promise.all([t.asStaff('CHINA_AGENT'), t.asStaff('MASTER')]);
});
afterAll(async () => {
  await t?.stop();
  await anvil?.stop();
});

/** Subscribes, then reads: the verification satisfying `done` is read now or pushed later. */
async function until(code: string, done: (v: Verification) => boolean): Promise<Verification> {
  const sub = t.anonymous().subscribe<{ unitTraceUpdated: { verification: Verification } }, { unit: string }>(UNIT_UPDATED, { unit: code });
  await sub.ready;
  try {
    let v = (await t.anonymous().ok<{ traceUnit: { verification: Verification } }, unknown>(TRACE_UNIT, { unit: code })).traceUnit.verification;
    while (!done(v)) v = (await sub.next(20_000)).unitTraceUpdated.verification;
    return v;
  } finally {
    sub.close();
  }
}

test('with the chain stopped the event is kept, staff see the error (status and notification), and it is anchored after the chain returns and retryAnchoring', async () => {
  const { registerUnit } = await china.ok<{ registerUnit: { code: string } }, unknown>(REGISTER, { input: { product: 'Lámpara', lot: 'L-7' } });
  await until(registerUnit.code, (v) => v.status === 'VERIFIED');

  const notified = master.subscribe<{ notificationReceived: { notification: { kind: string } } }, unknown>(NOTIFIED, {});
  await notified.ready;
  await anvil.stop();
  await china.ok(RECORD_UNIT, { input: { unitId: registerUnit.code, kind: 'SHIPPED', place: 'Puerto de Shenzhen' } });
  const failed = await until(registerUnit.code, (v) => v.anchoring.state === 'FAILED');
  expect(failed.anchoring).toMatchObject({ state: 'FAILED', pendingEvents: 1, lastError: expect.any(String), nextAttemptAt: expect.any(String) });
  expect(failed.events.map((e) => [e.seq, e.kind])).toEqual([[1, 'REGISTERED'], [2, 'SHIPPED']]);
  // The chain cannot be read either: the anchored event cannot be checked now, which is not a pass.
  expect(failed.events[0]!.status).toBe('FAILED');
  expect(failed.chainError).toEqual(expect.any(String));
  expect((await notified.next(20_000)).notificationReceived.notification.kind).toBe('TRACE_ANCHORING_FAILED');
  notified.close();
  const { myNotifications } = await china.ok<{ myNotifications: { edges: { node: { kind: string; body: string } }[] } }, unknown>(NOTIFICATIONS);
  expect(myNotifications.edges.map((e) => e.node.kind)).toContain('TRACE_ANCHORING_FAILED');
  const overview = await master.ok<{ anchoringOverview: { state: string; failingBatches: number; chain: { status: string; error: string | null } } }, unknown>(OVERVIEW);
  expect(overview.anchoringOverview).toMatchObject({ state: 'FAILED', failingBatches: 1, chain: { status: 'down', error: expect.any(String) } });
  const health = (await (await fetch(`${t.api.url}/health`)).json()) as { status: string; chain: { status: string } };
  expect(health).toMatchObject({ status: 'ok', chain: { status: 'down' } });

  await anvil.restart();
  const retried = await master.ok<{ retryAnchoring: { state: string; pendingEvents: number; failingBatches: number; chain: { status: string } } }, unknown>(RETRY);
  expect(retried.retryAnchoring).toMatchObject({ state: 'ANCHORED', pendingEvents: 0, failingBatches: 0, chain: { status: 'up' } });
  // The contract and the first anchor survived the restart (anvil --state): the whole history verifies.
  const back = await until(registerUnit.code, (v) => v.status === 'VERIFIED');
  expect(back.events.map((e) => e.status)).toEqual(['VERIFIED', 'VERIFIED']);
});

test('an anchoring transaction rewound away (evm_revert) is detected and the batch anchored again', async () => {
  const { registerUnit } = await china.ok<{ registerUnit: { code: string } }, unknown>(REGISTER, { input: { product: 'Silla' } });
  await until(registerUnit.code, (v) => v.status === 'VERIFIED');
  const snapshot = await rpc<string>(anvil.url, 'evm_snapshot');
  await china.ok(RECORD_UNIT, { input: { unitId: registerUnit.code, kind: 'PACKED' } });
  const first = await until(registerUnit.code, (v) => v.status === 'VERIFIED' && v.events.length === 2);
  const lost = first.events[1]!.anchor!;
  await rpc(anvil.url, 'evm_revert', [snapshot]);
  await rpc(anvil.url, 'anvil_mine', ['0x3']);
  const again = await until(registerUnit.code, (v) => v.status === 'VERIFIED' && v.events[1]!.anchor!.blockHash !== lost.blockHash);
  expect(again.events.map((e) => e.status)).toEqual(['VERIFIED', 'VERIFIED']);
  const [receipt] = await Promise.all([rpc<unknown>(anvil.url, 'eth_getTransactionReceipt', [again.events[1]!.anchor!.txHash])]);
  expect(receipt).not.toBeNull();
});

test('an anchoring block replaced by a reorganisation (anvil_reorg) is detected and the batch anchored again', async () => {
  const { registerUnit } = await china.ok<{ registerUnit: { code: string } }, unknown>(REGISTER, { input: { product: 'Mesa' } });
  const first = await until(registerUnit.code, (v) => v.status === 'VERIFIED');
  const replaced = first.events[0]!.anchor!;
  const head = Number(await rpc<string>(anvil.url, 'eth_blockNumber'));
  await rpc(anvil.url, 'anvil_reorg', [head - replaced.blockNumber + 1, []]);
  const again = await until(registerUnit.code, (v) => v.status === 'VERIFIED' && v.events[0]!.anchor!.blockHash !== replaced.blockHash);
  expect(again.events[0]!.status).toBe('VERIFIED');
});
