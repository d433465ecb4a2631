import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
import { allPages, type Page } from '../helpers/pages';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';
import { insertOrderInState } from './factories/logistics';

const Deliver = graphql(`
  mutation DeliverOrder($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { id } }
`);
const MySurveys = graphql(`
  query MySurveys($submitted: Boolean) {
    mySurveys(submitted: $submitted) { totalCount edges { node { id submittedAt npsCategory order { id number } } } }
  }
`);
const MySurveysWithCustomer = graphql(`
  query MySurveysWithCustomer { mySurveys { edges { node { id customer { code } } } } }
`);
const SubmitSurvey = graphql(`
  mutation SubmitSurvey($input: SubmitSurveyInput!) {
    submitSurvey(input: $input) {
      id submittedAt generalScore responseTimeScore qualityScore priceScore attentionScore recommendScore npsCategory comments
    }
  }
`);
const Surveys = graphql(`
  query Surveys($submitted: Boolean) {
    surveys(submitted: $submitted, first: 50) { totalCount edges { node { id npsCategory customer { code } order { number } } } }
  }
`);
const Summary = graphql(`
  query SurveySummary {
    surveySummary {
      invited submitted promoters passives detractors netPromoterScore
      averages { general responseTime quality price attention recommend }
    }
  }
`);

let t: TestApi;
let venezuela: GqlClient;
let ana: TestCustomer;
let ben: TestCustomer;
beforeAll(async () => {
  t = await startTestApi();
  venezuela = await t.asStaff('VENEZUELA_AGENT');
  ana = await t.newCustomer();
  ben = await t.newCustomer();
});
afterAll(async () => {
  await t.stop();
});

/** Delivers a fresh order of `customer` through the API and returns the survey invitation it created. */
async function deliveredSurvey(customer: TestCustomer): Promise<string> {
  const order = await insertOrderInState(t, customer.customerId, { state: 'OUT_FOR_DELIVERY' });
  await venezuela.ok(Deliver, { input: { orderId: order.orderId, phase: 'DELIVERED', place: 'Caracas' } });
  const [row] = await t.sql<{ id: string }>('SELECT id FROM survey WHERE order_id = $1', [order.orderId]);
  return row!.id;
}

const answers = (surveyId: string, s: [number, number, number, number, number, number], comments?: string) => ({
  input: {
    surveyId, generalScore: s[0], responseTimeScore: s[1], qualityScore: s[2], priceScore: s[3], attentionScore: s[4], recommendScore: s[5], comments,
  },
});

// Every survey of this file, with the answers given (general, response time, quality, price, attention, recommend).
let s1: string;
let s2: string;
let s3: string;
let s4: string;

