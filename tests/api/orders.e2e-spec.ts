import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { randomUUID } from 'node:crypto';
import { TINY_PNG } from '../helpers/images';
import { insertOrderInState } from './factories/logistics';
import { insertOrder, insertOrderExtras, orderThroughQuote } from './factories/orders';

const MyOrders = graphql(`
  query MyOrders($filter: MyOrdersFilter, $first: Int, $after: String) {
    myOrders(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id number state customer { id } } }
    }
  }
`);
const StaffOrders = graphql(`
  query StaffOrders($filter: OrdersFilter, $first: Int) {
    orders(filter: $filter, first: $first) { totalCount edges { node { id number state } } }
  }
`);
const OrderDetail = graphql(`
  query OrderDetail($id: ID!) {
    order(id: $id) { id number customer { id fullName } request { description } acceptedOption { totalUsdMinor } }
  }
`);
const OrdersPage = graphql(`
  query OrdersPage($first: Int!) {
    orders(first: $first) {
      edges {
        node {
          number
          customer { fullName }
          request { description }
          payments { amountMinor }
          trackingEvents { phase }
          packages { number }
        }
      }
    }
  }
`);
const OrderPage = graphql(`
  query OrderPage($id: ID!) {
    order(id: $id) {
      id state settledUsdMinor createdAt
      customer { id fullName phone }
      payments { reference amountMinor createdAt }
      packages { number weightKg box { number } }
      trackingEvents { phase place occurredAt photos { id contentType } }
      events { fromState toState actorName }
    }
  }
`);
// The lists under an order, once asking only for fields read off their columns, once also for resolved fields.
const OrdersNarrowLists = graphql(`
  query OrdersNarrowLists($first: Int!) {
    orders(first: $first) { edges { node { id payments { id state } trackingEvents { id phase } } } }
  }
`);
const OrdersWideLists = graphql(`
  query OrdersWideLists($first: Int!) {
    orders(first: $first) { edges { node { id payments { id state reference } trackingEvents { id phase place photos { id } } } } }
  }
`);
const OrderAliasedLists = graphql(`
  query OrderAliasedLists($id: ID!) {
    order(id: $id) { id brief: trackingEvents { id } full: trackingEvents { id place actorName } payments { id amountMinor } }
  }
`);
const RecordTracking = graphql(`
  mutation OrderPageRecordTracking($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id } }
`);
const RegisterPackage = graphql(`
  mutation OrderPageRegisterPackage($input: RegisterPackageInput!) { registerPackage(input: $input) { id number } }
`);
const CreateBox = graphql(`
  mutation OrderPageCreateBox($input: CreateBoxInput!) { createBox(input: $input) { id number } }
`);
const OrderUpdated = graphql(`
  subscription OrderUpdated($id: ID) { orderUpdated(id: $id) { order { id state } } }
`);
const SubmitPayment = graphql(`
  mutation SubmitOrderPayment($input: SubmitPaymentInput!) { submitPayment(input: $input) { id } }
`);
const ValidatePayment = graphql(`
  mutation ValidateOrderPayment($paymentId: ID!) { validatePayment(paymentId: $paymentId) { id } }
`);
const RegisterSupplierPayment = graphql(`
  mutation RegisterOrderSupplierPayment($input: RegisterSupplierPaymentInput!) { registerSupplierPayment(input: $input) { id } }
`);
const ConfirmSupplierPayment = graphql(`
  mutation ConfirmOrderSupplierPayment($orderId: ID!) { confirmSupplierPayment(orderId: $orderId) { id } }
`);

let t: TestApi;
let validator: GqlClient;
beforeAll(async () => {
  t = await startTestApi();
  validator = await t.asStaff('PAYMENT_VALIDATOR');
});
afterAll(async () => {
  await t.stop();
});

