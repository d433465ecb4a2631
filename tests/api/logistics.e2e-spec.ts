import { graphql } from '../graphql/generated';
import type { OrderState, RecordTrackingEventInput } from '../graphql/generated/graphql';
import { TINY_PNG } from '../helpers/images';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import type { GqlClient } from '../helpers/client';
import { allPages, type Page } from '../helpers/pages';
import { insertOrderInState } from './factories/logistics';
import type { FactoryOrder } from './factories/orders';

const RegisterPackage = graphql(`
  mutation RegisterPackage($input: RegisterPackageInput!) {
    registerPackage(input: $input) { id number weightKg lengthCm repacked box { number } order { id } }
  }
`);
const CreateBox = graphql(`
  mutation CreateBox($input: CreateBoxInput!) {
    createBox(input: $input) { id number weightKg packages { number } orders { id state } }
  }
`);
const AddPackagesToBox = graphql(`
  mutation AddPackagesToBox($boxId: ID!, $packageIds: [ID!]!) {
    addPackagesToBox(boxId: $boxId, packageIds: $packageIds) { id packages { id } }
  }
`);
const BoxById = graphql(`
  query BoxById($id: ID!) {
    box(id: $id) { number packages { number box { number } } orders { id } }
  }
`);
const Boxes = graphql(`
  query Boxes { boxes(first: 50) { totalCount edges { node { number packages { number } orders { id } } } } }
`);
const RecordTracking = graphql(`
  mutation RecordTrackingEvent($input: RecordTrackingEventInput!) {
    recordTrackingEvent(input: $input) { id phase place note actorName occurredAt photos { id } order { id state } box { number } }
  }
`);
const MyNotifications = graphql(`
  query LogisticsNotifications { myNotifications(first: 50) { edges { node { kind title body data } } } }
`);
const MySurveys = graphql(`
  query LogisticsSurveys { mySurveys { totalCount edges { node { id submittedAt order { id } } } } }
`);

let t: TestApi;
let china: GqlClient;
let venezuela: GqlClient;
let ana: TestCustomer;
let ben: TestCustomer;
beforeAll(async () => {
  t = await startTestApi();
  china = await t.asStaff('CHINA_AGENT');
  venezuela = await t.asStaff('VENEZUELA_AGENT');
  ana = await t.newCustomer();
  ben = await t.newCustomer();
});
afterAll(async () => {
  await t.stop();
});

const track = (client: GqlClient, input: Omit<RecordTrackingEventInput, 'place'> & { place?: string }) =>
  client.request(RecordTracking, { input: { place: 'Almacén Guangzhou', ...input } });

async function orderState(orderId: string): Promise<string> {
  const [row] = await t.sql<{ state: string }>('SELECT state FROM purchase_order WHERE id = $1', [orderId]);
  return row!.state;
}

async function registerPackageFor(orderId: string): Promise<{ id: string; number: string }> {
  const data = await china.ok(RegisterPackage, { input: { orderId, weightKg: '1.250', lengthCm: 30, widthCm: 20, heightCm: 10, repacked: true } });
  return data.registerPackage;
}