describe('answering a survey', () => {
  beforeAll(async () => {
    s1 = await deliveredSurvey(ana);
    s2 = await deliveredSurvey(ana);
    s3 = await deliveredSurvey(ben);
    s4 = await deliveredSurvey(ben);
    await deliveredSurvey(ben); // invited, never answered
  });

  it('lists the customer\'s own invitations only', async () => {
    const data = await ana.ok(MySurveys, {});
    expect(data.mySurveys.edges.map((e) => e.node.id).sort()).toEqual([s1, s2].sort());
    expect(data.mySurveys.edges.every((e) => e.node.submittedAt === null && e.node.order!.number.startsWith('PO-'))).toBe(true);
  });

  it('takes the answers once, with the NPS category of the recommend score', async () => {
    const data = await ana.ok(SubmitSurvey, answers(s1, [9, 8, 10, 7, 9, 10], '  Todo llegó perfecto  '));
    expect(data.submitSurvey).toMatchObject({
      generalScore: 9, responseTimeScore: 8, qualityScore: 10, priceScore: 7, attentionScore: 9, recommendScore: 10,
      npsCategory: 'PROMOTER', comments: 'Todo llegó perfecto',
    });
    expect(data.submitSurvey.submittedAt).not.toBeNull();
    expect(await ana.errorCode(SubmitSurvey, answers(s1, [1, 1, 1, 1, 1, 0]))).toBe('SURVEY_ALREADY_SUBMITTED');
    const [row] = await t.sql<{ recommend_score: number }>('SELECT recommend_score FROM survey WHERE id = $1', [s1]);
    expect(row!.recommend_score).toBe(10);
    expect((await ana.ok(MySurveys, { submitted: false })).mySurveys.edges.map((e) => e.node.id)).toEqual([s2]);
  });

  it.each([
    ['general 0', [0, 5, 5, 5, 5, 5]],
    ['general 11', [11, 5, 5, 5, 5, 5]],
    ['response time 0', [5, 0, 5, 5, 5, 5]],
    ['quality 11', [5, 5, 11, 5, 5, 5]],
    ['price 0', [5, 5, 5, 0, 5, 5]],
    ['attention 11', [5, 5, 5, 5, 11, 5]],
    ['recommend −1', [5, 5, 5, 5, 5, -1]],
    ['recommend 11', [5, 5, 5, 5, 5, 11]],
  ] as [string, [number, number, number, number, number, number]][])('refuses a score out of range (%s) with BAD_USER_INPUT', async (_label, scores) => {
    expect(await ana.errorCode(SubmitSurvey, answers(s2, scores))).toBe('BAD_USER_INPUT');
  });

  it('accepts a recommend score of 0 (a 0–10 scale, unlike the 1–10 dimensions)', async () => {
    // Checked on a throw-away invitation so the summary below keeps its hand-computed numbers.
    const extra = await deliveredSurvey(ana);
    expect((await ana.ok(SubmitSurvey, answers(extra, [1, 1, 1, 1, 1, 0]))).submitSurvey.npsCategory).toBe('DETRACTOR');
    await t.sql('DELETE FROM survey WHERE id = $1', [extra]);
  });

  it('answers NOT_FOUND for another customer\'s survey and FORBIDDEN for staff', async () => {
    expect(await ben.errorCode(SubmitSurvey, answers(s2, [5, 5, 5, 5, 5, 5]))).toBe('NOT_FOUND');
    expect(await venezuela.errorCode(SubmitSurvey, answers(s2, [5, 5, 5, 5, 5, 5]))).toBe('FORBIDDEN');
    const [row] = await t.sql<{ submitted_at: Date | null }>('SELECT submitted_at FROM survey WHERE id = $1', [s2]);
    expect(row!.submitted_at).toBeNull();
  });

  it('hides the customer of a survey from customers', async () => {
    expect(await ana.errorCode(MySurveysWithCustomer, {})).toBe('FORBIDDEN');
  });
});

describe('survey results for staff', () => {
  beforeAll(async () => {
    await ana.ok(SubmitSurvey, answers(s2, [7, 6, 8, 5, 8, 7]));
    await ben.ok(SubmitSurvey, answers(s3, [3, 2, 4, 1, 3, 3]));
    await ben.ok(SubmitSurvey, answers(s4, [10, 10, 9, 8, 10, 9]));
  });

  it('summarises averages per dimension, NPS categories and the NPS', async () => {
    const data = await venezuela.ok(Summary, {});
    // Answers: s1 [9,8,10,7,9,10], s2 [7,6,8,5,8,7], s3 [3,2,4,1,3,3], s4 [10,10,9,8,10,9]; one more invitation unanswered.
    expect(data.surveySummary).toEqual({
      invited: 5,
      submitted: 4,
      averages: { general: 7.25, responseTime: 6.5, quality: 7.75, price: 5.25, attention: 7.5, recommend: 7.25 },
      promoters: 2, // 10, 9
      passives: 1, // 7
      detractors: 1, // 3
      netPromoterScore: 25, // (2 − 1) / 4
    });
  });

  it('lists surveys with customer and order, filtered by answered', async () => {
    const answered = await venezuela.ok(Surveys, { submitted: true });
    expect(answered.surveys.totalCount).toBe(4);
    const s3Node = answered.surveys.edges.find((e) => e.node.id === s3)!.node;
    expect(s3Node).toMatchObject({ npsCategory: 'DETRACTOR', customer: { code: ben.code } });
    expect((await venezuela.ok(Surveys, { submitted: false })).surveys.totalCount).toBe(1);
  });

  it('is refused to customers and to staff without survey access', async () => {
    expect(await ana.errorCode(Summary, {})).toBe('FORBIDDEN');
    expect(await (await t.asStaff('CHINA_AGENT')).errorCode(Surveys, {})).toBe('FORBIDDEN');
    expect((await (await t.asStaff('MASTER')).ok(Summary, {})).surveySummary.netPromoterScore).toBe(25);
  });
});