/** Pays the whole order in USD and validates it: the order becomes PAID. */
async function payInFull(customer: TestCustomer, orderId: string, usdPayableMinor: number): Promise<void> {
  const { submitPayment } = await customer.ok(SubmitPayment, { input: { orderId, method: 'ZELLE', amountMinor: usdPayableMinor, reference: `ZL-${orderId.slice(0, 8)}` } });
  await validator.ok(ValidatePayment, { paymentId: submitPayment.id });
}

describe('listing orders', () => {
  it('pages a customer\'s orders newest first and filters them by state', async () => {
    const ana = await t.newCustomer();
    const orders = [];
    for (let i = 0; i < 3; i++) orders.push(await orderThroughQuote(t, ana, { totalUsdMinor: 10_000 }));
    await payInFull(ana, orders[0]!.orderId, 9_500);

    const page1 = await ana.ok(MyOrders, { first: 2 });
    expect(page1.myOrders.totalCount).toBe(3);
    expect(page1.myOrders.pageInfo.hasNextPage).toBe(true);
    expect(page1.myOrders.edges.map((e) => e.node.number)).toEqual([orders[2]!.number, orders[1]!.number]);
    const page2 = await ana.ok(MyOrders, { first: 2, after: page1.myOrders.pageInfo.endCursor });
    expect(page2.myOrders.edges.map((e) => e.node.number)).toEqual([orders[0]!.number]);
    expect(page2.myOrders.pageInfo.hasNextPage).toBe(false);

    const paid = await ana.ok(MyOrders, { filter: { state: 'PAID' } });
    expect(paid.myOrders.edges.map((e) => e.node.id)).toEqual([orders[0]!.orderId]);
  });

  it('lets staff filter all orders by customer, state and part of the number', async () => {
    const ana = await t.newCustomer();
    const bob = await t.newCustomer();
    const anas = [await orderThroughQuote(t, ana), await orderThroughQuote(t, ana)];
    const bobs = await orderThroughQuote(t, bob);
    const sales = await t.asStaff('SALES');

    const byCustomer = await sales.ok(StaffOrders, { filter: { customerId: ana.customerId } });
    expect(byCustomer.orders.edges.map((e) => e.node.id).sort()).toEqual(anas.map((o) => o.orderId).sort());
    const byNumber = await sales.ok(StaffOrders, { filter: { number: bobs.number.slice(-6).toLowerCase() } });
    expect(byNumber.orders.edges.map((e) => e.node.id)).toEqual([bobs.orderId]);
    const none = await sales.ok(StaffOrders, { filter: { customerId: bob.customerId, state: 'PAID' } });
    expect(none.orders.totalCount).toBe(0);
    const detail = await sales.ok(OrderDetail, { id: anas[0]!.orderId });
    expect(detail.order).toMatchObject({ customer: { id: ana.customerId }, request: { description: 'Audífonos inalámbricos' }, acceptedOption: { totalUsdMinor: 10_000 } });
    // The China agent works on orders but does not read customers' contact details.
    const china = await t.asStaff('CHINA_AGENT');
    const asChina = await china.request(OrderDetail, { id: anas[0]!.orderId });
    expect(asChina.data?.order.customer).toBeNull();
    expect(asChina.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['order.customer', 'FORBIDDEN']]);
  });

  it('never shows a customer another customer\'s orders', async () => {
    const ana = await t.newCustomer();
    const bob = await t.newCustomer();
    const anas = await orderThroughQuote(t, ana);
    await orderThroughQuote(t, bob);

    const bobsList = await bob.ok(MyOrders, { first: 100 });
    expect(bobsList.myOrders.edges.every((e) => e.node.customer?.id === bob.customerId)).toBe(true);
    expect(bobsList.myOrders.totalCount).toBe(1);
    expect(await bob.errorCode(OrderDetail, { id: anas.orderId })).toBe('NOT_FOUND');
    expect(await bob.errorCode(OrderDetail, { id: 'not-a-uuid' })).toBe('BAD_USER_INPUT');
    expect(await bob.errorCode(StaffOrders, {})).toBe('FORBIDDEN');
    expect((await ana.ok(OrderDetail, { id: anas.orderId })).order.id).toBe(anas.orderId);
  });
});

