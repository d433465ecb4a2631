import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { GqlClient } from '../helpers/client';
import { sharedChainUrl, testChain } from '../helpers/test-chain';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { insertOrderInState } from './factories/logistics';
import { orderThroughQuote } from './factories/orders';

const EVENT_FIELDS = 'seq kind occurredAt place note actor details hash recomputedHash status hashMatches proofValid onChain anchor { root txHash blockNumber blockHash chainId contractAddress proof }';
const VERIFICATION = `status chainId chainError bundlePath anchoring { state pendingEvents lastError } events { ${EVENT_FIELDS} }`;
const REGISTER = `mutation ($input: RegisterUnitInput!) { registerUnit(input: $input) { id code product sku lot producer anchoring { state pendingEvents } } }`;
const RECORD_UNIT = `mutation ($input: RecordUnitEventInput!) { recordUnitEvent(input: $input) { id code anchoring { state pendingEvents } } }`;
const TRACE_UNIT = `query ($unit: String!) { traceUnit(unit: $unit) { unit { id code product } verification { ${VERIFICATION} } } }`;
const UNIT_UPDATED = `subscription ($unit: String!) { unitTraceUpdated(unit: $unit) { unit { id code product } verification { ${VERIFICATION} } } }`;
const ORDER_TRACE_BY_NUMBER = `query ($number: String!, $secondFactor: String!) { orderTrace(number: $number, secondFactor: $secondFactor) { orderNumber token verification { ${VERIFICATION} } } }`;
const ORDER_TRACE_BY_TOKEN = `query ($token: String!) { orderTrace(token: $token) { orderNumber token verification { ${VERIFICATION} } } }`;
const ORDER_UPDATED = `subscription ($token: String!) { orderTraceUpdated(token: $token) { orderNumber verification { ${VERIFICATION} } } }`;
const RECORD_TRACKING = `mutation ($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id } }`;
const UNITS = `query ($search: String) { traceUnits(search: $search, first: 10) { totalCount edges { node { code product anchoring { state } } } } }`;
const RETRY = `mutation { retryAnchoring { state pendingEvents failingBatches chain { status chainId contractAddress } } }`;

interface Verification {
  status: string;
  chainId: number | null;
  chainError: string | null;
  bundlePath: string;
  anchoring: { state: string; pendingEvents: number; lastError: string | null };
  events: { seq: number; kind: string; place: string | null; actor: string | null; details: Record<string, unknown>; hash: string; recomputedHash: string; status: string; hashMatches: boolean; proofValid: boolean | null; onChain: boolean | null; anchor: { txHash: string; root: string; proof: string[]; blockHash: string } | null }[];
}
interface UnitTrace { unit: { id: string; code: string; product: string }; verification: Verification }

let t: TestApi;
let china: GqlClient;
let venezuela: GqlClient;
let master: GqlClient;
let customer: TestCustomer;

beforeAll(async () => {
  t = await startTestApi(await testChain());
  [china, venezuela, master] = await Promise.all([t.asStaff('CHINA_AGENT'), t.asStaff('VENEZUELA_AGENT'), t.asStaff('MASTER')]);
  customer = await t.newCustomer();
});
afterAll(() => t?.stop());

/**
 * Subscribes first, then reads: whatever the outbox did meanwhile, the verification that satisfies `done` is
 * either read now or pushed by the subscription later.
 */
async function untilUnit(code: string, done: (v: Verification) => boolean): Promise<UnitTrace> {
  const sub = t.anonymous().subscribe<{ unitTraceUpdated: UnitTrace }, { unit: string }>(UNIT_UPDATED, { unit: code });
  await sub.ready;
  try {
    const now = await t.anonymous().ok<{ traceUnit: UnitTrace }, unknown>(TRACE_UNIT, { unit: code });
    if (done(now.traceUnit.verification)) return now.traceUnit;
    for (;;) {
      const { unitTraceUpdated } = await sub.next(20_000);
      if (done(unitTraceUpdated.verification)) return unitTraceUpdated;
    }
  } finally {
    sub.close();
  }
}

async function registerWithEvents(product: string): Promise<string> {
  const { registerUnit } = await china.ok<{ registerUnit: { code: string; anchoring: { state: string } } }, unknown>(REGISTER, {
    input: { product, sku: 'BOL-CUERO-01', lot: 'L-2026-11', producer: 'Taller Guangzhou', description: 'Bolso de cuero', place: 'Guangzhou', finishedAt: '2026-11-01T08:00:00.000Z' },
  });
  await china.ok(RECORD_UNIT, { input: { unitId: registerUnit.code, kind: 'QUALITY_CHECKED', place: 'Guangzhou', note: 'Costuras revisadas', occurredAt: '2026-11-02T09:30:00.000Z' } });
  await venezuela.ok(RECORD_UNIT, { input: { unitId: registerUnit.code, kind: 'ARRIVED', place: 'Almacén Valencia', occurredAt: '2026-11-20T15:00:00.000Z' } });
  return registerUnit.code;
}