// After the summaries above: these surveys are dated in 2025, so the figures above (all time) would change.
describe('survey results for a period, found and ordered', () => {
  const LIST = `query ($search: String, $order: ListOrder, $from: DateTimeISO, $to: DateTimeISO, $submitted: Boolean, $first: Int!, $after: String) {
    surveys(search: $search, order: $order, from: $from, to: $to, submitted: $submitted, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { order { number } } }
    }
  }`;
  const SUMMARY = `query ($from: DateTimeISO, $to: DateTimeISO) { surveySummary(from: $from, to: $to) { invited submitted promoters passives detractors netPromoterScore averages { recommend } } }`;
  type Vars = { search?: string; order?: string; from?: string; to?: string; submitted?: boolean; first?: number; after?: string | null };
  const list = async (vars: Vars) => (await venezuela.ok<{ surveys: Page<{ order: { number: string } }> }, unknown>(LIST, { first: 100, ...vars })).surveys;
  const orders = async (vars: Vars) => (await list(vars)).edges.map((e) => e.node.order.number);
  const JUNE = { from: '2025-06-01T00:00:00.000Z', to: '2025-07-01T00:00:00.000Z' };

  const tag = `Q${Date.now().toString(36)}`;
  let elena: TestCustomer;
  let fabio: TestCustomer;
  const number: Record<number, string> = {};

  beforeAll(async () => {
    elena = await t.newCustomer({ fullName: `Elena Márquez ${tag}` });
    fabio = await t.newCustomer({ fullName: `Fabio Rincón ${tag}` });
    // Surveys 1 and 2 were invited at the same instant (the id breaks the tie); 3 was answered in July; 4 never.
    const rows: [number, TestCustomer, string, string | null, number | null, string | null][] = [
      [1, elena, '2025-06-01T10:00:00.000Z', '2025-06-02T10:00:00.000Z', 10, 'PROMOTER'],
      [2, fabio, '2025-06-01T10:00:00.000Z', '2025-06-20T10:00:00.000Z', 3, 'DETRACTOR'],
      [3, elena, '2025-06-05T10:00:00.000Z', '2025-07-02T10:00:00.000Z', 8, 'PASSIVE'],
      [4, fabio, '2025-06-10T10:00:00.000Z', null, null, null],
    ];
    for (const [n, customer, invitedAt, submittedAt, recommend, category] of rows) {
      const order = await insertOrderInState(t, customer.customerId, { state: 'DELIVERED' });
      number[n] = order.number;
      const score = recommend === null ? null : Math.max(recommend, 1);
      await t.sql(
        `INSERT INTO survey (id, order_id, customer_id, invited_at, submitted_at, general_score, response_time_score, quality_score, price_score, attention_score,
           recommend_score, nps_category)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $5, $5, $5, $5, $6, $7)`,
        [order.orderId, customer.customerId, invitedAt, submittedAt, score, recommend, category],
      );
    }
  });

  it('finds surveys by order number, customer code or customer name, ignoring case and spaces, and no others', async () => {
    expect((await orders({ search: ` ${tag.toUpperCase()} ` })).sort()).toEqual([1, 2, 3, 4].map((n) => number[n]).sort());
    expect(await orders({ search: number[2]! })).toEqual([number[2]]);
    expect(await orders({ search: elena.code.toLowerCase(), order: 'OLDEST_FIRST' })).toEqual([number[1], number[3]]);
    expect(await orders({ search: `fabio rincón ${tag}`, order: 'OLDEST_FIRST' })).toEqual([number[2], number[4]]);
    expect(await orders({ search: tag, submitted: false })).toEqual([number[4]]);
    expect((await list({ search: '100%' })).totalCount).toBe(0);
  });

  it('keeps the surveys answered in the period (UTC, end exclusive), with either end open', async () => {
    expect((await orders({ search: tag, ...JUNE })).sort()).toEqual([number[1], number[2]].sort());
    expect(await orders({ search: tag, from: '2025-06-15T00:00:00.000Z', order: 'OLDEST_FIRST' })).toEqual([number[2], number[3]]);
    expect(await orders({ search: tag, to: '2025-06-02T10:00:00.000Z' })).toEqual([]);
    expect(await orders({ search: tag, to: '2025-06-02T10:00:00.001Z' })).toEqual([number[1]]);
    expect(await orders({ search: tag, submitted: false, ...JUNE })).toEqual([]);
  });

  it('orders by invitation time, newest first by default, and returns every survey once across pages', async () => {
    const newest = await orders({ search: tag });
    expect(await orders({ search: tag, order: 'NEWEST_FIRST' })).toEqual(newest);
    expect(newest.slice(0, 2)).toEqual([number[4], number[3]]);
    const oldest = await orders({ search: tag, order: 'OLDEST_FIRST' });
    expect(oldest).toEqual([...newest].reverse());
    for (const [order, whole] of [['NEWEST_FIRST', newest], ['OLDEST_FIRST', oldest]] as const) {
      for (const first of [1, 2, 3]) expect((await allPages((after) => list({ search: tag, order, first, after }))).map((n) => n.order.number)).toEqual(whole);
    }
  });

  it('summarises the answers given in the period, and the invitations sent in it, so the NPS matches the list', async () => {
    const june = (await venezuela.ok<{ surveySummary: Record<string, unknown> }, unknown>(SUMMARY, JUNE)).surveySummary;
    expect(june).toEqual({ invited: 4, submitted: 2, promoters: 1, passives: 0, detractors: 1, netPromoterScore: 0, averages: { recommend: 6.5 } });
    const july = (await venezuela.ok<{ surveySummary: Record<string, unknown> }, unknown>(SUMMARY, { from: JUNE.to, to: '2025-08-01T00:00:00.000Z' })).surveySummary;
    expect(july).toEqual({ invited: 0, submitted: 1, promoters: 0, passives: 1, detractors: 0, netPromoterScore: 0, averages: { recommend: 8 } });
  });

  it('refuses a period that ends before it starts, a long search or an unknown order as BAD_USER_INPUT, and customers as FORBIDDEN', async () => {
    const backwards = { from: JUNE.to, to: JUNE.from };
    const listError = await venezuela.request(LIST, { first: 5, ...backwards });
    expect(listError.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(await venezuela.errorCode(SUMMARY, { from: JUNE.from, to: JUNE.from })).toBe('BAD_USER_INPUT');
    expect(await venezuela.errorCode(LIST, { first: 5, search: 'x'.repeat(101) })).toBe('BAD_USER_INPUT');
    expect(await venezuela.errorCode(LIST, { first: 5, order: 'SIDEWAYS' })).toBe('BAD_USER_INPUT');
    expect(await venezuela.errorCode(LIST, { first: 5, from: 'mañana' })).toBe('BAD_USER_INPUT');
    expect(await elena.errorCode(LIST, { first: 5, search: tag })).toBe('FORBIDDEN');
    expect(await elena.errorCode(SUMMARY, JUNE)).toBe('FORBIDDEN');
  });
});