describe('the order page', () => {
  it('shows payments newest first, packages oldest first with their box, milestones in the order they happened with their photos, and the history', async () => {
    const ana = await t.newCustomer({ fullName: 'Ana Rivas' });
    const order = await insertOrderInState(t, ana.customerId, { state: 'PURCHASED' });
    for (const [reference, hoursAgo] of [['ZL-OLD', 5], ['ZL-NEW', 1]] as const) {
      await t.sql(
        `INSERT INTO payment (id, order_id, customer_id, method, currency, amount_minor, credited_usd_minor, reference, state, created_at)
         VALUES ($1, $2, $3, 'ZELLE', 'USD', 1000, 1053, $4, 'SUBMITTED', now() - make_interval(hours => $5))`,
        [randomUUID(), order.orderId, ana.customerId, reference, hoursAgo],
      );
    }
    const china = await t.asStaff('CHINA_AGENT');
    const upload = await fetch(`${t.api.url}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${china.token}`, 'content-type': 'image/png' }, body: TINY_PNG });
    const photo = ((await upload.json()) as { id: string }).id;
    // The second milestone is recorded with an earlier time: the page lists them by when they happened.
    await china.ok(RecordTracking, { input: { orderId: order.orderId, phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén Yiwu', occurredAt: '2026-01-12T16:30:00.000Z' } });
    const first = (await china.ok(RegisterPackage, { input: { orderId: order.orderId, weightKg: '2.5', lengthCm: 40, widthCm: 30, heightCm: 20 } })).registerPackage;
    const second = (await china.ok(RegisterPackage, { input: { orderId: order.orderId, weightKg: '1', lengthCm: 10, widthCm: 10, heightCm: 10 } })).registerPackage;
    const box = (await china.ok(CreateBox, { input: { packageIds: [first.id] } })).createBox;
    await china.ok(RecordTracking, { input: { orderId: order.orderId, phase: 'DEPARTED_CHINA', place: 'Aeropuerto de Cantón', occurredAt: '2026-01-10T08:00:00.000Z', photoUploadIds: [photo] } });

    const page = (await ana.ok(OrderPage, { id: order.orderId })).order;
    expect(page).toMatchObject({ id: order.orderId, state: 'DEPARTED_CHINA', customer: { id: ana.customerId, fullName: 'Ana Rivas', phone: ana.phone } });
    expect(page.payments.map((p) => p.reference)).toEqual(['ZL-NEW', 'ZL-OLD']);
    expect(page.payments[0]).toMatchObject({ amountMinor: 1000, createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) });
    expect(page.packages).toEqual([{ number: first.number, weightKg: '2.500', box: { number: box.number } }, { number: second.number, weightKg: '1.000', box: null }]);
    expect(page.trackingEvents).toEqual([
      { phase: 'DEPARTED_CHINA', place: 'Aeropuerto de Cantón', occurredAt: '2026-01-10T08:00:00.000Z', photos: [{ id: photo, contentType: 'image/png' }] },
      { phase: 'AT_CHINA_WAREHOUSE', place: 'Almacén Yiwu', occurredAt: '2026-01-12T16:30:00.000Z', photos: [] },
    ]);
    expect(page.events[0]).toEqual({ fromState: null, toState: 'PENDING_PAYMENT', actorName: 'Sistema' });
    // Staff read the same page; another customer learns nothing, not even that it exists.
    const staffPage = (await (await t.asStaff('SUPERVISOR')).ok(OrderPage, { id: order.orderId })).order;
    expect(staffPage).toEqual(page);
    const bob = await t.newCustomer();
    expect(await bob.errorCode(OrderPage, { id: order.orderId })).toBe('NOT_FOUND');
    expect(await bob.errorCode(MyOrders, { first: 2, after: 'bm90LWEtY3Vyc29y' })).toBe('BAD_USER_INPUT');
  });
});

