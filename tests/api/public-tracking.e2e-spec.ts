import type { GqlClient, GqlResponse } from '../helpers/client';
import { TINY_PNG } from '../helpers/images';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { insertOrderInState } from './factories/logistics';

const PUBLIC_TRACKING = `query PublicTracking($number: String!, $secondFactor: String!) {
  publicTracking(number: $number, secondFactor: $secondFactor) {
    orderNumber phase estimatedDeliveryAt events { phase place occurredAt photos { url } } packages { number boxNumber }
  }
}`;
const RECORD = `mutation ($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id } }`;
const REGISTER_PACKAGE = `mutation ($input: RegisterPackageInput!) { registerPackage(input: $input) { id number } }`;
const CREATE_BOX = `mutation ($input: CreateBoxInput!) { createBox(input: $input) { id number } }`;

interface Tracking {
  orderNumber: string;
  phase: string;
  estimatedDeliveryAt: string | null;
  events: { phase: string; place: string; occurredAt: string; photos: { url: string }[] }[];
  packages: { number: string; boxNumber: string | null }[];
}

let t: TestApi;
let china: GqlClient;
let ana: TestCustomer;
let luis: TestCustomer;
const fixture = { anaOrder: '', luisOrder: '', anaPackage: '', box: '', eta: '' };

