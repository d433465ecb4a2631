import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
import { allPages, type Page } from '../helpers/pages';
import { startTestApi, type TestApi } from '../helpers/test-api';

const Parameters = graphql(`
  query BusinessParameters {
    businessParameters {
      version vesPerUsd profitMargin airRatePerKgMinor doorToDoorRatePerKgMinor seaRatePerCubicMeterMinor volumetricDivisor courierFeeMinor
      officePickupFeeMinor usdPaymentDiscount quoteResponseHours paymentDeadlineHours monthlyQuoteLimit modificationLimit
      staffResponseAlertHours timeZone changeReason changedByName effectiveFrom
    }
  }
`);
const History = graphql(`
  query BusinessParametersHistory($first: Int, $after: String) {
    businessParametersHistory(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { version vesPerUsd changeReason } }
    }
  }
`);
const Update = graphql(`
  mutation UpdateBusinessParameters($input: UpdateBusinessParametersInput!, $expectedVersion: Int!) {
    updateBusinessParameters(input: $input, expectedVersion: $expectedVersion) {
      version vesPerUsd profitMargin airRatePerKgMinor monthlyQuoteLimit timeZone changeReason changedByName
    }
  }
`);

let t: TestApi;
let master: GqlClient;
beforeAll(async () => {
  t = await startTestApi();
  master = await t.asStaff('MASTER');
});
afterAll(async () => {
  await t.stop();
});

async function currentVersion(): Promise<number> {
  return (await master.ok(Parameters)).businessParameters.version;
}