describe('live order updates', () => {
  it('delivers state changes of the subscriber\'s own orders only; staff hear of all', async () => {
    const ana = await t.newCustomer();
    const bob = await t.newCustomer();
    const anas = await orderThroughQuote(t, ana, { totalUsdMinor: 10_000 });
    const bobs = await orderThroughQuote(t, bob, { totalUsdMinor: 10_000 });
    const anaSub = ana.subscribe(OrderUpdated, {});
    const anaOneOrder = ana.subscribe(OrderUpdated, { id: anas.orderId });
    const staff = await t.asStaff('SUPPORT');
    const staffSub = staff.subscribe(OrderUpdated, {});
    await Promise.all([anaSub.ready, anaOneOrder.ready, staffSub.ready]);

    await payInFull(bob, bobs.orderId, 9_500);
    await payInFull(ana, anas.orderId, 9_500);
    await t.settle();

    expect(await anaSub.next()).toEqual({ orderUpdated: { order: { id: anas.orderId, state: 'PAID' } } });
    expect(await anaOneOrder.next()).toEqual({ orderUpdated: { order: { id: anas.orderId, state: 'PAID' } } });
    const staffEvents = [await staffSub.next(), await staffSub.next()].map((e) => e.orderUpdated.order.id);
    expect(staffEvents).toEqual([bobs.orderId, anas.orderId]);
    await new Promise((r) => setTimeout(r, 200));
    expect(anaSub.pending()).toEqual([]);
    expect(anaOneOrder.pending()).toEqual([]);
    // Bob asking for Ana's order by id hears nothing either.
    const bobSpy = bob.subscribe(OrderUpdated, { id: anas.orderId });
    await bobSpy.ready;
    const china = await t.asStaff('CHINA_AGENT');
    await validator.ok(RegisterSupplierPayment, { input: { orderId: anas.orderId, currency: 'USD', amountMinor: 5_000, reference: 'WIRE-1' } });
    await china.ok(ConfirmSupplierPayment, { orderId: anas.orderId });
    await t.settle();
    expect(await anaSub.next()).toEqual({ orderUpdated: { order: { id: anas.orderId, state: 'PURCHASED' } } });
    await new Promise((r) => setTimeout(r, 200));
    expect(bobSpy.pending()).toEqual([]);
    for (const s of [anaSub, anaOneOrder, staffSub, bobSpy]) s.close();
  });
});

