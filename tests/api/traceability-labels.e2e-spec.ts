import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { GqlClient } from '../helpers/client';
import { testChain } from '../helpers/test-chain';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { insertOrderInState } from './factories/logistics';

// The outbox runs only when retryAnchoring asks (no timer within the test), so "before confirmation" is a state
// the test holds, not a race.
const REGISTER = `mutation ($input: RegisterUnitInput!) { registerUnit(input: $input) { id code label { issued link pngPath svgPath } } }`;
const RETRY = `mutation { retryAnchoring { state pendingEvents } }`;
const SCAN = `mutation ($unit: String!) { recordUnitScan(unit: $unit) { scans soldAt claimedAt claimedVia scansAfterClaim scansAfterClaimElsewhere } }`;
const SELL = `mutation ($input: MarkUnitSoldInput!) { markUnitSold(input: $input) { claimCode unit { code sale { soldAt customer { id } claimedAt } } } }`;
const CLAIM = `mutation ($input: ClaimUnitInput!) { claimUnit(input: $input) { scans claimedAt claimedVia } }`;
const TRACE_UNIT = `query ($unit: String!) { traceUnit(unit: $unit) { unit { code } label { issued link } scans { scans claimedAt claimedVia } verification { events { kind status } } } }`;
const ORDER_TRACE = `query ($number: String!, $secondFactor: String!) { orderTrace(number: $number, secondFactor: $secondFactor) { token label { issued link pngPath svgPath } } }`;
const RECORD_TRACKING = `mutation ($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id } }`;

interface Scans { scans: number; soldAt: string | null; claimedAt: string | null; claimedVia: string | null; scansAfterClaim: number; scansAfterClaimElsewhere: number }

let t: TestApi;
let china: GqlClient;
let venezuela: GqlClient;
let master: GqlClient;
let buyer: TestCustomer;

beforeAll(async () => {
  t = await startTestApi(await testChain(undefined, { intervalMs: 3_600_000 }));
  [china, venezuela, master] = await Promise.all([t.asStaff('CHINA_AGENT'), t.asStaff('VENEZUELA_AGENT'), t.asStaff('MASTER')]);
  buyer = await t.newCustomer();
});
afterAll(() => t?.stop());

async function register(product: string) {
  return (await china.ok<{ registerUnit: { id: string; code: string; label: { issued: boolean; link: string; pngPath: string; svgPath: string } } }, unknown>(REGISTER, { input: { product, lot: 'L-9' } })).registerUnit;
}

async function anchor(): Promise<void> {
  expect((await master.ok<{ retryAnchoring: { state: string } }, unknown>(RETRY)).retryAnchoring.state).toBe('ANCHORED');
}