describe('tracking phases', () => {
  it('moves a courier order through every phase in order, each event with place, actor and note', async () => {
    const order = await insertOrderInState(t, ana.customerId, { state: 'PURCHASED', nationalDelivery: 'COURIER' });
    const steps: [GqlClient, OrderState, string][] = [
      [china, 'AT_CHINA_WAREHOUSE', 'Almacén Guangzhou'],
      [china, 'DEPARTED_CHINA', 'Aeropuerto Baiyun'],
      [venezuela, 'IN_CUSTOMS', 'Aduana Maiquetía'],
      [venezuela, 'AT_LOCAL_WAREHOUSE', 'Almacén Caracas'],
      [venezuela, 'OUT_FOR_DELIVERY', 'Courier Zoom'],
      [venezuela, 'DELIVERED', 'Chacao, Caracas'],
    ];
    for (const [client, phase, place] of steps) {
      const res = await track(client, { orderId: order.orderId, phase, place, note: `Fase ${phase}` });
      expect(res.errors).toBeUndefined();
      const [event] = res.data!.recordTrackingEvent;
      expect(event).toMatchObject({ phase, place, note: `Fase ${phase}`, order: { id: order.orderId, state: phase }, box: null, photos: [] });
      expect(event!.actorName).toBe(client === china ? 'Li Wei (China)' : 'Carlos Pérez (Venezuela)');
    }
    const events = await t.sql<{ phase: string }>('SELECT phase FROM tracking_event WHERE order_id = $1 ORDER BY recorded_at', [order.orderId]);
    expect(events.map((e) => e.phase)).toEqual(steps.map((s) => s[1]));
    const history = await t.sql<{ to_state: string }>('SELECT to_state FROM order_event WHERE order_id = $1 AND from_state IS NOT NULL ORDER BY at', [order.orderId]);
    expect(history.map((h) => h.to_state)).toEqual(steps.map((s) => s[1]));
  });

  it('moves an office-pickup order through READY_FOR_PICKUP to DELIVERED', async () => {
    const order = await insertOrderInState(t, ana.customerId, { state: 'PURCHASED', nationalDelivery: 'OFFICE_PICKUP' });
    for (const phase of ['AT_CHINA_WAREHOUSE', 'DEPARTED_CHINA', 'IN_CUSTOMS', 'AT_LOCAL_WAREHOUSE', 'READY_FOR_PICKUP', 'DELIVERED'] as OrderState[]) {
      const res = await track(venezuela, { orderId: order.orderId, phase, place: 'Oficina Valencia' });
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordTrackingEvent[0]!.order.state).toBe(phase);
    }
  });

  it('refuses skipping a phase with INVALID_TRANSITION and leaves the order as it was', async () => {
    const order = await insertOrderInState(t, ana.customerId, { state: 'PURCHASED' });
    expect(await china.errorCode(RecordTracking, { input: { orderId: order.orderId, phase: 'DEPARTED_CHINA', place: 'Aeropuerto Baiyun' } })).toBe('INVALID_TRANSITION');
    expect(await china.errorCode(RecordTracking, { input: { orderId: order.orderId, phase: 'PURCHASED', place: 'Proveedor' } })).toBe('INVALID_TRANSITION');
    expect(await orderState(order.orderId)).toBe('PURCHASED');
    expect(await t.sql('SELECT 1 FROM tracking_event WHERE order_id = $1', [order.orderId])).toHaveLength(0);
  });

  it('refuses tracking an order that is not paid for yet', async () => {
    const order = await insertOrderInState(t, ana.customerId, { state: 'PAID' });
    expect(await china.errorCode(RecordTracking, { input: { orderId: order.orderId, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén' } })).toBe('INVALID_TRANSITION');
  });

  it('refuses OUT_FOR_DELIVERY on an office-pickup order and READY_FOR_PICKUP on a courier order (WRONG_DELIVERY_MODE)', async () => {
    const pickup = await insertOrderInState(t, ana.customerId, { state: 'AT_LOCAL_WAREHOUSE', nationalDelivery: 'OFFICE_PICKUP' });
    const courier = await insertOrderInState(t, ana.customerId, { state: 'AT_LOCAL_WAREHOUSE', nationalDelivery: 'COURIER' });
    expect(await venezuela.errorCode(RecordTracking, { input: { orderId: pickup.orderId, phase: 'OUT_FOR_DELIVERY', place: 'Courier' } })).toBe('WRONG_DELIVERY_MODE');
    expect(await venezuela.errorCode(RecordTracking, { input: { orderId: courier.orderId, phase: 'READY_FOR_PICKUP', place: 'Oficina' } })).toBe('WRONG_DELIVERY_MODE');
    expect(await orderState(pickup.orderId)).toBe('AT_LOCAL_WAREHOUSE');
  });

  it('lets only tracking staff record events: customers and other staff get FORBIDDEN', async () => {
    const order = await insertOrderInState(t, ana.customerId, { state: 'PURCHASED' });
    const input = { orderId: order.orderId, phase: 'AT_CHINA_WAREHOUSE' as const, place: 'Almacén' };
    expect(await ana.errorCode(RecordTracking, { input })).toBe('FORBIDDEN');
    expect(await (await t.asStaff('PAYMENT_VALIDATOR')).errorCode(RecordTracking, { input })).toBe('FORBIDDEN');
    expect(await t.anonymous().errorCode(RecordTracking, { input })).toBe('UNAUTHENTICATED');
    expect(await orderState(order.orderId)).toBe('PURCHASED');
  });

  it('needs exactly one of orderId and boxId, and no time in the future', async () => {
    const order = await insertOrderInState(t, ana.customerId, { state: 'PURCHASED' });
    expect(await china.errorCode(RecordTracking, { input: { phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén' } })).toBe('BAD_USER_INPUT');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await china.errorCode(RecordTracking, { input: { orderId: order.orderId, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén', occurredAt: future } })).toBe('BAD_USER_INPUT');
  });

  it('attaches the agent\'s own uploaded photos, shown to the order\'s customer only, and refuses someone else\'s upload', async () => {
    const order = await insertOrderInState(t, ana.customerId, { state: 'PURCHASED' });
    const png = TINY_PNG;
    const upload = async (token: string | undefined) => {
      const response = await fetch(`${t.api.url}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' }, body: png });
      return ((await response.json()) as { id: string }).id;
    };
    const anasPhoto = await upload(ana.token);
    expect(await china.errorCode(RecordTracking, { input: { orderId: order.orderId, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén', photoUploadIds: [anasPhoto] } })).toBe('NOT_FOUND');
    const photo = await upload(china.token);
    const data = await china.ok(RecordTracking, { input: { orderId: order.orderId, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén', photoUploadIds: [photo] } });
    expect(data.recordTrackingEvent[0]!.photos).toEqual([{ id: photo }]);
    const view = (token: string | undefined) => fetch(`${t.api.url}/uploads/${photo}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await view(ana.token)).status).toBe(200);
    const stranger = await t.newCustomer();
    expect((await view(stranger.token)).status).toBe(404);
  });
});

describe('packages and boxes', () => {
  it('registers numbered packages for PURCHASED and AT_CHINA_WAREHOUSE orders only', async () => {
    const purchased = await insertOrderInState(t, ana.customerId, { state: 'PURCHASED' });
    const pkg = await china.ok(RegisterPackage, {
      input: { orderId: purchased.orderId, weightKg: '2.35', lengthCm: 40, widthCm: 30, heightCm: 20, repacked: true, note: 'Reempacado en caja reforzada' },
    });
    expect(pkg.registerPackage).toMatchObject({ weightKg: '2.350', lengthCm: 40, repacked: true, box: null, order: { id: purchased.orderId } });
    expect(pkg.registerPackage.number).toMatch(new RegExp(`^PK-${new Date().getUTCFullYear()}-\\d{6}$`));
    const unpaid = await insertOrderInState(t, ana.customerId, { state: 'PENDING_PAYMENT' });
    const input = { orderId: unpaid.orderId, weightKg: '1', lengthCm: 10, widthCm: 10, heightCm: 10, repacked: false };
    expect(await china.errorCode(RegisterPackage, { input })).toBe('INVALID_STATE');
    expect(await china.errorCode(RegisterPackage, { input: { ...input, orderId: purchased.orderId, weightKg: '0' } })).toBe('BAD_USER_INPUT');
    expect(await ana.errorCode(RegisterPackage, { input: { ...input, orderId: purchased.orderId } })).toBe('FORBIDDEN');
    expect(await venezuela.errorCode(RegisterPackage, { input: { ...input, orderId: purchased.orderId } })).toBe('FORBIDDEN');
  });

  it('consolidates packages of two orders in one box; one DEPARTED_CHINA event moves both', async () => {
    const first = await insertOrderInState(t, ana.customerId, { state: 'AT_CHINA_WAREHOUSE' });
    const second = await insertOrderInState(t, ben.customerId, { state: 'AT_CHINA_WAREHOUSE', nationalDelivery: 'OFFICE_PICKUP' });
    const packages = [await registerPackageFor(first.orderId), await registerPackageFor(first.orderId), await registerPackageFor(second.orderId)];
    const { createBox: box } = await china.ok(CreateBox, { input: { packageIds: packages.map((p) => p.id), weightKg: '4.100' } });
    expect(box.number).toMatch(/^BX-\d{4}-\d{6}$/);
    expect(box.packages!.map((p) => p.number).sort()).toEqual(packages.map((p) => p.number).sort());
    expect(box.orders!.map((o) => o.id).sort()).toEqual([first.orderId, second.orderId].sort());

    const res = await track(china, { boxId: box.id, phase: 'DEPARTED_CHINA', place: 'Puerto de Shenzhen' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordTrackingEvent.map((e) => e.order.id).sort()).toEqual([first.orderId, second.orderId].sort());
    expect(res.data!.recordTrackingEvent.every((e) => e.box?.number === box.number && e.order.state === 'DEPARTED_CHINA')).toBe(true);
    expect(await orderState(first.orderId)).toBe('DEPARTED_CHINA');
    expect(await orderState(second.orderId)).toBe('DEPARTED_CHINA');

    const read = await venezuela.ok(BoxById, { id: box.id });
    expect(read.box.packages!.every((p) => p.box?.number === box.number)).toBe(true);
    expect(read.box.orders).toHaveLength(2);
    // A box that left China takes no more packages.
    const third = await insertOrderInState(t, ana.customerId, { state: 'AT_CHINA_WAREHOUSE' });
    const late = await registerPackageFor(third.orderId);
    expect(await china.errorCode(AddPackagesToBox, { boxId: box.id, packageIds: [late.id] })).toBe('INVALID_STATE');
  });

  it('refuses a package that is already in a box (PACKAGE_ALREADY_BOXED) and adds free ones to an open box', async () => {
    const order = await insertOrderInState(t, ana.customerId, { state: 'PURCHASED' });
    const a = await registerPackageFor(order.orderId);
    const b = await registerPackageFor(order.orderId);
    const { createBox: box } = await china.ok(CreateBox, { input: { packageIds: [a.id] } });
    expect(await china.errorCode(CreateBox, { input: { packageIds: [a.id, b.id] } })).toBe('PACKAGE_ALREADY_BOXED');
    expect(await china.errorCode(AddPackagesToBox, { boxId: box.id, packageIds: [a.id] })).toBe('PACKAGE_ALREADY_BOXED');
    const added = await china.ok(AddPackagesToBox, { boxId: box.id, packageIds: [b.id] });
    expect(added.addPackagesToBox.packages!.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('moves nothing when one order in the box is not ready for the phase', async () => {
    const ready = await insertOrderInState(t, ana.customerId, { state: 'AT_CHINA_WAREHOUSE' });
    const behind = await insertOrderInState(t, ben.customerId, { state: 'PURCHASED' });
    const { createBox: box } = await china.ok(CreateBox, { input: { packageIds: [(await registerPackageFor(ready.orderId)).id, (await registerPackageFor(behind.orderId)).id] } });
    const res = await track(china, { boxId: box.id, phase: 'DEPARTED_CHINA', place: 'Puerto de Shenzhen' });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'INVALID_TRANSITION', orderId: behind.orderId });
    expect(await orderState(ready.orderId)).toBe('AT_CHINA_WAREHOUSE');
    expect(await orderState(behind.orderId)).toBe('PURCHASED');
    expect(await t.sql('SELECT 1 FROM tracking_event WHERE box_id = $1', [box.id])).toHaveLength(0);
  });

  it('shows boxes with their packages and orders to staff only', async () => {
    const data = await venezuela.ok(Boxes, {});
    expect(data.boxes.totalCount).toBeGreaterThanOrEqual(3);
    expect(await ana.errorCode(Boxes, {})).toBe('FORBIDDEN');
  });
});

describe('the quiet-box summary kept on each box', () => {
  const QUIET = `query ($days: Int!, $search: String) {
    quietBoxes(days: $days, search: $search, first: 5) { edges { node { box { number } lastEventAt quietSince orderNumbers } } }
  }`;
  type QuietNode = { box: { number: string }; lastEventAt: string | null; quietSince: string; orderNumbers: string[] };
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

  it('follows the tracking events recorded for the box or its orders, counting only the orders still travelling', async () => {
    const master = await t.asStaff('MASTER');
    const quiet = async (days: number, search: string) => (await master.ok<{ quietBoxes: { edges: { node: QuietNode }[] } }, Record<string, unknown>>(QUIET, { days, search })).quietBoxes.edges.map((e) => e.node);
    const first = await insertOrderInState(t, ana.customerId, { state: 'AT_CHINA_WAREHOUSE' });
    const second = await insertOrderInState(t, ben.customerId, { state: 'AT_CHINA_WAREHOUSE' });
    const packages = [await registerPackageFor(first.orderId), await registerPackageFor(second.orderId)];
    const { createBox: box } = await china.ok(CreateBox, { input: { packageIds: packages.map((p) => p.id) } });
    expect(await quiet(1, box.number)).toEqual([]);
    // Packed a month ago: the API packs boxes now, so the date is moved by hand; the next event refreshes the summary.
    await t.sql(`UPDATE box SET created_at = now() - interval '30 days' WHERE id = $1`, [box.id]);
    const both = [first.number, second.number].sort();

    const departed = daysAgo(10);
    expect((await track(china, { boxId: box.id, phase: 'DEPARTED_CHINA', occurredAt: departed })).errors).toBeUndefined();
    expect(await quiet(5, box.number)).toEqual([{ box: { number: box.number }, lastEventAt: departed, quietSince: departed, orderNumbers: both }]);
    expect(await quiet(11, box.number)).toEqual([]);

    const customs = daysAgo(3);
    expect((await track(venezuela, { orderId: first.orderId, phase: 'IN_CUSTOMS', occurredAt: customs })).errors).toBeUndefined();
    expect(await quiet(5, box.number)).toEqual([]);
    expect(await quiet(2, first.number)).toEqual([{ box: { number: box.number }, lastEventAt: customs, quietSince: customs, orderNumbers: both }]);

    // The first order delivered: the box is quiet since the second order's last event again, and found by it only.
    for (const phase of ['AT_LOCAL_WAREHOUSE', 'OUT_FOR_DELIVERY', 'DELIVERED'] as OrderState[]) {
      expect((await track(venezuela, { orderId: first.orderId, phase, occurredAt: daysAgo(2) })).errors).toBeUndefined();
    }
    expect(await quiet(5, box.number)).toEqual([{ box: { number: box.number }, lastEventAt: departed, quietSince: departed, orderNumbers: [second.number] }]);
    expect(await quiet(5, second.number)).toHaveLength(1);
    expect(await quiet(5, first.number)).toEqual([]);

    // Both delivered: the box travels no more.
    for (const phase of ['IN_CUSTOMS', 'AT_LOCAL_WAREHOUSE', 'OUT_FOR_DELIVERY', 'DELIVERED'] as OrderState[]) {
      expect((await track(venezuela, { orderId: second.orderId, phase, occurredAt: daysAgo(2) })).errors).toBeUndefined();
    }
    expect(await quiet(1, box.number)).toEqual([]);
  });

  it('counts a box filled with an order already at the warehouse from the box\'s making, with that order\'s last event', async () => {
    const master = await t.asStaff('MASTER');
    const order = await insertOrderInState(t, ana.customerId, { state: 'PURCHASED' });
    const arrived = daysAgo(20);
    expect((await track(china, { orderId: order.orderId, phase: 'AT_CHINA_WAREHOUSE', occurredAt: arrived })).errors).toBeUndefined();
    const pkg = await registerPackageFor(order.orderId);
    const { createBox: box } = await china.ok(CreateBox, { input: { packageIds: [pkg.id] } });
    const { quietBoxes } = await master.ok<{ quietBoxes: { edges: { node: QuietNode }[] } }, Record<string, unknown>>(QUIET, { days: 1, search: box.number });
    expect(quietBoxes.edges).toEqual([]);
    // Made 15 days ago: quiet since then (later than the order's arrival), its last event the arrival.
    await t.sql(`UPDATE box SET created_at = now() - interval '15 days' WHERE id = $1`, [box.id]);
    const more = await registerPackageFor(order.orderId);
    await china.ok(AddPackagesToBox, { boxId: box.id, packageIds: [more.id] });
    const [node] = (await master.ok<{ quietBoxes: { edges: { node: QuietNode }[] } }, Record<string, unknown>>(QUIET, { days: 10, search: order.number })).quietBoxes.edges.map((e) => e.node);
    expect(node).toMatchObject({ box: { number: box.number }, lastEventAt: arrived, orderNumbers: [order.number] });
    expect(Date.now() - Date.parse(node!.quietSince)).toBeGreaterThan(15 * 86_400_000 - 60_000);
    expect(Date.now() - Date.parse(node!.quietSince)).toBeLessThan(16 * 86_400_000);
  });
});

describe('the staff box list', () => {
  const BOX_LIST = `query ($filter: BoxesFilter, $order: ListOrder, $first: Int!, $after: String) {
    boxes(filter: $filter, order: $order, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { number } } }
  }`;
  const list = async (search: string | null, order: string | null = null, first = 100, after: string | null = null) =>
    (await venezuela.ok<{ boxes: Page<{ number: string }> }, unknown>(BOX_LIST, { filter: search === null ? null : { search }, order, first, after })).boxes;
  const numbers = async (search: string, order: string | null = null) => (await list(search, order)).edges.map((e) => e.node.number);

  // Five boxes of this test only (tag), two of them made at the same instant so the id breaks the tie.
  const tag = `L${Date.now().toString(36).toUpperCase()}`;
  const box = (n: number) => `BX-${tag}-${n}`;
  let carla: TestCustomer;
  let diego: TestCustomer;
  let carlaOrders: FactoryOrder[];
  let diegoOrder: FactoryOrder;

  beforeAll(async () => {
    carla = await t.newCustomer({ fullName: 'Carla Zambrano' });
    diego = await t.newCustomer({ fullName: 'Diego Ferrer' });
    carlaOrders = [await insertOrderInState(t, carla.customerId, { state: 'AT_CHINA_WAREHOUSE' }), await insertOrderInState(t, carla.customerId, { state: 'AT_CHINA_WAREHOUSE' })];
    diegoOrder = await insertOrderInState(t, diego.customerId, { state: 'AT_CHINA_WAREHOUSE' });
    const [staff] = await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE kind = 'STAFF' LIMIT 1`);
    const madeAt = ['2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z', '2026-02-27T10:00:00.000Z'];
    // Box 1: Carla's first order; box 2: Diego's; box 3: Carla's second and Diego's; boxes 4 and 5 empty.
    const contents: FactoryOrder[][] = [[carlaOrders[0]!], [diegoOrder], [carlaOrders[1]!, diegoOrder], [], []];
    for (const [i, orders] of contents.entries()) {
      const [row] = await t.sql<{ id: string }>(`INSERT INTO box (id, number, created_at) VALUES (gen_random_uuid(), $1, $2) RETURNING id`, [box(i + 1), madeAt[i]]);
      for (const [j, order] of orders.entries()) {
        await t.sql(
          `INSERT INTO shipment_package (id, number, order_id, box_id, weight_kg, length_cm, width_cm, height_cm, repacked, registered_by_id, created_at)
           VALUES (gen_random_uuid(), $1, $2, $3, 1, 10, 10, 10, false, $4, now())`,
          [`PK-${tag}-${i + 1}${j}`, order.orderId, row!.id, staff!.id],
        );
      }
    }
  });

  it('finds boxes by their number, ignoring case and surrounding spaces, and by a package in them', async () => {
    expect((await numbers(`  bx-${tag.toLowerCase()}  `)).sort()).toEqual([1, 2, 3, 4, 5].map(box));
    expect(await numbers(box(3))).toEqual([box(3)]);
    expect(await numbers(`pk-${tag}-20`)).toEqual([box(2)]);
    expect((await list('100%')).totalCount).toBe(0);
  });

  it('finds boxes by the number of an order in them, or that order\'s customer code or name, and no other box', async () => {
    expect(await numbers(diegoOrder.number, 'OLDEST_FIRST')).toEqual([box(2), box(3)]);
    expect(await numbers(carlaOrders[0]!.number)).toEqual([box(1)]);
    expect(await numbers(carla.code.toLowerCase(), 'OLDEST_FIRST')).toEqual([box(1), box(3)]);
    expect(await numbers('carla zambr', 'OLDEST_FIRST')).toEqual([box(1), box(3)]);
    expect(await numbers('Diego Ferrer', 'OLDEST_FIRST')).toEqual([box(2), box(3)]);
  });

  it('lists newest first by default and oldest first on request, the id breaking ties, every box once across pages', async () => {
    const newest = await numbers(tag);
    expect(await numbers(tag, 'NEWEST_FIRST')).toEqual(newest);
    expect(newest.slice(0, 2)).toEqual([box(4), box(3)]);
    expect(newest.slice(4)).toEqual([box(5)]);
    const oldest = await numbers(tag, 'OLDEST_FIRST');
    expect(oldest).toEqual([...newest].reverse());
    // Pages of 3 split the two boxes made at the same instant across a page boundary.
    for (const [order, whole] of [['NEWEST_FIRST', newest], ['OLDEST_FIRST', oldest]] as const) {
      for (const size of [2, 3]) expect((await allPages((after) => list(tag, order, size, after))).map((n) => n.number)).toEqual(whole);
    }
  });

  it('refuses a search over 100 characters, an empty one and an unknown order as BAD_USER_INPUT, and customers as FORBIDDEN', async () => {
    expect(await venezuela.errorCode(BOX_LIST, { filter: { search: 'x'.repeat(101) }, first: 10 })).toBe('BAD_USER_INPUT');
    expect(await venezuela.errorCode(BOX_LIST, { filter: { search: '' }, first: 10 })).toBe('BAD_USER_INPUT');
    expect(await venezuela.errorCode(BOX_LIST, { order: 'SIDEWAYS', first: 10 })).toBe('BAD_USER_INPUT');
    expect((await list('x'.repeat(100))).totalCount).toBe(0);
    expect(await carla.errorCode(BOX_LIST, { filter: { search: tag }, first: 10 })).toBe('FORBIDDEN');
  });
});

describe('customer notifications', () => {
  it('notifies arrival, last mile and delivery in-app and by WhatsApp, and invites to the survey on delivery', async () => {
    const carla = await t.newCustomer();
    const order = await insertOrderInState(t, carla.customerId, { state: 'IN_CUSTOMS', nationalDelivery: 'COURIER' });
    const outbox = () => t.sql<{ body: string }>('SELECT body FROM outbound_message WHERE recipient = $1 AND body LIKE $2 ORDER BY created_at', [carla.phone, `%${order.number}%`]);

    await venezuela.ok(RecordTracking, { input: { orderId: order.orderId, phase: 'AT_LOCAL_WAREHOUSE', place: 'Almacén Caracas' } });
    let notifications = (await carla.ok(MyNotifications, {})).myNotifications.edges.map((e) => e.node);
    expect(notifications.map((n) => n.kind)).toEqual(['ORDER_ARRIVED']);
    expect(notifications[0]!.body).toContain(order.number);
    expect(notifications[0]!.data).toMatchObject({ orderId: order.orderId, phase: 'AT_LOCAL_WAREHOUSE' });
    expect(await outbox()).toHaveLength(1);

    await venezuela.ok(RecordTracking, { input: { orderId: order.orderId, phase: 'OUT_FOR_DELIVERY', place: 'Courier Zoom' } });
    await venezuela.ok(RecordTracking, { input: { orderId: order.orderId, phase: 'DELIVERED', place: 'Chacao' } });
    notifications = (await carla.ok(MyNotifications, {})).myNotifications.edges.map((e) => e.node);
    expect(notifications.map((n) => n.kind).sort()).toEqual(['ORDER_ARRIVED', 'ORDER_DELIVERED', 'ORDER_OUT_FOR_DELIVERY', 'SURVEY_INVITATION']);
    expect((await outbox()).map((m) => m.body)).toEqual([
      expect.stringContaining('llegó'),
      expect.stringContaining('en camino'),
      expect.stringContaining('entregada'),
    ]);

    const surveys = await carla.ok(MySurveys, {});
    expect(surveys.mySurveys.totalCount).toBe(1);
    expect(surveys.mySurveys.edges[0]!.node).toMatchObject({ submittedAt: null, order: { id: order.orderId } });
    const invitation = notifications.find((n) => n.kind === 'SURVEY_INVITATION')!;
    expect(invitation.data).toMatchObject({ surveyId: surveys.mySurveys.edges[0]!.node.id, orderId: order.orderId });
  });

  it('does not notify the customer of the intermediate China and customs phases', async () => {
    const dora = await t.newCustomer();
    const order = await insertOrderInState(t, dora.customerId, { state: 'PURCHASED' });
    for (const phase of ['AT_CHINA_WAREHOUSE', 'DEPARTED_CHINA', 'IN_CUSTOMS'] as OrderState[]) await china.ok(RecordTracking, { input: { orderId: order.orderId, phase, place: 'China' } });
    expect((await dora.ok(MyNotifications, {})).myNotifications.edges).toHaveLength(0);
  });
});
