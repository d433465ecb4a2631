import { GqlClient } from '../helpers/client';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { CLAIM_LAPSE_SWEEP } from '../../api/src/modules/claims/claims.jobs';
import { insertOrderInState, insertSubmittedPayment, insertWaitingRequest } from './factories/logistics';

const CLAIM = `mutation Claim($type: WorkSubjectType!, $id: ID!) {
  claimWork(subject: { type: $type, id: $id }) { subjectType subjectId heldBy { id displayName } heldSince lastActiveAt expiresAt }
}`;
const RELEASE = `mutation Release($type: WorkSubjectType!, $id: ID!) { releaseWork(subject: { type: $type, id: $id }) }`;
const ASSIGN = `mutation Assign($type: WorkSubjectType!, $id: ID!, $userId: ID!) {
  assignWork(subject: { type: $type, id: $id }, userId: $userId) { heldBy { displayName } heldSince }
}`;
const REQUEST_HOLDER = `query Holder($id: ID!) { purchaseRequest(id: $id) { id heldBy { id displayName } heldSince } }`;
const START = `mutation Start($id: ID!) { startSourcing(requestId: $id) { state } }`;
const SUBMIT = `mutation Submit($id: ID!) {
  submitSourcing(requestId: $id, input: {
    supplierUnitPriceMinor: 1500, chinaShippingMinor: 300, lengthCm: 30, widthCm: 20, heightCm: 10, weightKg: "1.2", supplierDispatchDays: 3
  }) { state }
}`;
const ME = `query Me { me { id displayName } }`;
const SIGN_IN = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }`;

type ClaimAnswer = { claimWork: { heldBy: { id: string; displayName: string }; heldSince: string; lastActiveAt: string; expiresAt: string } };

describe('claims on work items', () => {
  let t: TestApi;
  let china: GqlClient;
  let china2: GqlClient;
  let customer: TestCustomer;
  let chinaId: string;

  beforeAll(async () => {
    t = await startTestApi();
    china = await t.asStaff('CHINA_AGENT');
    chinaId = (await china.ok<{ me: { id: string } }, unknown>(ME)).me.id;
    const master = await t.asStaff('MASTER');
    await master.ok(`mutation ($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id } }`, {
      input: { username: 'china2', displayName: 'Chen Jing', password: 'clave-segura-2', roles: ['CHINA_AGENT'] },
    });
    const { signIn } = await t.anonymous().ok<{ signIn: { accessToken: string } }, unknown>(SIGN_IN, { input: { login: 'china2', password: 'clave-segura-2' } });
    china2 = new GqlClient(china.endpoints, signIn.accessToken);
    customer = await t.newCustomer();
  });
  afterAll(async () => {
    await china2?.close();
    await t?.stop();
  });

  const newRequest = async () => (await insertWaitingRequest(t, customer.customerId, 'SUBMITTED', 1)).requestId;

  it('tells the second agent who holds a request, and since when, in the error extensions and its message', async () => {
    const id = await newRequest();
    const first = await china.ok<ClaimAnswer, unknown>(CLAIM, { type: 'PURCHASE_REQUEST', id });
    expect(first.claimWork.heldBy.displayName).toBe('Li Wei (China)');
    const second = await china2.request(CLAIM, { type: 'PURCHASE_REQUEST', id });
    const error = second.errors![0]!;
    expect(error.extensions).toMatchObject({
      code: 'ALREADY_CLAIMED',
      heldBy: { id: chinaId, displayName: 'Li Wei (China)' },
      heldSince: first.claimWork.heldSince,
      messageEn: 'Someone else is already working on this.',
    });
    expect(error.message).toBe('Li Wei (China) ya está trabajando en esto.');
    const seen = await china2.ok<{ purchaseRequest: { heldBy: { displayName: string }; heldSince: string } }, unknown>(REQUEST_HOLDER, { id });
    expect(seen.purchaseRequest).toMatchObject({ heldBy: { displayName: 'Li Wei (China)' }, heldSince: first.claimWork.heldSince });
  });

  it('of two claims sent at the same moment exactly one wins, and the other is told who won', async () => {
    const id = await newRequest();
    const answers = await Promise.all([china.request(CLAIM, { type: 'PURCHASE_REQUEST', id }), china2.request(CLAIM, { type: 'PURCHASE_REQUEST', id })]);
    const winners = answers.filter((a) => !a.errors);
    const losers = answers.filter((a) => a.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = (winners[0]!.data as ClaimAnswer).claimWork.heldBy;
    expect(losers[0]!.errors![0]!.extensions).toMatchObject({ code: 'ALREADY_CLAIMED', heldBy: winner });
    const rows = await t.sql<{ holder_id: string }>('SELECT holder_id FROM work_claim WHERE subject_id = $1', [id]);
    expect(rows).toEqual([{ holder_id: winner.id }]);
  });

  it('refuses another agent\'s sourcing while the request is held, and lets them once it is released', async () => {
    const id = await newRequest();
    await china.ok(CLAIM, { type: 'PURCHASE_REQUEST', id });
    expect(await china2.errorCode(START, { id })).toBe('ALREADY_CLAIMED');
    expect(await china2.errorCode(SUBMIT, { id })).toBe('ALREADY_CLAIMED');
    expect(await china2.errorCode(RELEASE, { type: 'PURCHASE_REQUEST', id })).toBe('ALREADY_CLAIMED');
    expect(await china.ok(RELEASE, { type: 'PURCHASE_REQUEST', id })).toEqual({ releaseWork: true });
    expect(await china.ok(RELEASE, { type: 'PURCHASE_REQUEST', id })).toEqual({ releaseWork: false });
    expect((await china2.ok<{ purchaseRequest: { heldBy: null } }, unknown>(REQUEST_HOLDER, { id })).purchaseRequest.heldBy).toBeNull();
    expect(await china2.ok(SUBMIT, { id })).toEqual({ submitSourcing: { state: 'PRICING' } });
  });

  it('makes the agent who starts sourcing its holder, and drops the claim once the request leaves the China queue', async () => {
    const id = await newRequest();
    await china.ok(START, { id });
    expect((await china2.ok<{ purchaseRequest: { heldBy: { displayName: string } } }, unknown>(REQUEST_HOLDER, { id })).purchaseRequest.heldBy.displayName)
      .toBe('Li Wei (China)');
    await china.ok(SUBMIT, { id });
    const venezuela = await t.asStaff('VENEZUELA_AGENT');
    expect((await venezuela.ok<{ purchaseRequest: { heldBy: null } }, unknown>(REQUEST_HOLDER, { id })).purchaseRequest.heldBy).toBeNull();
    const taken = await venezuela.ok<{ claimWork: { heldBy: { displayName: string } } }, unknown>(CLAIM, { type: 'PURCHASE_REQUEST', id });
    expect(taken.claimWork.heldBy.displayName).toBe('Carlos Pérez (Venezuela)');
  });

  it('keeps the holder\'s "since" when they claim again, and moves only the activity', async () => {
    const id = await newRequest();
    const first = await china.ok<ClaimAnswer, unknown>(CLAIM, { type: 'PURCHASE_REQUEST', id });
    await t.sql(`UPDATE work_claim SET claimed_at = claimed_at - interval '10 minutes', last_active_at = last_active_at - interval '10 minutes' WHERE subject_id = $1`, [id]);
    const again = await china.ok<ClaimAnswer, unknown>(CLAIM, { type: 'PURCHASE_REQUEST', id });
    expect(new Date(again.claimWork.heldSince).getTime()).toBe(new Date(first.claimWork.heldSince).getTime() - 600_000);
    expect(new Date(again.claimWork.lastActiveAt).getTime()).toBeGreaterThanOrEqual(new Date(first.claimWork.lastActiveAt).getTime());
    expect(new Date(again.claimWork.expiresAt).getTime() - new Date(again.claimWork.lastActiveAt).getTime()).toBe(30 * 60_000);
  });

  it('lets another agent take a request whose holder has been idle longer than the configured time', async () => {
    const id = await newRequest();
    await china.ok(CLAIM, { type: 'PURCHASE_REQUEST', id });
    await t.sql(`UPDATE work_claim SET claimed_at = now() - interval '31 minutes', last_active_at = now() - interval '31 minutes' WHERE subject_id = $1`, [id]);
    expect((await china2.ok<{ purchaseRequest: { heldBy: null } }, unknown>(REQUEST_HOLDER, { id })).purchaseRequest.heldBy).toBeNull();
    const taken = await china2.ok<ClaimAnswer, unknown>(CLAIM, { type: 'PURCHASE_REQUEST', id });
    expect(taken.claimWork.heldBy.displayName).toBe('Chen Jing');
  });

  it('drops a lapsed claim in the sweep and tells the open China queue, leaving live claims alone', async () => {
    const lapsed = await newRequest();
    const live = await newRequest();
    await china.ok(CLAIM, { type: 'PURCHASE_REQUEST', id: lapsed });
    await china.ok(CLAIM, { type: 'PURCHASE_REQUEST', id: live });
    await t.sql(`UPDATE work_claim SET last_active_at = now() - interval '31 minutes' WHERE subject_id = $1`, [lapsed]);
    const queue = china2.subscribe<{ staffQueueUpdated: { request: { id: string; heldBy: null } } }, unknown>(
      `subscription { staffQueueUpdated(queue: CHINA) { request { id heldBy { displayName } } } }`,
    );
    await queue.ready;
    await t.app.jobs.runNow(CLAIM_LAPSE_SWEEP);
    expect((await queue.next()).staffQueueUpdated.request).toEqual({ id: lapsed, heldBy: null });
    queue.close();
    const rows = await t.sql<{ subject_id: string }>('SELECT subject_id FROM work_claim WHERE subject_id = ANY($1::uuid[])', [[lapsed, live]]);
    expect(rows).toEqual([{ subject_id: live }]);
  });

  it('lets the Master and a supervisor reassign, and refuses the agents', async () => {
    const id = await newRequest();
    await china.ok(CLAIM, { type: 'PURCHASE_REQUEST', id });
    const china2Id = (await china2.ok<{ me: { id: string } }, unknown>(ME)).me.id;
    expect(await china.errorCode(ASSIGN, { type: 'PURCHASE_REQUEST', id, userId: china2Id })).toBe('FORBIDDEN');
    const supervisor = await t.asStaff('SUPERVISOR');
    const given = await supervisor.ok<{ assignWork: { heldBy: { displayName: string } } }, unknown>(ASSIGN, { type: 'PURCHASE_REQUEST', id, userId: china2Id });
    expect(given.assignWork.heldBy.displayName).toBe('Chen Jing');
    expect(await china.errorCode(SUBMIT, { id })).toBe('ALREADY_CLAIMED');
    const master = await t.asStaff('MASTER');
    const masterId = (await master.ok<{ me: { id: string } }, unknown>(ME)).me.id;
    // The Master cannot source: giving them a China request is refused as input, not silently accepted.
    expect(await master.errorCode(ASSIGN, { type: 'PURCHASE_REQUEST', id, userId: masterId })).toBe('BAD_USER_INPUT');
    expect(await master.ok(RELEASE, { type: 'PURCHASE_REQUEST', id })).toEqual({ releaseWork: true });
  });

  it('refuses a claim to staff who may not do the work, and on an item nobody on staff has work on', async () => {
    const id = await newRequest();
    const validator = await t.asStaff('PAYMENT_VALIDATOR');
    expect(await validator.errorCode(CLAIM, { type: 'PURCHASE_REQUEST', id })).toBe('FORBIDDEN');
    expect(await customer.errorCode(CLAIM, { type: 'PURCHASE_REQUEST', id })).toBe('FORBIDDEN');
    const quoted = (await insertWaitingRequest(t, customer.customerId, 'QUOTED', 1)).requestId;
    await t.sql(`UPDATE purchase_request SET queue = NULL WHERE id = $1`, [quoted]);
    expect(await china.errorCode(CLAIM, { type: 'PURCHASE_REQUEST', id: quoted })).toBe('INVALID_STATE');
    expect(await china.errorCode(CLAIM, { type: 'PAYMENT', id: quoted })).toBe('NOT_FOUND');
    expect(await china.errorCode(CLAIM, { type: 'PURCHASE_REQUEST', id: 'nope' })).toBe('BAD_USER_INPUT');
  });

  it('holds payments for validators: another validator cannot decide one that is held', async () => {
    const order = await insertOrderInState(t, customer.customerId, { state: 'PENDING_PAYMENT' });
    await t.sql('UPDATE purchase_order SET settled_usd_minor = 0 WHERE id = $1', [order.orderId]);
    const paymentId = await insertSubmittedPayment(t, order, customer.customerId, 1);
    const validator = await t.asStaff('PAYMENT_VALIDATOR');
    const master = await t.asStaff('MASTER');
    await master.ok(`mutation ($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id } }`, {
      input: { username: 'pagos2', displayName: 'Rosa Pagos', password: 'clave-segura-3', roles: ['PAYMENT_VALIDATOR'] },
    });
    const { signIn } = await t.anonymous().ok<{ signIn: { accessToken: string } }, unknown>(SIGN_IN, { input: { login: 'pagos2', password: 'clave-segura-3' } });
    const validator2 = new GqlClient(china.endpoints, signIn.accessToken);
    try {
      await validator.ok(CLAIM, { type: 'PAYMENT', id: paymentId });
      expect(await validator2.errorCode(`mutation ($id: ID!) { validatePayment(paymentId: $id) { state } }`, { id: paymentId })).toBe('ALREADY_CLAIMED');
      const seen = await validator2.ok<{ payments: { edges: { node: { heldBy: { displayName: string } } }[] } }, unknown>(
        `query { payments(filter: { state: SUBMITTED }, first: 50) { edges { node { id heldBy { displayName } } } } }`,
      );
      expect(seen.payments.edges.map((e) => e.node.heldBy?.displayName)).toContain('Ana Rodríguez (Pagos)');
      expect(await validator.ok(`mutation ($id: ID!) { validatePayment(paymentId: $id) { state } }`, { id: paymentId })).toEqual({ validatePayment: { state: 'VALIDATED' } });
    } finally {
      await validator2.close();
    }
  });

  it('holds orders for logistics: another agent cannot record tracking on an order that is held', async () => {
    const order = await insertOrderInState(t, customer.customerId, { state: 'PURCHASED' });
    await china.ok(CLAIM, { type: 'ORDER', id: order.orderId });
    const record = `mutation ($id: ID!) { recordTrackingEvent(input: { orderId: $id, phase: AT_CHINA_WAREHOUSE, place: "Almacén Guangzhou" }) { id } }`;
    expect(await china2.errorCode(record, { id: order.orderId })).toBe('ALREADY_CLAIMED');
    const held = await china2.ok<{ order: { heldBy: { displayName: string } } }, unknown>(`query ($id: ID!) { order(id: $id) { heldBy { displayName } heldSince } }`, { id: order.orderId });
    expect(held.order.heldBy.displayName).toBe('Li Wei (China)');
    await china.ok(record, { id: order.orderId });
    // The order moved on to another phase: the claim no longer holds it.
    expect(await china2.ok(CLAIM, { type: 'ORDER', id: order.orderId })).toMatchObject({ claimWork: { heldBy: { displayName: 'Chen Jing' } } });
  });

  it('pushes a holder change to the open China queue, and not to the customer', async () => {
    const id = await newRequest();
    const queue = china2.subscribe<{ staffQueueUpdated: { request: { id: string; heldBy: { displayName: string } | null } } }, unknown>(
      `subscription { staffQueueUpdated(queue: CHINA) { request { id heldBy { displayName } } } }`,
    );
    const mine = customer.subscribe<{ purchaseRequestUpdated: { request: { id: string; state: string } } }, unknown>(
      `subscription ($id: ID) { purchaseRequestUpdated(id: $id) { request { id state } } }`, { id },
    );
    await Promise.all([queue.ready, mine.ready]);
    await china.ok(CLAIM, { type: 'PURCHASE_REQUEST', id });
    expect((await queue.next()).staffQueueUpdated.request).toEqual({ id, heldBy: { displayName: 'Li Wei (China)' } });
    await china.ok(RELEASE, { type: 'PURCHASE_REQUEST', id });
    expect((await queue.next()).staffQueueUpdated.request).toEqual({ id, heldBy: null });
    // The customer's first event is the state change, not the two holder changes before it.
    await china.ok(START, { id });
    expect((await mine.next()).purchaseRequestUpdated.request).toEqual({ id, state: 'SOURCING' });
    queue.close();
    mine.close();
  });
});