beforeAll(async () => {
  // Per-IP limits on, and X-Forwarded-For from the test (a loopback proxy) names the visitor's IP.
  t = await startTestApi({ throttleExemptIps: [], trustProxy: 'loopback' });
  china = await t.asStaff('CHINA_AGENT');
  ana = await t.newCustomer({ fullName: 'Ana Rivas' });
  luis = await t.newCustomer({ fullName: 'Luis Pérez' });
  const anaOrder = await insertOrderInState(t, ana.customerId, { state: 'PURCHASED' });
  const luisOrder = await insertOrderInState(t, luis.customerId, { state: 'PURCHASED' });
  fixture.anaOrder = anaOrder.number;
  fixture.luisOrder = luisOrder.number;
  const [option] = await t.sql<{ at: Date }>('SELECT estimated_delivery_at AS at FROM quote_option WHERE id = $1', [anaOrder.optionId]);
  fixture.eta = option!.at.toISOString();
  const upload = await fetch(`${t.api.url}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${china.token}`, 'content-type': 'image/png' }, body: TINY_PNG });
  const photo = ((await upload.json()) as { id: string }).id;
  await china.ok(RECORD, { input: { orderId: anaOrder.orderId, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén Guangzhou', note: 'Caja abollada, revisar', occurredAt: '2026-01-10T08:00:00.000Z', photoUploadIds: [photo] } });
  await china.ok(RECORD, { input: { orderId: luisOrder.orderId, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén Yiwu', occurredAt: '2026-01-10T09:00:00.000Z' } });
  const anaPackage = await china.ok<{ registerPackage: { id: string; number: string } }, unknown>(REGISTER_PACKAGE, { input: { orderId: anaOrder.orderId, weightKg: '2.5', lengthCm: 40, widthCm: 30, heightCm: 20 } });
  const luisPackage = await china.ok<{ registerPackage: { id: string; number: string } }, unknown>(REGISTER_PACKAGE, { input: { orderId: luisOrder.orderId, weightKg: '1', lengthCm: 10, widthCm: 10, heightCm: 10 } });
  fixture.anaPackage = anaPackage.registerPackage.number;
  const box = await china.ok<{ createBox: { id: string; number: string } }, unknown>(CREATE_BOX, { input: { packageIds: [anaPackage.registerPackage.id, luisPackage.registerPackage.id] } });
  fixture.box = box.createBox.number;
  await china.ok(RECORD, { input: { boxId: box.createBox.id, phase: 'DEPARTED_CHINA', place: 'Aeropuerto de Cantón', occurredAt: '2026-01-12T16:30:00.000Z' } });
}, 60_000);
afterAll(async () => {
  await t.stop();
});

let lastIp = 0;
/** A visitor at their own IP address (each test its own, so per-IP counts do not mix). */
function visitor(ip = `198.51.100.${++lastIp}`) {
  return {
    async track(number: string, secondFactor: string): Promise<GqlResponse<{ publicTracking: Tracking[] }>> {
      const response = await fetch(t.api.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: JSON.stringify({ query: PUBLIC_TRACKING, variables: { number, secondFactor } }),
      });
      return (await response.json()) as GqlResponse<{ publicTracking: Tracking[] }>;
    },
  };
}

const lastFour = (c: TestCustomer) => c.phone.slice(-4);
const wrongFour = (c: TestCustomer) => String((Number(lastFour(c)) + 1) % 10_000).padStart(4, '0');

describe('public order tracking', () => {
  it('answers a purchase-order number with the phone\'s last 4 digits: phase, ETA, milestones with place, UTC time and photos, package and box numbers', async () => {
    const answer = await visitor().track(fixture.anaOrder, lastFour(ana));
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.publicTracking).toEqual([{
      orderNumber: fixture.anaOrder,
      phase: 'DEPARTED_CHINA',
      estimatedDeliveryAt: fixture.eta,
      events: [
        { phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén Guangzhou', occurredAt: '2026-01-10T08:00:00.000Z', photos: [{ url: expect.stringMatching(/^\/uploads\/[0-9a-f-]{36}\?expires=\d+&signature=[\w-]+$/) }] },
        { phase: 'DEPARTED_CHINA', place: 'Aeropuerto de Cantón', occurredAt: '2026-01-12T16:30:00.000Z', photos: [] },
      ],
      packages: [{ number: fixture.anaPackage, boxNumber: fixture.box }],
    }]);
  });

  it('tells nothing private: no name, phone, customer code, note or amount anywhere in the answer', async () => {
    const text = JSON.stringify((await visitor().track(fixture.anaOrder, ana.code)).data);
    for (const secret of ['Ana Rivas', ana.phone, ana.code, 'Caja abollada', 'Li Wei', 'Minor', 'customer', 'actor', 'note']) expect(text).not.toContain(secret);
  });

  it.each([
    ['the customer code in lower case', () => ana.code.toLowerCase()],
    ['the last 4 digits written with a dash', () => `${lastFour(ana).slice(0, 2)}-${lastFour(ana).slice(2)}`],
  ])('takes %s as the second factor, and the number in any case', async (_, factor) => {
    const answer = await visitor().track(` ${fixture.anaOrder.toLowerCase()} `, factor());
    expect(answer.data?.publicTracking.map((o) => o.orderNumber)).toEqual([fixture.anaOrder]);
  });

  it('finds the order by its package number and by its box number, showing of a shared box only the orders of the customer the factor proves', async () => {
    expect((await visitor().track(fixture.anaPackage, lastFour(ana))).data?.publicTracking.map((o) => o.orderNumber)).toEqual([fixture.anaOrder]);
    expect((await visitor().track(fixture.box, lastFour(ana))).data?.publicTracking.map((o) => o.orderNumber)).toEqual([fixture.anaOrder]);
    expect((await visitor().track(fixture.box, luis.code)).data?.publicTracking.map((o) => o.orderNumber)).toEqual([fixture.luisOrder]);
    // Luis's factor does not open Ana's package.
    expect((await visitor().track(fixture.anaPackage, lastFour(luis))).errors?.[0]?.extensions?.code).toBe('TRACKING_NOT_FOUND');
  });

  it('answers a wrong second factor, an unknown number and a malformed number with the very same refusal', async () => {
    // Identical but for the request id every answer carries (X-Request-Id, for support).
    const sameBut = (answer: Awaited<ReturnType<ReturnType<typeof visitor>['track']>>) =>
      JSON.parse(JSON.stringify(answer), (key, value: unknown) => (key === 'requestId' ? undefined : value)) as unknown;
    const wrongFactor = sameBut(await visitor().track(fixture.anaOrder, wrongFour(ana)));
    const unknownNumber = sameBut(await visitor().track('PO-2026-999999', lastFour(ana)));
    const malformed = sameBut(await visitor().track('hola', lastFour(ana)));
    expect(wrongFactor).toEqual({ data: null, errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'TRACKING_NOT_FOUND' }) })] });
    expect(unknownNumber).toEqual(wrongFactor);
    expect(malformed).toEqual(wrongFactor);
  });

  it('blocks a number for everyone after 10 wrong factors an hour, even with the right one, and says when to retry; other numbers still answer', async () => {
    for (let i = 0; i < 10; i++) expect((await visitor().track(fixture.luisOrder, String(1000 + i))).errors?.[0]?.extensions?.code).toMatch(/TRACKING_NOT_FOUND/);
    const blocked = await visitor().track(fixture.luisOrder, luis.code);
    expect(blocked.data).toBeNull();
    expect(blocked.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 3600 }));
    expect((await visitor().track(fixture.anaOrder, ana.code)).data?.publicTracking).toHaveLength(1);
  });

  it('counts only wrong lookups: right answers leave no counter in PostgreSQL, and after 9 wrong factors the right one is still answered', async () => {
    const counters = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM rate_limit WHERE key LIKE 'tracking_%'`))[0]!.n;
    const before = await counters();
    const reader = visitor();
    for (let i = 0; i < 3; i++) expect((await reader.track(fixture.anaPackage, ana.code)).data?.publicTracking).toHaveLength(1);
    expect(await counters()).toBe(before);
    // The box number: no other test guesses it wrong (the package was, once, above).
    for (let i = 0; i < 9; i++) expect((await visitor().track(fixture.box, String(3000 + i))).errors?.[0]?.extensions?.code).toBe('TRACKING_NOT_FOUND');
    expect((await visitor().track(fixture.box, lastFour(ana))).data?.publicTracking).toHaveLength(1);
  });

  it('blocks an unknown number after 10 guesses exactly like a real one, so the block tells nothing either', async () => {
    for (let i = 0; i < 10; i++) await visitor().track('PO-2026-888888', String(2000 + i));
    expect((await visitor().track('PO-2026-888888', '1234')).errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 3600 }));
  });

  it('blocks an IP after 30 wrong lookups an hour over any numbers, for 15 minutes', async () => {
    const guesser = visitor();
    for (let i = 0; i < 30; i++) expect((await guesser.track(`PO-2026-7${String(i).padStart(5, '0')}`, '0000')).errors?.[0]?.extensions?.code).toBe('TRACKING_NOT_FOUND');
    expect((await guesser.track(fixture.anaOrder, ana.code)).errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 900 }));
  });

  it('serves a milestone photo without an account through its signed link, and refuses the link once altered', async () => {
    const answer = await visitor().track(fixture.anaOrder, ana.code);
    const url = answer.data!.publicTracking[0]!.events[0]!.photos[0]!.url;
    const photo = await fetch(`${t.api.url}${url}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect((await fetch(`${t.api.url}${url.replace(/signature=(.)/, (_, c: string) => `signature=${c === 'A' ? 'B' : 'A'}`)}`)).status).toBe(401);
    expect((await fetch(`${t.api.url}${url.replace(/expires=\d+/, (e) => `${e}0`)}`)).status).toBe(401);
    expect((await fetch(`${t.api.url}${url.split('?')[0]}`)).status).toBe(401);
  });
});