describe('query cost', () => {
  /**
   * The SQL statements sent while `run` executes, seen through knex's 'query' event on the ORM's knex
   * instance (`orm.em.getKnex()`; MikroORM 6.6 sends every statement through it). Background work of the
   * same process (the event relay reading domain_event and sending NOTIFY, the WhatsApp outbox job and its
   * transaction, the webhook dispatcher's poll every second) is left out by table name and statement; the reads
   * under test run in no transaction.
   */
  async function queriesDuring<T>(run: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
    await t.settle();
    const knex = t.app.orm.em.getKnex();
    const queries: string[] = [];
    const listener = (q: { sql: string }) => {
      // The caller's session is read only when its principal is not in memory (auth/principal-cache): left out too.
      if (!/domain_event|pg_notify|outbound_message|webhook_|auth_session|^\s*(begin|commit|rollback|savepoint|release savepoint)\b/i.test(q.sql)) queries.push(q.sql);
    };
    knex.on('query', listener);
    try {
      return { result: await run(), queries };
    } finally {
      knex.off('query', listener);
    }
  }

  it('loads a page of orders with customer, request, payments, tracking and packages in a constant number of queries', async () => {
    const customers = [await t.newCustomer({ fullName: 'Cliente Uno' }), await t.newCustomer({ fullName: 'Cliente Dos' })];
    for (let i = 0; i < 50; i++) {
      const customer = customers[i % 2]!;
      const order = await insertOrder(t, customer.customerId, { description: `Producto ${i}` });
      await insertOrderExtras(t, order.orderId, customer.customerId, i);
    }
    const staff = await t.asStaff('SUPERVISOR');

    const five = await queriesDuring(() => staff.ok(OrdersPage, { first: 5 }));
    const fifty = await queriesDuring(() => staff.ok(OrdersPage, { first: 50 }));

    expect(five.result.orders.edges).toHaveLength(5);
    expect(fifty.result.orders.edges).toHaveLength(50);
    for (const { node } of fifty.result.orders.edges) {
      expect(node.payments).toHaveLength(1);
      expect(node.trackingEvents).toHaveLength(1);
      expect(node.packages).toHaveLength(1);
      expect(node.customer?.fullName).toMatch(/^Cliente (Uno|Dos)$/);
    }
    // The page (1; no count(*), totalCount is not selected) and one batch per relation (5).
    expect(fifty.queries.length).toBeGreaterThanOrEqual(6);
    expect(fifty.queries.filter((sql) => /count\(/i.test(sql))).toEqual([]);
    // Compared as a list, so a failure shows the statements beyond the eighth.
    expect(fifty.queries.slice(8)).toEqual([]);
    expect(fifty.queries.length).toBe(five.queries.length);
  });

  it('reads only the columns a query selects under an order\'s lists, and the same rows as a full read', async () => {
    const customer = await t.newCustomer({ fullName: 'Cliente Columnas' });
    const orders = [];
    for (let i = 0; i < 3; i++) {
      const order = await insertOrder(t, customer.customerId, { description: `Columnas ${i}` });
      await insertOrderExtras(t, order.orderId, customer.customerId, 100 + i);
      orders.push(order);
    }
    const staff = await t.asStaff('SUPERVISOR');
    const listSql = (queries: string[], table: string) => queries.filter((sql) => sql.includes(`FROM "${table}"`));

    const narrow = await queriesDuring(() => staff.ok(OrdersNarrowLists, { first: 3 }));
    const wide = await queriesDuring(() => staff.ok(OrdersWideLists, { first: 3 }));

    // Fields read off their own columns: only those columns (and the key); a resolved field (photos) reads them all.
    const [narrowTracking] = listSql(narrow.queries, 'tracking_event');
    expect(narrowTracking).toMatch(/t\."phase"/);
    expect(narrowTracking).not.toMatch(/t\."(place|note|actor_name)"/);
    expect(listSql(narrow.queries, 'payment')[0]).not.toMatch(/p\."reference"/);
    expect(listSql(wide.queries, 'tracking_event')[0]).toMatch(/t\."note"/);
    expect(listSql(wide.queries, 'payment')[0]).toMatch(/p\."reference"/);
    // The same rows, in the same order, with the same values.
    expect(narrow.result.orders.edges.map(({ node }) => node)).toEqual(
      wide.result.orders.edges.map(({ node }) => ({
        id: node.id,
        payments: node.payments.map(({ id, state }) => ({ id, state })),
        trackingEvents: node.trackingEvents.map(({ id, phase }) => ({ id, phase })),
      })),
    );
    expect(wide.result.orders.edges.map(({ node }) => node.trackingEvents[0]?.place)).toEqual(['Proveedor (China)', 'Proveedor (China)', 'Proveedor (China)']);

    // One order, one list under two aliases asking for different fields: each gets its own, complete.
    const { order } = await staff.ok(OrderAliasedLists, { id: orders[0]!.orderId });
    expect(order.brief.map((e) => e.id)).toEqual(order.full.map((e) => e.id));
    expect(order.full).toEqual([{ id: order.brief[0]!.id, place: 'Proveedor (China)', actorName: 'Li Wei (China)' }]);
    expect(order.payments).toEqual([{ id: expect.any(String), amountMinor: 1000 }]);
  });
});
