import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
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
    expect(data.mySurveys.edges.every((e) => e.node.submittedAt === null && e.node.order.number.startsWith('PO-'))).toBe(true);
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
