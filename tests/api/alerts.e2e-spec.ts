import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
import { allPages, type Page } from '../helpers/pages';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { insertOrderInState, insertSubmittedPayment, insertWaitingRequest } from './factories/logistics';

const Alerts = graphql(`
  query Alerts($open: Boolean) {
    alerts(open: $open, first: 100) {
      totalCount
      edges { node { id kind subjectType subjectId subjectState reference message waitingSince acknowledgedAt } }
    }
  }
`);
const AlertMessages = graphql(`
  query AlertMessages($language: Language!) {
    alerts(first: 100) { edges { node { subjectId byDefault: message spanish: message(language: ES) asked: message(language: $language) } } }
  }
`);
const AcknowledgeAlert = graphql(`
  mutation AcknowledgeAlert($id: ID!) { acknowledgeAlert(id: $id) { id acknowledgedAt } }
`);
const AlertRaised = graphql(`
  subscription AlertRaised { alertRaised { cursor alert { id kind subjectId reference } } }
`);
const StaffNotifications = graphql(`
  query StaffNotifications { myNotifications(first: 100) { edges { node { kind body data } } } }
`);

const SWEEP = 'staff-alert-sweep';
// Demo parameters v1: work may wait 24 h on staff before the Master is alerted.
const OVERDUE_HOURS = 25;

let t: TestApi;
let master: GqlClient;
let ana: TestCustomer;
beforeAll(async () => {
  t = await startTestApi();
  master = await t.asStaff('MASTER');
  ana = await t.newCustomer();
});
afterAll(async () => {
  await t.stop();
});

async function alertsFor(subjectId: string) {
  const data = await master.ok(Alerts, {});
  return data.alerts.edges.map((e) => e.node).filter((a) => a.subjectId === subjectId);
}

describe('the staff-response sweep', () => {
  it('raises one alert for a request waiting on staff too long, and no second one when it runs again', async () => {
    const late = await insertWaitingRequest(t, ana.customerId, 'SOURCING', OVERDUE_HOURS);
    const recent = await insertWaitingRequest(t, ana.customerId, 'SOURCING', 23);
    const answered = await insertWaitingRequest(t, ana.customerId, 'QUOTED', OVERDUE_HOURS);
    await t.app.jobs.runNow(SWEEP);
    const alerts = await alertsFor(late.requestId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'REQUEST_WAITING_ON_STAFF', subjectType: 'PurchaseRequest', subjectState: 'SOURCING', reference: late.number, acknowledgedAt: null,
    });
    expect(alerts[0]!.message).toContain(late.number);
    expect(await alertsFor(recent.requestId)).toHaveLength(0);
    expect(await alertsFor(answered.requestId)).toHaveLength(0);

    await t.app.jobs.runNow(SWEEP);
    expect(await alertsFor(late.requestId)).toHaveLength(1);
  });

  it('raises a new alert when the same request waits too long again in another state', async () => {
    const request = await insertWaitingRequest(t, ana.customerId, 'SUBMITTED', OVERDUE_HOURS);
    await t.app.jobs.runNow(SWEEP);
    await t.sql(`UPDATE purchase_request SET state = 'PRICING', queue = 'VENEZUELA', state_changed_at = now() - interval '${OVERDUE_HOURS} hours' WHERE id = $1`, [request.requestId]);
    await t.app.jobs.runNow(SWEEP);
    expect((await alertsFor(request.requestId)).map((a) => a.subjectState).sort()).toEqual(['PRICING', 'SUBMITTED']);
  });

  it('alerts on payments waiting for validation and on paid orders waiting for the supplier payment', async () => {
    const unpaid = await insertOrderInState(t, ana.customerId, { state: 'PENDING_PAYMENT' });
    const payment = await insertSubmittedPayment(t, unpaid, ana.customerId, OVERDUE_HOURS);
    const paid = await insertOrderInState(t, ana.customerId, { state: 'PAID', stateChangedHoursAgo: OVERDUE_HOURS });
    const purchased = await insertOrderInState(t, ana.customerId, { state: 'PURCHASED', stateChangedHoursAgo: OVERDUE_HOURS });
    await t.app.jobs.runNow(SWEEP);
    expect(await alertsFor(payment)).toEqual([
      expect.objectContaining({ kind: 'PAYMENT_WAITING_VALIDATION', subjectType: 'Payment', subjectState: 'SUBMITTED', reference: unpaid.number }),
    ]);
    expect(await alertsFor(paid.orderId)).toEqual([
      expect.objectContaining({ kind: 'ORDER_WAITING_ON_STAFF', subjectType: 'Order', subjectState: 'PAID', reference: paid.number }),
    ]);
    expect(await alertsFor(purchased.orderId)).toHaveLength(0);
  });

  it('pushes each new alert to a Master\'s subscription and notifies every Master in-app', async () => {
    const feed = master.subscribe(AlertRaised, {});
    await feed.ready;
    const request = await insertWaitingRequest(t, ana.customerId, 'MODIFICATION_REQUESTED', OVERDUE_HOURS);
    await t.app.jobs.runNow(SWEEP);
    const event = await feed.next();
    expect(event.alertRaised.alert).toMatchObject({ kind: 'REQUEST_WAITING_ON_STAFF', subjectId: request.requestId, reference: request.number });
    feed.close();

    const notifications = (await master.ok(StaffNotifications, {})).myNotifications.edges.map((e) => e.node);
    const forRequest = notifications.filter((n) => n.kind === 'STAFF_ALERT' && (n.data as { subjectId?: string }).subjectId === request.requestId);
    expect(forRequest).toHaveLength(1);
    expect(forRequest[0]!.data).toMatchObject({ alertId: event.alertRaised.alert.id, subjectType: 'PurchaseRequest' });
  });
});