/** One open of the public page from a visitor at `ip` (the API trusts X-Forwarded-For from loopback, as from the portal). */
async function scanFrom(ip: string, unit: string): Promise<Scans> {
  const res = await fetch(`${t.api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ query: SCAN, variables: { unit } }),
  });
  const body = (await res.json()) as { data: { recordUnitScan: Scans } };
  return body.data.recordUnitScan;
}

function decodePng(bytes: ArrayBuffer): string | null {
  const png = PNG.sync.read(Buffer.from(bytes));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

test('a unit\'s QR code is refused until its registration is anchored, then its PNG decodes to the public page and its SVG is served', async () => {
  const unit = await register('Bolso QR');
  expect(unit.label).toEqual({ issued: false, link: `${t.api.url}/trace/${unit.code}`, pngPath: `/trace/qr/unit/${unit.code}.png`, svgPath: `/trace/qr/unit/${unit.code}.svg` });
  const early = await fetch(`${t.api.url}${unit.label.pngPath}`);
  expect(early.status).toBe(409);
  expect(((await early.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('NOT_YET_ANCHORED');

  await anchor();
  const png = await fetch(`${t.api.url}${unit.label.pngPath}`);
  expect(png.status).toBe(200);
  expect(png.headers.get('content-type')).toBe('image/png');
  expect(decodePng(await png.arrayBuffer())).toBe(`${t.api.url}/trace/${unit.code}`);
  const svg = await fetch(`${t.api.url}${unit.label.svgPath}`);
  expect(svg.headers.get('content-type')).toContain('image/svg+xml');
  expect(await svg.text()).toMatch(/^<svg[^>]*viewBox/);
  const { traceUnit } = await t.anonymous().ok<{ traceUnit: { label: { issued: boolean } } }, unknown>(TRACE_UNIT, { unit: unit.code });
  expect(traceUnit.label.issued).toBe(true);
  expect((await fetch(`${t.api.url}/trace/qr/unit/U-ZZZZZZZZZZ.png`)).status).toBe(404);
});

test('an order\'s QR code opens its public trace page by its unguessable token once its history is anchored', async () => {
  const order = await insertOrderInState(t, buyer.customerId, { state: 'PURCHASED' });
  await china.ok(RECORD_TRACKING, { input: { orderId: order.orderId, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén Yiwu' } });
  const read = async () => (await t.anonymous().ok<{ orderTrace: { token: string; label: { issued: boolean; link: string; pngPath: string } } }, unknown>(ORDER_TRACE, { number: order.number, secondFactor: buyer.code })).orderTrace;
  const before = await read();
  expect(before.label).toMatchObject({ issued: false, link: `${t.api.url}/trace/order/${before.token}` });
  expect((await fetch(`${t.api.url}${before.label.pngPath}`)).status).toBe(409);
  await anchor();
  const after = await read();
  expect(after.label.issued).toBe(true);
  expect(decodePng(await (await fetch(`${t.api.url}${after.label.pngPath}`)).arrayBuffer())).toBe(`${t.api.url}/trace/order/${after.token}`);
});

test('opens of the public page count once per connection and hour: reloads add nothing, another connection adds one', async () => {
  const unit = await register('Cartera escaneada');
  expect((await scanFrom('203.0.113.10', unit.code)).scans).toBe(1);
  expect((await scanFrom('203.0.113.10', unit.code)).scans).toBe(1);
  expect((await scanFrom('203.0.113.10', unit.code.toLowerCase())).scans).toBe(1);
  expect((await scanFrom('198.51.100.7', unit.code)).scans).toBe(2);
  const rows = await t.sql<{ ip_key: string }>('SELECT ip_key FROM unit_scan WHERE unit_id = $1', [unit.id]);
  expect(rows.map((r) => r.ip_key).join()).not.toContain('203.0.113.10');
  expect(await t.anonymous().errorCode(SCAN, { unit: 'U-ZZZZZZZZZZ' })).toBe('TRACE_NOT_FOUND');
});

test('of several buyers claiming at once with the right code exactly one wins; the page then shows the claim and counts later opens from elsewhere', async () => {
  const unit = await register('Reloj reclamado');
  await scanFrom('203.0.113.20', unit.code);
  expect(await t.anonymous().errorCode(CLAIM, { input: { unit: unit.code, code: 'AAAA-BBBB' } })).toBe('UNIT_NOT_SOLD');
  const { markUnitSold } = await venezuela.ok<{ markUnitSold: { claimCode: string; unit: { sale: { soldAt: string; customer: null; claimedAt: null } } } }, unknown>(SELL, { input: { unit: unit.code, place: 'Tienda Valencia' } });
  expect(markUnitSold.claimCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  expect(markUnitSold.unit.sale).toMatchObject({ soldAt: expect.any(String), customer: null, claimedAt: null });
  expect(await venezuela.errorCode(SELL, { input: { unit: unit.code } })).toBe('UNIT_ALREADY_SOLD');

  const claimants = ['203.0.113.21', '203.0.113.22', '203.0.113.23', '203.0.113.24', '203.0.113.25'];
  const answers = await Promise.all(claimants.map((ip) => fetch(`${t.api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ query: CLAIM, variables: { input: { unit: unit.code, code: markUnitSold.claimCode.toLowerCase().replace('-', ' ') } } }),
  }).then(async (r) => (await r.json()) as { data: { claimUnit: Scans } | null; errors?: { extensions: { code: string } }[] })));
  const winners = answers.filter((a) => a.data?.claimUnit);
  expect(winners).toHaveLength(1);
  expect(answers.filter((a) => a.errors?.[0]?.extensions.code === 'UNIT_ALREADY_CLAIMED')).toHaveLength(claimants.length - 1);
  expect(winners[0]!.data!.claimUnit).toMatchObject({ claimedAt: expect.any(String), claimedVia: 'CODE' });
  const winnerIp = claimants[answers.indexOf(winners[0]!)]!;

  // The buyer's own connection later adds no "elsewhere" scan; a copy scanned on another network does.
  expect(await scanFrom(winnerIp, unit.code)).toMatchObject({ scansAfterClaim: 1, scansAfterClaimElsewhere: 0 });
  expect(await scanFrom('192.0.2.99', unit.code)).toMatchObject({ scans: 3, scansAfterClaim: 2, scansAfterClaimElsewhere: 1 });
  // Sale and claim are events of the unit's hash chain (no buyer data: the chain is public).
  await anchor();
  const { traceUnit } = await t.anonymous().ok<{ traceUnit: { verification: { events: { kind: string; status: string }[] } } }, unknown>(TRACE_UNIT, { unit: unit.code });
  expect(traceUnit.verification.events.map((e) => [e.kind, e.status])).toEqual([['REGISTERED', 'VERIFIED'], ['SOLD', 'VERIFIED'], ['CLAIMED', 'VERIFIED']]);
});