test('a registered unit and its events are anchored in one batch and verify against the chain, pushed live to an anonymous subscriber', async () => {
  const code = await registerWithEvents('Bolso Morna');
  expect(code).toMatch(/^U-[2-9A-HJKMNP-Z]{10}$/);
  const trace = await untilUnit(code, (v) => v.status === 'VERIFIED');
  const v = trace.verification;
  expect(v.anchoring).toEqual({ state: 'ANCHORED', pendingEvents: 0, lastError: null });
  expect(v.events.map((e) => [e.seq, e.kind, e.place, e.status])).toEqual([
    [1, 'REGISTERED', 'Guangzhou', 'VERIFIED'],
    [2, 'QUALITY_CHECKED', 'Guangzhou', 'VERIFIED'],
    [3, 'ARRIVED', 'Almacén Valencia', 'VERIFIED'],
  ]);
  expect(v.events[0]!.details).toMatchObject({ code, product: 'Bolso Morna', sku: 'BOL-CUERO-01', lot: 'L-2026-11', producer: 'Taller Guangzhou' });
  for (const e of v.events) expect(e).toMatchObject({ hashMatches: true, proofValid: true, onChain: true, recomputedHash: e.hash });
  const [chainId] = await Promise.all([fetch(sharedChainUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' }).then(async (r) => Number(((await r.json()) as { result: string }).result))]);
  expect(v.chainId).toBe(chainId);
});

test('the proof bundle verifies with the independent script against the node, and a tampered bundle fails it', async () => {
  const code = await registerWithEvents('Cartera Morna');
  const trace = await untilUnit(code, (v) => v.status === 'VERIFIED');
  const res = await fetch(`${t.api.url}${trace.verification.bundlePath}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toContain(`morna-trace-${code}.json`);
  const bundle = (await res.json()) as { format: string; events: { data: { place: string | null } }[] };
  expect(bundle.format).toBe('morna-trace-bundle/1');
  const dir = mkdtempSync(join(tmpdir(), 'morna-bundle-'));
  writeFileSync(join(dir, 'good.json'), JSON.stringify(bundle));
  const run = promisify(execFile);
  const good = await run('node', ['examples/verify-bundle.mjs', join(dir, 'good.json'), sharedChainUrl()]);
  expect(good.stdout).toContain('bundle: VERIFIED');
  bundle.events[1]!.data.place = 'Shenzhen';
  writeFileSync(join(dir, 'bad.json'), JSON.stringify(bundle));
  const bad = await run('node', ['examples/verify-bundle.mjs', join(dir, 'bad.json'), sharedChainUrl()]).then(() => null, (err: { code: number; stdout: string }) => err);
  expect(bad?.code).toBe(1);
  expect(bad?.stdout).toContain('#2 FAILED: hash does not match the data');
});

test('editing an event row in the database makes verification report that event and every later one as TAMPERED', async () => {
  const code = await registerWithEvents('Billetera Morna');
  const trace = await untilUnit(code, (v) => v.status === 'VERIFIED');
  await t.sql(
    `UPDATE trace_event SET data = jsonb_set(data, '{place}', '"Shenzhen"')
      WHERE seq = 2 AND chain_id = (SELECT id FROM trace_chain WHERE subject_type = 'UNIT' AND subject_id = $1)`,
    [trace.unit.id],
  );
  const { traceUnit } = await t.anonymous().ok<{ traceUnit: UnitTrace }, unknown>(TRACE_UNIT, { unit: code.toLowerCase().replace('-', '') });
  expect(traceUnit.verification.status).toBe('TAMPERED');
  expect(traceUnit.verification.events.map((e) => [e.seq, e.status, e.hashMatches])).toEqual([
    [1, 'VERIFIED', true],
    [2, 'TAMPERED', false],
    [3, 'TAMPERED', false],
  ]);
  expect(traceUnit.verification.events[1]!.place).toBe('Shenzhen');
});

test('an order\'s history (creation and tracking milestones) is chained in the same transactions and verifies by number and by token', async () => {
  const order = await orderThroughQuote(t, customer);
  const byNumber = await t.anonymous().ok<{ orderTrace: { token: string; orderNumber: string; verification: Verification } }, unknown>(ORDER_TRACE_BY_NUMBER, { number: order.number, secondFactor: customer.code });
  expect(byNumber.orderTrace.orderNumber).toBe(order.number);
  expect(byNumber.orderTrace.verification.events.map((e) => [e.kind, e.details.fromState ?? null])).toEqual([['PENDING_PAYMENT', null]]);
  expect(await t.anonymous().errorCode(ORDER_TRACE_BY_NUMBER, { number: order.number, secondFactor: 'MC-WRONG1' })).toBe('TRACE_NOT_FOUND');

  // A tracking milestone moves the order and appends to its chain with the place where it happened.
  const shipped = await insertOrderInState(t, customer.customerId, { state: 'PURCHASED' });
  const sub = t.anonymous();
  await china.ok(RECORD_TRACKING, { input: { orderId: shipped.orderId, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén Yiwu', occurredAt: '2026-11-10T09:00:00.000Z' } });
  const { orderTrace } = await sub.ok<{ orderTrace: { token: string; verification: Verification } }, unknown>(ORDER_TRACE_BY_NUMBER, { number: shipped.number, secondFactor: customer.code });
  const live = sub.subscribe<{ orderTraceUpdated: { verification: Verification } }, { token: string }>(ORDER_UPDATED, { token: orderTrace.token });
  await live.ready;
  let verification = (await sub.ok<{ orderTrace: { verification: Verification } }, unknown>(ORDER_TRACE_BY_TOKEN, { token: orderTrace.token })).orderTrace.verification;
  while (verification.status !== 'VERIFIED') verification = (await live.next(20_000)).orderTraceUpdated.verification;
  live.close();
  expect(verification.events.map((e) => [e.kind, e.place, e.details.fromState, e.status])).toEqual([['AT_CHINA_WAREHOUSE', 'Almacén Yiwu', 'PURCHASED', 'VERIFIED']]);
  // One history row, one trace event: both written by the same transaction.
  const rows = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM order_event WHERE order_id = $1 AND to_state = 'AT_CHINA_WAREHOUSE'`, [shipped.orderId]);
  expect(Number(rows[0]!.n)).toBe(1);
  const created = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM order_event WHERE order_id = $1`, [order.orderId]);
  expect(Number(created[0]!.n)).toBe(byNumber.orderTrace.verification.events.length);
});

test('only staff with the traceability permissions register units, record their events and run the outbox', async () => {
  const input = { product: 'Reloj' };
  expect(await t.anonymous().errorCode(REGISTER, { input })).toBe('UNAUTHENTICATED');
  expect(await customer.errorCode(REGISTER, { input })).toBe('FORBIDDEN');
  expect(await venezuela.errorCode(REGISTER, { input })).toBe('FORBIDDEN');
  const { registerUnit } = await master.ok<{ registerUnit: { code: string } }, unknown>(REGISTER, { input });
  expect(await customer.errorCode(RECORD_UNIT, { input: { unitId: registerUnit.code, kind: 'SOLD' } })).toBe('FORBIDDEN');
  expect(await venezuela.errorCode(RECORD_UNIT, { input: { unitId: 'U-2222222222', kind: 'SOLD' } })).toBe('NOT_FOUND');
  expect(await china.errorCode(RECORD_UNIT, { input: { unitId: registerUnit.code, kind: 'SOLD', occurredAt: '2099-01-01T00:00:00.000Z' } })).toBe('BAD_USER_INPUT');
  expect(await customer.errorCode(RETRY)).toBe('FORBIDDEN');
  expect(await venezuela.errorCode(RETRY)).toBe('FORBIDDEN');
  expect(await customer.errorCode(UNITS, {})).toBe('FORBIDDEN');
  const retried = await master.ok<{ retryAnchoring: { chain: { status: string; contractAddress: string | null } } }, unknown>(RETRY);
  expect(retried.retryAnchoring.chain).toMatchObject({ status: 'up', contractAddress: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/) });
  const listed = await china.ok<{ traceUnits: { edges: { node: { code: string; product: string } }[] } }, unknown>(UNITS, { search: 'reloj' });
  expect(listed.traceUnits.edges.map((e) => e.node.code)).toContain(registerUnit.code);
  expect(await t.anonymous().errorCode(TRACE_UNIT, { unit: 'U-ZZZZZZZZZZ' })).toBe('TRACE_NOT_FOUND');
});

test('/health reports the chain with its id and block', async () => {
  const health = (await (await fetch(`${t.api.url}/health`)).json()) as { status: string; chain: { status: string; chainId: number; block: number } };
  expect(health).toMatchObject({ status: 'ok', chain: { status: 'up', chainId: expect.any(Number), block: expect.any(Number) } });
});