describe('alerts for the Master', () => {
  it('words each alert in the language asked, Spanish by default, and an older alert without English in Spanish', async () => {
    const request = await insertWaitingRequest(t, ana.customerId, 'SUBMITTED', OVERDUE_HOURS);
    const unpaid = await insertOrderInState(t, ana.customerId, { state: 'PENDING_PAYMENT' });
    const payment = await insertSubmittedPayment(t, unpaid, ana.customerId, OVERDUE_HOURS);
    const paid = await insertOrderInState(t, ana.customerId, { state: 'PAID', stateChangedHoursAgo: OVERDUE_HOURS });
    await t.app.jobs.runNow(SWEEP);
    const messages = async (language: 'ES' | 'EN') =>
      new Map((await master.ok(AlertMessages, { language })).alerts.edges.map(({ node }) => [node.subjectId, node]));

    const spanish = {
      request: `La solicitud ${request.number} lleva más de 24 h recibida, sin atender.`,
      payment: `Un pago de la orden ${unpaid.number} lleva más de 24 h esperando validación.`,
      order: `La orden ${paid.number} está pagada y lleva más de 24 h esperando el pago al proveedor.`,
    };
    const inSpanish = await messages('ES');
    expect(inSpanish.get(request.requestId)).toEqual({ subjectId: request.requestId, byDefault: spanish.request, spanish: spanish.request, asked: spanish.request });
    expect(inSpanish.get(payment)?.asked).toBe(spanish.payment);
    expect(inSpanish.get(paid.orderId)?.asked).toBe(spanish.order);

    const inEnglish = await messages('EN');
    expect(inEnglish.get(request.requestId)).toEqual({
      subjectId: request.requestId, byDefault: spanish.request, spanish: spanish.request,
      asked: `Request ${request.number} has been received and not yet taken up for more than 24 h.`,
    });
    expect(inEnglish.get(payment)?.asked).toBe(`A payment for order ${unpaid.number} has been waiting for validation for more than 24 h.`);
    expect(inEnglish.get(paid.orderId)?.asked).toBe(`Order ${paid.number} is paid and has been waiting for the supplier payment for more than 24 h.`);

    await t.sql('UPDATE alert SET message_en = NULL WHERE subject_id = $1', [request.requestId]);
    expect((await messages('EN')).get(request.requestId)?.asked).toBe(spanish.request);
  });

  it('acknowledges an alert (audited) and filters open ones', async () => {
    const request = await insertWaitingRequest(t, ana.customerId, 'PRICING', OVERDUE_HOURS);
    await t.app.jobs.runNow(SWEEP);
    const [alert] = await alertsFor(request.requestId);
    const data = await master.ok(AcknowledgeAlert, { id: alert!.id });
    expect(data.acknowledgeAlert.acknowledgedAt).not.toBeNull();
    const again = await master.ok(AcknowledgeAlert, { id: alert!.id });
    expect(again.acknowledgeAlert.acknowledgedAt).toBe(data.acknowledgeAlert.acknowledgedAt);

    const open = await master.ok(Alerts, { open: true });
    expect(open.alerts.edges.some((e) => e.node.id === alert!.id)).toBe(false);
    const closed = await master.ok(Alerts, { open: false });
    expect(closed.alerts.edges.map((e) => e.node.id)).toContain(alert!.id);
    const audit = await t.sql('SELECT actor_name FROM audit_log_entry WHERE action = $1 AND target_id = $2', ['alert.acknowledged', alert!.id]);
    expect(audit).toEqual([{ actor_name: 'Marta Master' }]);
    expect(await master.errorCode(AcknowledgeAlert, { id: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
  });

  it('is FORBIDDEN to everyone but the Master', async () => {
    for (const role of ['VENEZUELA_AGENT', 'SUPERVISOR', 'PAYMENT_VALIDATOR'] as const) {
      expect(await (await t.asStaff(role)).errorCode(Alerts, {})).toBe('FORBIDDEN');
    }
    expect(await ana.errorCode(Alerts, {})).toBe('FORBIDDEN');
    const [row] = await t.sql<{ id: string }>('SELECT id FROM alert LIMIT 1');
    expect(await ana.errorCode(AcknowledgeAlert, { id: row!.id })).toBe('FORBIDDEN');
  });

  it('refuses the alert subscription to non-Masters', async () => {
    const feed = (await t.asStaff('VENEZUELA_AGENT')).subscribe(AlertRaised, {});
    // The refusal arrives as the operation's only result; give it time to land before asking for events.
    await new Promise((r) => setTimeout(r, 500));
    await expect(feed.next(100)).rejects.toThrow(/FORBIDDEN/);
    feed.close();
  });
});

describe('searching and ordering alerts', () => {
  const LIST = `query ($search: String, $order: ListOrder, $open: Boolean, $first: Int!, $after: String) {
    alerts(search: $search, order: $order, open: $open, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { reference } } }
  }`;
  const list = async (vars: { search?: string; order?: string; open?: boolean; first?: number; after?: string | null }) =>
    (await master.ok<{ alerts: Page<{ reference: string }> }, unknown>(LIST, { first: 100, ...vars })).alerts;
  const references = async (vars: { search?: string; order?: string; open?: boolean }) => (await list(vars)).edges.map((e) => e.node.reference);

  // Four alerts of this test only (tag); the first two raised at the same instant, so the id breaks the tie.
  const tag = `AL${Date.now().toString(36).toUpperCase()}`;
  const ref = (n: number) => `${tag}-${n}`;

  beforeAll(async () => {
    const rows: [number, string, string, string | null][] = [
      [1, 'El pedido espera respuesta', '2026-04-01T08:00:00.000Z', null],
      [2, 'El pago espera validación', '2026-04-01T08:00:00.000Z', null],
      [3, 'Zapatillas deportivas sin cotizar', '2026-04-02T08:00:00.000Z', '2026-04-03T08:00:00.000Z'],
      [4, 'El pedido espera el pago al proveedor', '2026-03-30T08:00:00.000Z', null],
    ];
    for (const [n, message, raisedAt, acknowledgedAt] of rows) {
      await t.sql(
        `INSERT INTO alert (id, kind, subject_type, subject_id, subject_state, reference, message, waiting_since, created_at, acknowledged_at)
         VALUES (gen_random_uuid(), 'ORDER_WAITING_ON_STAFF', 'Order', gen_random_uuid(), 'PAID', $1, $2, $3, $3, $4)`,
        [ref(n), message, raisedAt, acknowledgedAt],
      );
    }
  });

  it('finds alerts by reference, ignoring case and spaces, or by a word of the message, and no others', async () => {
    expect((await references({ search: ` ${tag.toLowerCase()} ` })).sort()).toEqual([1, 2, 3, 4].map(ref));
    expect(await references({ search: ref(2) })).toEqual([ref(2)]);
    expect(await references({ search: 'zapatillas DEPORTIVAS' })).toEqual([ref(3)]);
    const open = await references({ search: tag, open: true, order: 'OLDEST_FIRST' });
    expect(open[0]).toBe(ref(4));
    expect([...open].sort()).toEqual([1, 2, 4].map(ref));
    expect((await list({ search: '100%' })).totalCount).toBe(0);
  });

  it('lists newest first by default and oldest first on request, every alert once across pages', async () => {
    const newest = await references({ search: tag });
    expect(await references({ search: tag, order: 'NEWEST_FIRST' })).toEqual(newest);
    expect(newest[0]).toBe(ref(3));
    expect(newest[3]).toBe(ref(4));
    const oldest = await references({ search: tag, order: 'OLDEST_FIRST' });
    expect(oldest).toEqual([...newest].reverse());
    for (const [order, whole] of [['NEWEST_FIRST', newest], ['OLDEST_FIRST', oldest]] as const) {
      for (const first of [1, 2]) expect((await allPages((after) => list({ search: tag, order, first, after }))).map((n) => n.reference)).toEqual(whole);
    }
  });

  it('refuses a search over 100 characters or an unknown order as BAD_USER_INPUT, and customers as FORBIDDEN', async () => {
    expect(await master.errorCode(LIST, { search: 'x'.repeat(101), first: 10 })).toBe('BAD_USER_INPUT');
    expect(await master.errorCode(LIST, { order: 'SIDEWAYS', first: 10 })).toBe('BAD_USER_INPUT');
    expect(await ana.errorCode(LIST, { search: tag, first: 10 })).toBe('FORBIDDEN');
  });
});