describe('business parameters (DESIGN "Master parameters")', () => {
  it('shows staff the parameters in force and hides them from customers', async () => {
    const agent = await t.asStaff('VENEZUELA_AGENT');
    const params = (await agent.ok(Parameters)).businessParameters;
    expect(params).toMatchObject({ version: 1, vesPerUsd: '36.500000', profitMargin: '0.250000', monthlyQuoteLimit: 5, modificationLimit: 2, timeZone: 'America/Caracas' });
    const ana = await t.newCustomer();
    expect(await ana.errorCode(Parameters)).toBe('FORBIDDEN');
    expect(await t.anonymous().errorCode(Parameters)).toBe('UNAUTHENTICATED');
  });

  it('puts a new version in force, copying the fields left out, and audits the changed fields', async () => {
    const updated = (await master.ok(Update, { input: { vesPerUsd: '40.25', airRatePerKgMinor: 1300, profitMargin: '0.25', changeReason: 'Tasa BCV del día' }, expectedVersion: 1 }))
      .updateBusinessParameters;
    expect(updated).toMatchObject({ version: 2, vesPerUsd: '40.250000', profitMargin: '0.250000', airRatePerKgMinor: 1300, monthlyQuoteLimit: 5, changeReason: 'Tasa BCV del día' });
    const current = (await master.ok(Parameters)).businessParameters;
    expect(current).toMatchObject({ version: 2, vesPerUsd: '40.250000', airRatePerKgMinor: 1300, courierFeeMinor: 500, timeZone: 'America/Caracas', changedByName: expect.any(String) });

    const history = (await master.ok(History, { first: 10 })).businessParametersHistory;
    expect(history.totalCount).toBe(2);
    expect(history.edges.map((e) => [e.node.version, e.node.vesPerUsd])).toEqual([[2, '40.250000'], [1, '36.500000']]);

    const audited = await t.sql<{ target_id: string; detail: { changes: Record<string, unknown>; reason: string; version: number } }>(
      `SELECT target_id, detail FROM audit_log_entry WHERE action = 'settings.updated'`,
    );
    expect(audited).toHaveLength(1);
    expect(audited[0]!.target_id).toBe('2');
    // profitMargin was sent unchanged, so it is not a change.
    expect(audited[0]!.detail).toMatchObject({
      version: 2,
      reason: 'Tasa BCV del día',
      changes: { vesPerUsd: { from: '36.500000', to: '40.250000' }, airRatePerKgMinor: { from: 1200, to: 1300 } },
    });
    expect(Object.keys(audited[0]!.detail.changes).sort()).toEqual(['airRatePerKgMinor', 'vesPerUsd']);
  });

  it('pages the history newest first', async () => {
    const first = (await master.ok(History, { first: 1 })).businessParametersHistory;
    expect(first.edges.map((e) => e.node.version)).toEqual([2]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await master.ok(History, { first: 1, after: first.pageInfo.endCursor })).businessParametersHistory;
    expect(second.edges.map((e) => e.node.version)).toEqual([1]);
  });

  it('refuses a change made against a version that is no longer current', async () => {
    expect(await master.errorCode(Update, { input: { vesPerUsd: '41', changeReason: 'Tasa vieja' }, expectedVersion: 1 })).toBe('STALE_PARAMETERS');
    expect(await currentVersion()).toBe(2);
  });

  it('lets exactly one of two simultaneous changes win', async () => {
    const version = await currentVersion();
    const results = await Promise.all([
      master.request(Update, { input: { vesPerUsd: '42', changeReason: 'Primera' }, expectedVersion: version }),
      master.request(Update, { input: { vesPerUsd: '43', changeReason: 'Segunda' }, expectedVersion: version }),
    ]);
    expect(results.filter((r) => r.data?.updateBusinessParameters).length).toBe(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'STALE_PARAMETERS').length).toBe(1);
    expect(await currentVersion()).toBe(version + 1);
  });

  it.each([
    ['a margin of 100 %', { profitMargin: '1' }],
    ['a margin with more than 6 decimals', { profitMargin: '0.1234567' }],
    ['a zero exchange rate', { vesPerUsd: '0' }],
    ['a negative exchange rate', { vesPerUsd: '-36.5' }],
    ['a discount of 100 %', { usdPaymentDiscount: '1.0' }],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }],
    ['a UTC offset instead of a zone', { timeZone: '+01:00' }],
    ['zero response hours', { quoteResponseHours: 0 }],
    ['a negative courier fee', { courierFeeMinor: -1 }],
    ['an empty change', {}],
  ])('refuses %s', async (_label, change) => {
    const version = await currentVersion();
    expect(await master.errorCode(Update, { input: { ...change, changeReason: 'Prueba de validación' }, expectedVersion: version })).toBe('BAD_USER_INPUT');
    expect(await currentVersion()).toBe(version);
  });

  it('requires a reason for every change', async () => {
    const version = await currentVersion();
    expect(await master.errorCode(Update, { input: { vesPerUsd: '44', changeReason: '' }, expectedVersion: version })).toBe('BAD_USER_INPUT');
  });

  it('accepts a zero discount and another IANA zone', async () => {
    const version = await currentVersion();
    const updated = (await master.ok(Update, { input: { usdPaymentDiscount: '0', timeZone: 'America/Santiago', changeReason: 'Sin descuento' }, expectedVersion: version }))
      .updateBusinessParameters;
    expect(updated).toMatchObject({ version: version + 1, timeZone: 'America/Santiago' });
    expect((await master.ok(Parameters)).businessParameters.usdPaymentDiscount).toBe('0.000000');
  });

  it('pages the history oldest first on request, newest first by default, every version exactly once', async () => {
    const HISTORY = `query ($order: ListOrder, $first: Int, $after: String) {
      businessParametersHistory(order: $order, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { version } } }
    }`;
    const read = async (order: string | null, first: number, after: string | null = null) =>
      (await master.ok<{ businessParametersHistory: Page<{ version: number }> }, unknown>(HISTORY, { order, first, after })).businessParametersHistory;
    const newest = (await read(null, 100)).edges.map((e) => e.node.version);
    expect(newest.length).toBeGreaterThanOrEqual(3);
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    const oldest = (await read('OLDEST_FIRST', 100)).edges.map((e) => e.node.version);
    expect(oldest).toEqual([...newest].reverse());
    expect(oldest[0]).toBe(1);
    for (const [order, whole] of [['NEWEST_FIRST', newest], ['OLDEST_FIRST', oldest]] as const) {
      expect((await allPages((after) => read(order, 2, after))).map((n) => n.version)).toEqual(whole);
    }
    expect(await master.errorCode(HISTORY, { order: 'SIDEWAYS', first: 2 })).toBe('BAD_USER_INPUT');
    expect(await (await t.newCustomer()).errorCode(HISTORY, { order: 'OLDEST_FIRST', first: 2 })).toBe('FORBIDDEN');
  });

  it('lets only the Master change parameters', async () => {
    const version = await currentVersion();
    for (const role of ['VENEZUELA_AGENT', 'PAYMENT_VALIDATOR', 'SUPERVISOR'] as const) {
      const staff = await t.asStaff(role);
      expect(await staff.errorCode(Update, { input: { vesPerUsd: '50', changeReason: 'Intento' }, expectedVersion: version })).toBe('FORBIDDEN');
    }
    const ana = await t.newCustomer();
    expect(await ana.errorCode(Update, { input: { vesPerUsd: '50', changeReason: 'Intento' }, expectedVersion: version })).toBe('FORBIDDEN');
    expect(await currentVersion()).toBe(version);
  });
});