test('the customer a unit was sold to claims it signed in without the code; another customer needs the code', async () => {
  const unit = await register('Lámpara vendida');
  const other = await t.newCustomer();
  await master.ok(SELL, { input: { unit: unit.code, customerId: buyer.customerId } });
  expect(await other.errorCode(CLAIM, { input: { unit: unit.code } })).toBe('CLAIM_CODE_REQUIRED');
  expect(await t.anonymous().errorCode(CLAIM, { input: { unit: unit.code } })).toBe('CLAIM_CODE_REQUIRED');
  const { claimUnit } = await buyer.ok<{ claimUnit: Scans }, unknown>(CLAIM, { input: { unit: unit.code } });
  expect(claimUnit).toMatchObject({ claimedAt: expect.any(String), claimedVia: 'SIGNED_IN' });
  expect(await buyer.errorCode(CLAIM, { input: { unit: unit.code } })).toBe('UNIT_ALREADY_CLAIMED');
  const sale = await t.sql<{ claimed_by_id: string }>('SELECT claimed_by_id FROM unit_sale WHERE unit_id = $1', [unit.id]);
  expect(sale[0]!.claimed_by_id).toBe(buyer.customerId);
});

test('a wrong claim code is refused with CLAIM_CODE_INVALID, and after 10 wrong codes for a unit even the right one waits (TOO_MANY_ATTEMPTS)', async () => {
  const unit = await register('Silla con código');
  const { markUnitSold } = await master.ok<{ markUnitSold: { claimCode: string } }, unknown>(SELL, { input: { unit: unit.code } });
  const wrong = markUnitSold.claimCode.startsWith('2') ? '3333-3333' : '2222-2222';
  for (let i = 0; i < 10; i += 1) expect(await t.anonymous().errorCode(CLAIM, { input: { unit: unit.code, code: wrong } })).toBe('CLAIM_CODE_INVALID');
  expect(await t.anonymous().errorCode(CLAIM, { input: { unit: unit.code, code: markUnitSold.claimCode } })).toBe('TOO_MANY_ATTEMPTS');
  const [sale] = await t.sql<{ claimed_at: Date | null }>('SELECT claimed_at FROM unit_sale WHERE unit_id = $1', [unit.id]);
  expect(sale!.claimed_at).toBeNull();
});

test('only staff who sell units mark them sold; the sale\'s buyer is for staff only; the label sheet is for staff with a traceability permission', async () => {
  const unit = await register('Mesa etiquetada');
  expect(await t.anonymous().errorCode(SELL, { input: { unit: unit.code } })).toBe('UNAUTHENTICATED');
  expect(await buyer.errorCode(SELL, { input: { unit: unit.code } })).toBe('FORBIDDEN');
  expect(await china.errorCode(SELL, { input: { unit: unit.code } })).toBe('FORBIDDEN');
  expect(await t.anonymous().errorCode(`query ($unit: String!) { traceUnit(unit: $unit) { unit { sale { soldAt } } } }`, { unit: unit.code })).toBe('UNAUTHENTICATED');
  await anchor();
  const sheet = (who?: string) => fetch(`${t.api.url}/trace/labels?units=${unit.code},U-ZZZZZZZZZZ`, { headers: who ? { authorization: `Bearer ${who}` } : {} });
  expect((await sheet()).status).toBe(401);
  expect((await sheet(buyer.token)).status).toBe(403);
  const ok = await sheet(china.token);
  expect(ok.status).toBe(200);
  const html = await ok.text();
  expect(html).toContain('Mesa etiquetada');
  expect(html).toContain(unit.code);
  expect(html).toContain('<svg');
  expect(html).toContain('@media print');
});
