import { randomUUID } from 'node:crypto';
import { refreshBoxTransitSql } from '../../api/src/modules/logistics/box-transit';
import { convertUsdToVes } from '../../api/src/shared/money';
import type { GqlClient } from '../helpers/client';
import { TINY_PNG } from '../helpers/images';
import { allPages, type Page } from '../helpers/pages';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { insertOrderInState } from './factories/logistics';
import { insertOrder, type FactoryOrder } from './factories/orders';

/**
 * What the payment validator's workspace asks of the API: the validation queue (oldest first, search,
 * method/currency filters), one payment with the balance it would leave, the customer's proof image, the
 * paid orders still without a supplier payment, and the consistency view (paid orders not moving, boxes
 * without tracking events) on data made here with known dates.
 */

let t: TestApi;
let validator: GqlClient;
let china: GqlClient;
let master: GqlClient;
let customer: TestCustomer;
let other: TestCustomer;

type Edges<N> = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: N }[] };

async function ok<T>(client: GqlClient, query: string, variables?: Record<string, unknown>): Promise<T> {
  return client.ok<T, Record<string, unknown>>(query, variables);
}
const code = (client: GqlClient, query: string, variables?: Record<string, unknown>) => client.errorCode<unknown, Record<string, unknown>>(query, variables);

async function upload(client: GqlClient): Promise<string> {
  const response = await fetch(`${t.api.url}/uploads`, { method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': 'image/png' }, body: TINY_PNG });
  return ((await response.json()) as { id: string }).id;
}

async function pay(client: GqlClient, orderId: string, method: string, amountMinor: number, reference: string, proof = false): Promise<string> {
  const input = { orderId, method, amountMinor, reference, proofUploadId: proof ? await upload(client) : null };
  return (await ok<{ submitPayment: { id: string } }>(client, `mutation ($input: SubmitPaymentInput!) { submitPayment(input: $input) { id } }`, { input })).submitPayment.id;
}

beforeAll(async () => {
  t = await startTestApi();
  [validator, china, master] = await Promise.all([t.asStaff('PAYMENT_VALIDATOR'), t.asStaff('CHINA_AGENT'), t.asStaff('MASTER')]);
  customer = await t.newCustomer({ fullName: 'Rosa Quintero' });
  other = await t.newCustomer({ fullName: 'Luis Pérez' });
}, 60_000);
afterAll(() => t?.stop());

describe('the validation queue', () => {
  const QUEUE = `query ($filter: PaymentsFilter, $order: PaymentOrder, $after: String) {
    payments(filter: $filter, order: $order, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { reference method currency order { number } } } }
  }`;
  let rosaOrder: FactoryOrder;
  let luisOrder: FactoryOrder;
  const queue = async (filter: Record<string, unknown>, order = 'OLDEST_FIRST', after?: string) =>
    (await ok<{ payments: Edges<{ reference: string; method: string; currency: string; order: { number: string } }> }>(validator, QUEUE, { filter: { state: 'SUBMITTED', ...filter }, order, after })).payments;

  beforeAll(async () => {
    rosaOrder = await insertOrder(t, customer.customerId, { totalUsdMinor: 50_000 });
    luisOrder = await insertOrder(t, other.customerId, { totalUsdMinor: 50_000 });
    await pay(customer, rosaOrder.orderId, 'ZELLE', 1_000, 'VQ-ZELLE-1');
    await pay(other, luisOrder.orderId, 'PAGO_MOVIL', 50_000, 'VQ-PM-2');
    await pay(customer, rosaOrder.orderId, 'BANK_TRANSFER', 60_000, 'VQ-BT-3');
  });

  it('lists the payments awaiting validation oldest first, a page at a time', async () => {
    const first = await queue({ search: 'VQ-' });
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((e) => e.node.reference)).toEqual(['VQ-ZELLE-1', 'VQ-PM-2']);
    const second = await queue({ search: 'VQ-' }, 'OLDEST_FIRST', first.pageInfo.endCursor!);
    expect(second.edges.map((e) => e.node.reference)).toEqual(['VQ-BT-3']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect((await queue({ search: 'VQ-' }, 'NEWEST_FIRST')).edges.map((e) => e.node.reference)).toEqual(['VQ-BT-3', 'VQ-PM-2']);
  });

  it('finds payments by bank reference, order number or customer name, and narrows by method and currency', async () => {
    expect((await queue({ search: 'vq-pm' })).edges.map((e) => e.node.reference)).toEqual(['VQ-PM-2']);
    expect((await queue({ search: luisOrder.number })).edges.map((e) => e.node.reference)).toEqual(['VQ-PM-2']);
    expect((await queue({ search: 'rosa quin' })).edges.map((e) => e.node.reference)).toEqual(['VQ-ZELLE-1', 'VQ-BT-3']);
    expect((await queue({ search: 'VQ-', currency: 'VES' })).edges.map((e) => e.node.reference)).toEqual(['VQ-PM-2', 'VQ-BT-3']);
    expect((await queue({ search: 'VQ-', method: 'ZELLE' })).edges.map((e) => e.node.reference)).toEqual(['VQ-ZELLE-1']);
    expect((await queue({ search: '100%' })).totalCount).toBe(0);
    expect(await code(validator, QUEUE, { filter: { currency: 'EUR' } })).toBe('BAD_USER_INPUT');
  });
});

describe('one payment for the validator', () => {
  const PAYMENT = `query ($id: ID!) {
    payment(id: $id) {
      state amountMinor currency creditedUsdMinor proof { id }
      order { state totalUsdMinor settledUsdMinor outstandingUsdMinor vesPerUsd }
      balanceAfterValidation { orderState outstandingUsdMinor outstandingVesMinor usdPayableMinor }
    }
  }`;
  type Seen = {
    payment: {
      creditedUsdMinor: number;
      proof: { id: string } | null;
      order: { vesPerUsd: string };
      balanceAfterValidation: { orderState: string; outstandingUsdMinor: number; outstandingVesMinor: number; usdPayableMinor: number } | null;
    };
  };

  it('previews what a partial payment leaves owing, and validating it leaves exactly that', async () => {
    const order = await insertOrder(t, customer.customerId, { totalUsdMinor: 20_000 });
    const paymentId = await pay(customer, order.orderId, 'PAGO_MOVIL', convertUsdToVes(5_000, order.vesPerUsd), 'VQ-PARTIAL', true);
    const { payment } = await ok<Seen>(validator, PAYMENT, { id: paymentId });
    const preview = payment.balanceAfterValidation!;
    expect(preview.orderState).toBe('PARTIALLY_PAID');
    expect(preview.outstandingUsdMinor).toBe(20_000 - payment.creditedUsdMinor);
    expect(preview.outstandingVesMinor).toBe(convertUsdToVes(preview.outstandingUsdMinor, order.vesPerUsd, 'UP'));

    await ok(validator, `mutation ($id: ID!) { validatePayment(paymentId: $id) { id } }`, { id: paymentId });
    const after = await ok<{ order: { state: string; outstandingUsdMinor: number; outstandingVesMinor: number; usdPayableMinor: number } }>(customer,
      `query ($id: ID!) { order(id: $id) { state outstandingUsdMinor outstandingVesMinor usdPayableMinor } }`, { id: order.orderId });
    expect(after.order).toEqual({ state: preview.orderState, outstandingUsdMinor: preview.outstandingUsdMinor, outstandingVesMinor: preview.outstandingVesMinor, usdPayableMinor: preview.usdPayableMinor });
    expect((await ok<Seen>(validator, PAYMENT, { id: paymentId })).payment.balanceAfterValidation).toBeNull();
  });

  it('previews a payment that settles the order as PAID with nothing left', async () => {
    const order = await insertOrder(t, customer.customerId, { totalUsdMinor: 8_000 });
    const paymentId = await pay(customer, order.orderId, 'PAGO_MOVIL', order.totalVesMinor, 'VQ-FULL');
    expect((await ok<Seen>(validator, PAYMENT, { id: paymentId })).payment.balanceAfterValidation).toEqual({ orderState: 'PAID', outstandingUsdMinor: 0, outstandingVesMinor: 0, usdPayableMinor: 0 });
  });

  it('shows the validator the customer\'s proof image, and keeps it from other customers', async () => {
    const order = await insertOrder(t, customer.customerId);
    const paymentId = await pay(customer, order.orderId, 'ZELLE', 1_000, 'VQ-PROOF', true);
    const proofId = (await ok<Seen>(validator, PAYMENT, { id: paymentId })).payment.proof!.id;
    const get = (client: GqlClient) => fetch(`${t.api.url}/uploads/${proofId}`, { headers: { authorization: `Bearer ${client.token}` } });
    const seen = await get(validator);
    expect(seen.status).toBe(200);
    expect(seen.headers.get('content-type')).toBe('image/png');
    expect((await get(other)).status).toBe(404);
  });

  it('answers NOT_FOUND for an unknown payment and refuses customers the staff payment queries', async () => {
    expect(await code(validator, PAYMENT, { id: randomUUID() })).toBe('NOT_FOUND');
    expect(await code(customer, PAYMENT, { id: randomUUID() })).toBe('FORBIDDEN');
  });

  it('refuses validatePayment and rejectPayment to a China agent', async () => {
    const order = await insertOrder(t, customer.customerId);
    const paymentId = await pay(customer, order.orderId, 'ZELLE', 1_000, 'VQ-CHINA');
    expect(await code(china, `mutation ($id: ID!) { validatePayment(paymentId: $id) { id } }`, { id: paymentId })).toBe('FORBIDDEN');
    expect(await code(china, `mutation ($id: ID!) { rejectPayment(paymentId: $id, reason: "No aparece") { id } }`, { id: paymentId })).toBe('FORBIDDEN');
  });
});

describe('paid orders awaiting the supplier payment', () => {
  it('lists PAID orders without a supplier payment oldest first, and those with one apart', async () => {
    const first = await insertOrderInState(t, customer.customerId, { state: 'PAID' });
    const second = await insertOrderInState(t, other.customerId, { state: 'PAID' });
    const registered = await insertOrderInState(t, customer.customerId, { state: 'PAID' });
    await ok(validator, `mutation ($input: RegisterSupplierPaymentInput!) { registerSupplierPayment(input: $input) { id } }`, {
      input: { orderId: registered.orderId, currency: 'CNY', amountMinor: 30_000, reference: 'ALIPAY-1' },
    });
    const list = async (supplierPaymentRegistered: boolean) =>
      (await ok<{ orders: Edges<{ number: string }> }>(validator, `query ($r: Boolean) { orders(filter: { state: PAID, supplierPaymentRegistered: $r }, order: OLDEST_FIRST, first: 100) { totalCount edges { node { number } } } }`, { r: supplierPaymentRegistered }))
        .orders.edges.map((e) => e.node.number);
    const waiting = await list(false);
    expect(waiting.filter((n) => [first.number, second.number, registered.number].includes(n))).toEqual([first.number, second.number]);
    expect(await list(true)).toContain(registered.number);
    expect(await list(true)).not.toContain(first.number);
  });
});

describe('the consistency view', () => {
  const STALLED = `query ($days: Int!, $after: String, $first: Int!) {
    stalledOrders(days: $days, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { number state } } }
  }`;
  const QUIET = `query ($days: Int!, $after: String, $first: Int!) {
    quietBoxes(days: $days, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { box { number } lastEventAt quietSince orderNumbers } } }
  }`;
  let staffUserId: string;
  let seq = 0;

  beforeAll(async () => {
    const [user] = await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE kind = 'STAFF' LIMIT 1`);
    staffUserId = user!.id;
  });

  // Boxes, packages and events written here by SQL (to date them in the past) get the quiet-box summary the API
  // keeps in its own transactions, by the API's own statement.
  const summarise = (boxIds: string, values: unknown[]) => t.sql(refreshBoxTransitSql(boxIds), values);

  /** A box made `daysAgo` days ago holding `orders`, each in a package. */
  async function box(daysAgo: number, orders: FactoryOrder[]): Promise<string> {
    const id = randomUUID();
    seq += 1;
    const number = `BX-TEST-${seq}-${id.slice(0, 6)}`;
    await t.sql(`INSERT INTO box (id, number, created_at) VALUES ($1, $2, now() - make_interval(days => $3))`, [id, number, daysAgo]);
    for (const order of orders) {
      await t.sql(
        `INSERT INTO shipment_package (id, number, order_id, box_id, weight_kg, length_cm, width_cm, height_cm, repacked, registered_by_id, created_at)
         VALUES ($1, $2, $3, $4, 1, 10, 10, 10, false, $5, now() - make_interval(days => $6))`,
        [randomUUID(), `PK-${number}-${order.number}`, order.orderId, id, staffUserId, daysAgo],
      );
    }
    await summarise('SELECT $1::uuid', [id]);
    return number;
  }
  async function event(order: FactoryOrder, phase: string, daysAgo: number): Promise<void> {
    await t.sql(
      `INSERT INTO tracking_event (id, order_id, phase, occurred_at, place, actor_id, actor_name, recorded_at)
       VALUES ($1, $2, $3, now() - make_interval(days => $4), 'Almacén Guangzhou', $5, 'Agente', now())`,
      [randomUUID(), order.orderId, phase, daysAgo, staffUserId],
    );
    await summarise('SELECT DISTINCT box_id FROM shipment_package WHERE order_id = $1 AND box_id IS NOT NULL', [order.orderId]);
  }
  async function inState(state: string, days: number): Promise<FactoryOrder> {
    const order = await insertOrderInState(t, customer.customerId, { state, stateChangedHoursAgo: days * 24 });
    // The API writes instants in milliseconds (as its cursors carry them); SQL's now() has microseconds.
    await t.sql(`UPDATE purchase_order SET state_changed_at = date_trunc('milliseconds', state_changed_at) WHERE id = $1`, [order.orderId]);
    return order;
  }

  it('lists PAID and PURCHASED orders unchanged for N days, longest-waiting first, a page at a time', async () => {
    const paidLong = await inState('PAID', 10);
    const purchased = await inState('PURCHASED', 4);
    const paidRecent = await inState('PAID', 1);
    const travelling = await inState('DEPARTED_CHINA', 20);
    const mine = [paidLong, purchased, paidRecent, travelling].map((o) => o.number);
    const stalled = async (days: number) =>
      (await ok<{ stalledOrders: Edges<{ number: string; state: string }> }>(validator, STALLED, { days, first: 100 })).stalledOrders.edges.map((e) => e.node).filter((n) => mine.includes(n.number));
    expect(await stalled(3)).toEqual([{ number: paidLong.number, state: 'PAID' }, { number: purchased.number, state: 'PURCHASED' }]);
    expect(await stalled(7)).toEqual([{ number: paidLong.number, state: 'PAID' }]);

    const page1 = (await ok<{ stalledOrders: Edges<{ number: string }> }>(master, STALLED, { days: 3, first: 1 })).stalledOrders;
    const page2 = (await ok<{ stalledOrders: Edges<{ number: string }> }>(master, STALLED, { days: 3, first: 1, after: page1.pageInfo.endCursor })).stalledOrders;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page2.edges[0]!.node.number).not.toBe(page1.edges[0]!.node.number);
  });

  it('lists boxes whose travelling orders had no tracking event for N days, quietest first, a page at a time', async () => {
    const a1 = await inState('DEPARTED_CHINA', 6);
    const a2 = await inState('DEPARTED_CHINA', 6);
    const quiet = await box(9, [a1, a2]);
    await event(a1, 'AT_CHINA_WAREHOUSE', 8);
    await event(a2, 'DEPARTED_CHINA', 6);
    const b = await inState('IN_CUSTOMS', 1);
    const moving = await box(9, [b]);
    await event(b, 'IN_CUSTOMS', 1);
    const c = await inState('AT_CHINA_WAREHOUSE', 8);
    const neverTracked = await box(8, [c]);
    const d = await inState('DELIVERED', 30);
    const delivered = await box(40, [d]);
    await event(d, 'DELIVERED', 30);
    const mine = [quiet, moving, neverTracked, delivered];

    const all = (await ok<{ quietBoxes: Edges<{ box: { number: string }; lastEventAt: string | null; quietSince: string; orderNumbers: string[] }> }>(validator, QUIET, { days: 3, first: 100 })).quietBoxes;
    const rows = all.edges.map((e) => e.node).filter((n) => mine.includes(n.box.number));
    expect(rows.map((r) => r.box.number)).toEqual([neverTracked, quiet]);
    expect(rows[0]!.lastEventAt).toBeNull();
    expect(rows[1]!.orderNumbers).toEqual([a1.number, a2.number].sort());
    expect(Date.now() - Date.parse(rows[1]!.lastEventAt!)).toBeGreaterThan(6 * 86_400_000 - 60_000);
    expect(Date.parse(rows[1]!.quietSince)).toBe(Math.floor(Date.parse(rows[1]!.lastEventAt!)));
    const seven = (await ok<{ quietBoxes: Edges<{ box: { number: string } }> }>(validator, QUIET, { days: 7, first: 100 })).quietBoxes.edges.map((e) => e.node.box.number);
    expect(seven.filter((n) => mine.includes(n))).toEqual([neverTracked]);

    const page1 = (await ok<{ quietBoxes: Edges<{ box: { number: string } }> }>(master, QUIET, { days: 3, first: 1 })).quietBoxes;
    const page2 = (await ok<{ quietBoxes: Edges<{ box: { number: string } }> }>(master, QUIET, { days: 3, first: 1, after: page1.pageInfo.endCursor })).quietBoxes;
    expect(page1.totalCount).toBe(all.totalCount);
    expect(page1.pageInfo.hasNextPage).toBe(all.totalCount > 1);
    expect(page2.edges[0]!.node.box.number).toBe(all.edges[1]!.node.box.number);
  });

  describe('found by text and ordered', () => {
    const FIND_STALLED = `query ($days: Int!, $search: String, $order: WaitingListOrder, $first: Int!, $after: String) {
      stalledOrders(days: $days, search: $search, order: $order, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { number } } }
    }`;
    const FIND_QUIET = `query ($days: Int!, $search: String, $order: WaitingListOrder, $first: Int!, $after: String) {
      quietBoxes(days: $days, search: $search, order: $order, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { box { number } } } }
    }`;
    type Vars = { search: string; order?: string; first?: number; after?: string | null };
    const stalledPage = async (vars: Vars) => (await ok<{ stalledOrders: Page<{ number: string }> }>(validator, FIND_STALLED, { days: 3, first: 100, ...vars })).stalledOrders;
    const stalled = async (vars: Vars) => (await stalledPage(vars)).edges.map((e) => e.node.number);
    const quietPage = async (vars: Vars) => (await ok<{ quietBoxes: Page<{ box: { number: string } }> }>(master, FIND_QUIET, { days: 3, first: 100, ...vars })).quietBoxes;
    const quiet = async (vars: Vars) => (await quietPage(vars)).edges.map((e) => e.node.box.number);

    const tag = `W${Date.now().toString(36)}`;
    let gina: TestCustomer;
    let hugo: TestCustomer;
    let orders: Record<string, FactoryOrder>;
    let boxes: Record<string, string>;

    /** An order of `who` in `state` since `days` days ago, at the very instant of `sameAs` when given (a tie). */
    async function orderOf(who: TestCustomer, state: string, days: number, sameAs?: FactoryOrder): Promise<FactoryOrder> {
      const order = await insertOrderInState(t, who.customerId, { state, stateChangedHoursAgo: days * 24 });
      await t.sql(`UPDATE purchase_order SET state_changed_at = date_trunc('milliseconds', state_changed_at) WHERE id = $1`, [order.orderId]);
      if (sameAs) await t.sql('UPDATE purchase_order SET state_changed_at = (SELECT state_changed_at FROM purchase_order WHERE id = $2) WHERE id = $1', [order.orderId, sameAs.orderId]);
      return order;
    }

    beforeAll(async () => {
      gina = await t.newCustomer({ fullName: `Gina Salas ${tag}` });
      hugo = await t.newCustomer({ fullName: `Hugo Toro ${tag}` });
      const g1 = await orderOf(gina, 'PAID', 10);
      const g2 = await orderOf(gina, 'PURCHASED', 5);
      const h3 = await orderOf(hugo, 'PAID', 5, g2);
      const g4 = await orderOf(gina, 'PAID', 1);
      const travelling = [await orderOf(gina, 'DEPARTED_CHINA', 9), await orderOf(hugo, 'DEPARTED_CHINA', 6), await orderOf(gina, 'IN_CUSTOMS', 4), await orderOf(hugo, 'IN_CUSTOMS', 4)];
      const [ginaOld, hugoOld, ginaCustoms, hugoCustoms] = travelling as [FactoryOrder, FactoryOrder, FactoryOrder, FactoryOrder];
      const hugoTwin = await orderOf(hugo, 'DEPARTED_CHINA', 9);
      const ginaRecent = await orderOf(gina, 'DEPARTED_CHINA', 2);
      orders = { g1, g2, h3, g4, hugoOld };
      // q1 and q5 were packed at the same instant and never tracked: a tie on quietSince.
      boxes = { q1: await box(9, [ginaOld]), q2: await box(6, [hugoOld]), q3: await box(5, [ginaCustoms, hugoCustoms]), q4: await box(2, [ginaRecent]), q5: await box(9, [hugoTwin]) };
      await t.sql(`UPDATE box SET created_at = (SELECT created_at FROM box WHERE number = $1) WHERE number = $2`, [boxes.q1, boxes.q5]);
      await summarise('SELECT id FROM box WHERE number = $1', [boxes.q5]);
      await event(ginaCustoms, 'IN_CUSTOMS', 4);
    });

    it('finds stalled orders by order number or customer code or name, and no others', async () => {
      expect(await stalled({ search: gina.code.toLowerCase() })).toEqual([orders.g1!.number, orders.g2!.number]);
      expect(await stalled({ search: ` ${orders.h3!.number} ` })).toEqual([orders.h3!.number]);
      expect(await stalled({ search: `hugo toro ${tag}` })).toEqual([orders.h3!.number]);
      expect((await stalledPage({ search: '100%' })).totalCount).toBe(0);
    });

    it('lists stalled orders longest-waiting first by default or most recent first, every order once across pages', async () => {
      const longest = await stalled({ search: tag });
      expect(longest).toHaveLength(3);
      expect(longest[0]).toBe(orders.g1!.number);
      expect(await stalled({ search: tag, order: 'LONGEST_WAITING_FIRST' })).toEqual(longest);
      const recent = await stalled({ search: tag, order: 'MOST_RECENT_FIRST' });
      expect(recent).toEqual([...longest].reverse());
      for (const [order, whole] of [['LONGEST_WAITING_FIRST', longest], ['MOST_RECENT_FIRST', recent]] as const) {
        for (const first of [1, 2]) expect((await allPages((after) => stalledPage({ search: tag, order, first, after }))).map((n) => n.number)).toEqual(whole);
      }
    });

    it('finds quiet boxes by box number, or a travelling order\'s number or customer code or name, and no others', async () => {
      expect(await quiet({ search: boxes.q3!.toLowerCase() })).toEqual([boxes.q3]);
      expect(await quiet({ search: orders.hugoOld!.number })).toEqual([boxes.q2]);
      expect(await quiet({ search: gina.code })).toEqual([boxes.q1, boxes.q3]);
      expect((await quiet({ search: `HUGO TORO ${tag}` })).sort()).toEqual([boxes.q2, boxes.q3, boxes.q5].sort());
      expect((await quietPage({ search: '100%' })).totalCount).toBe(0);
    });

    it('lists quiet boxes quietest first by default or most recent first, every box once across pages', async () => {
      const longest = await quiet({ search: tag });
      expect(longest).toHaveLength(4);
      expect(longest.slice(2)).toEqual([boxes.q2, boxes.q3]);
      expect((await quietPage({ search: tag })).totalCount).toBe(4);
      const recent = await quiet({ search: tag, order: 'MOST_RECENT_FIRST' });
      expect(recent).toEqual([...longest].reverse());
      for (const [order, whole] of [['LONGEST_WAITING_FIRST', longest], ['MOST_RECENT_FIRST', recent]] as const) {
        for (const first of [1, 2, 3]) expect((await allPages((after) => quietPage({ search: tag, order, first, after }))).map((n) => n.box.number)).toEqual(whole);
      }
    });

    it('refuses a search over 100 characters or an unknown order as BAD_USER_INPUT, and a customer or a China agent as FORBIDDEN', async () => {
      for (const query of [FIND_STALLED, FIND_QUIET]) {
        expect(await code(validator, query, { days: 3, first: 5, search: 'x'.repeat(101) })).toBe('BAD_USER_INPUT');
        expect(await code(validator, query, { days: 3, first: 5, search: tag, order: 'NEWEST_FIRST' })).toBe('BAD_USER_INPUT');
        expect(await code(gina, query, { days: 3, first: 5, search: tag })).toBe('FORBIDDEN');
        expect(await code(china, query, { days: 3, first: 5, search: tag })).toBe('FORBIDDEN');
      }
    });
  });

  it('refuses the consistency view to a China agent and a customer, and refuses bad days or cursors', async () => {
    expect(await code(china, STALLED, { days: 3, first: 5 })).toBe('FORBIDDEN');
    expect(await code(china, QUIET, { days: 3, first: 5 })).toBe('FORBIDDEN');
    expect(await code(customer, QUIET, { days: 3, first: 5 })).toBe('FORBIDDEN');
    expect(await code(validator, QUIET, { days: 0, first: 5 })).toBe('BAD_USER_INPUT');
    expect(await code(validator, QUIET, { days: 3, first: 5, after: 'bm90LWEtY3Vyc29y' })).toBe('BAD_USER_INPUT');
  });
});
