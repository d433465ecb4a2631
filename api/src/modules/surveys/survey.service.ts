import { LockMode, type EntityManager, type ObjectQuery } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { customerIdOf } from '../../auth/auth-checker';
import { type Connection, paginate } from '../../shared/connection';
import { DomainError } from '../../shared/errors';
import { directionOf } from '../../shared/list-order';
import { containsPattern } from '../../shared/search';
import { transact } from '../../shared/transaction';
import type { Customer } from '../identity/customer.entity';
import { notifyUser } from '../notifications/notification.service';
import type { Order } from '../orders/order.entity';
import type { Ticket } from '../tickets/ticket.entity';
import type { StaffSurveysArgs, SubmitSurveyInput, SurveyPeriodArgs, SurveysArgs } from './survey.inputs';
import { NpsCategory, Survey } from './survey.entity';
import { netPromoterScore, npsCategory } from './survey.rules';

/**
 * Invites the customer of a just-delivered order to the satisfaction survey (DESIGN flow step 11): the
 * survey row and an in-app SURVEY_INVITATION notification, in the delivering transaction.
 */
export function inviteToSurvey(em: EntityManager, order: Order, customer: Customer): Survey {
  const survey = em.create(Survey, { order, customer, invitedAt: new Date() });
  em.persist(survey);
  notifyUser(em, {
    userId: customer.user.id,
    kind: 'SURVEY_INVITATION',
    title: { es: '¿Cómo te fue con tu pedido?', en: 'How did your order go?' },
    body: {
      es: `Cuéntanos tu experiencia con la orden ${order.number}: responder la encuesta toma un minuto.`,
      en: `Tell us about your experience with order ${order.number}: the survey takes a minute.`,
    },
    data: { surveyId: survey.id, orderId: order.id },
  });
  return survey;
}

/**
 * Asks the customer of a just-resolved support ticket the satisfaction question (issue 10), in the resolving
 * transaction: the survey row and an in-app SURVEY_INVITATION notification. A ticket is asked once: resolving it
 * again after a reopening asks nothing new (the caller checks with `hasTicketSurvey`).
 */
export function inviteToTicketSurvey(em: EntityManager, ticket: Ticket, customer: Customer): Survey {
  const survey = em.create(Survey, { ticket, customer, invitedAt: new Date() });
  em.persist(survey);
  notifyUser(em, {
    userId: customer.user.id,
    kind: 'SURVEY_INVITATION',
    title: { es: '¿Te ayudamos bien?', en: 'Did we help you well?' },
    body: {
      es: `Tu ticket ${ticket.number} fue resuelto. Cuéntanos cómo te atendimos: toma un minuto.`,
      en: `Your ticket ${ticket.number} was resolved. Tell us how we did: it takes a minute.`,
    },
    data: { surveyId: survey.id, ticketId: ticket.id },
  });
  return survey;
}

/** Whether the ticket's satisfaction question was already asked. */
export async function hasTicketSurvey(em: EntityManager, ticketId: string): Promise<boolean> {
  return (await em.count(Survey, { ticket: ticketId })) > 0;
}

/**
 * The customer answers their own survey, once (seed 001). The row is locked so two submissions cannot both
 * pass the check; another customer's survey is NOT_FOUND. Throws SURVEY_ALREADY_SUBMITTED.
 */
export async function submitSurvey(ctx: Context, input: SubmitSurveyInput): Promise<Survey> {
  const customerId = customerIdOf(ctx);
  return transact(ctx, async (em) => {
    const survey = await em.findOne(Survey, { id: input.surveyId, customer: customerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!survey) throw new DomainError('NOT_FOUND');
    if (survey.submittedAt) throw new DomainError('SURVEY_ALREADY_SUBMITTED');
    survey.generalScore = input.generalScore;
    survey.responseTimeScore = input.responseTimeScore;
    survey.qualityScore = input.qualityScore;
    survey.priceScore = input.priceScore;
    survey.attentionScore = input.attentionScore;
    survey.recommendScore = input.recommendScore;
    survey.npsCategory = npsCategory(input.recommendScore) as NpsCategory;
    survey.comments = input.comments?.trim() || null;
    survey.submittedAt = new Date();
    return survey;
  });
}

/** A survey by id for staff; NOT_FOUND for an unknown or malformed id. */
export async function findSurvey(em: EntityManager, id: string): Promise<Survey> {
  const survey = await em.findOne(Survey, id);
  if (!survey) throw new DomainError('NOT_FOUND');
  return survey;
}

/** Averages of the answered surveys, per dimension (scores 1–10, recommend 0–10), 2 decimals; null when none. */
export interface SurveyAverages {
  general: number | null;
  responseTime: number | null;
  quality: number | null;
  price: number | null;
  attention: number | null;
  recommend: number | null;
}

/** Satisfaction KPIs (DESIGN "Reports and KPIs": satisfaction per dimension, NPS). */
export interface SurveySummaryData {
  invited: number;
  submitted: number;
  averages: SurveyAverages;
  promoters: number;
  passives: number;
  detractors: number;
  /** −100…100, null when nobody answered. */
  netPromoterScore: number | null;
}

/**
 * Aggregates the surveys in two queries (averages, recommend-score histogram); NPS by `netPromoterScore`.
 * With a period, `invited` counts the invitations sent in it and every other figure the answers given in it,
 * so the NPS matches the survey list of the same period. BAD_USER_INPUT {field: 'to'} for an empty period.
 */
export async function surveySummary(em: EntityManager, period: SurveyPeriodArgs = {}): Promise<SurveySummaryData> {
  checkPeriod(period);
  const invited = timeConditions('invited_at', period);
  const answered = timeConditions('submitted_at', period);
  answered.sql.unshift('submitted_at IS NOT NULL');
  const [totals] = await em.execute<Record<string, string | null>[]>(
    `SELECT (SELECT count(*) FROM survey WHERE ${invited.sql.join(' AND ') || 'true'})::text AS invited, count(*)::text AS submitted,
            round(avg(general_score), 2)::text AS general, round(avg(response_time_score), 2)::text AS response_time,
            round(avg(quality_score), 2)::text AS quality, round(avg(price_score), 2)::text AS price,
            round(avg(attention_score), 2)::text AS attention, round(avg(recommend_score), 2)::text AS recommend
       FROM survey WHERE ${answered.sql.join(' AND ')}`,
    [...invited.params, ...answered.params],
  );
  const histogram = await em.execute<{ score: number; count: string }[]>(
    `SELECT recommend_score AS score, count(*)::text AS count FROM survey WHERE ${answered.sql.join(' AND ')} GROUP BY recommend_score`,
    answered.params,
  );
  const scores = histogram.flatMap((row) => Array<number>(Number(row.count)).fill(row.score));
  const categories = scores.map(npsCategory);
  const count = (c: string) => categories.filter((x) => x === c).length;
  const num = (v: string | null | undefined) => (v == null ? null : Number(v));
  return {
    invited: Number(totals.invited),
    submitted: Number(totals.submitted),
    averages: {
      general: num(totals.general),
      responseTime: num(totals.response_time),
      quality: num(totals.quality),
      price: num(totals.price),
      attention: num(totals.attention),
      recommend: num(totals.recommend),
    },
    promoters: count('PROMOTER'),
    passives: count('PASSIVE'),
    detractors: count('DETRACTOR'),
    netPromoterScore: netPromoterScore(scores),
  };
}

/**
 * Staff: every survey (answered or not, or only one of them), found by order number or customer code or name,
 * answered in `period` when one is given, newest or oldest invitation first. BAD_USER_INPUT {field: 'to'} for
 * an empty period.
 */
export function listSurveys(ctx: Context, args: StaffSurveysArgs, period: SurveyPeriodArgs): Promise<Connection<Survey>> {
  checkPeriod(period);
  const where = surveysWhere(args, {});
  const pattern = containsPattern(args.search);
  if (pattern) where.$or = [{ order: { number: { $ilike: pattern } } }, { ticket: { number: { $ilike: pattern } } }, { customer: { code: { $ilike: pattern } } }, { customer: { fullName: { $ilike: pattern } } }];
  if (period.from || period.to) {
    // Beside `submitted`, which may already constrain the answer time: both must hold (pending ones have none).
    where.$and = [{ submittedAt: { ...(period.from ? { $gte: period.from } : {}), ...(period.to ? { $lt: period.to } : {}) } }];
  }
  const direction = directionOf(args.order);
  return paginate(ctx.em, Survey, where, args, { invitedAt: direction, id: direction });
}

/** The calling customer's surveys, newest invitation first. */
export function listMySurveys(ctx: Context, args: SurveysArgs): Promise<Connection<Survey>> {
  return paginate(ctx.em, Survey, surveysWhere(args, { customer: customerIdOf(ctx) }), args, { invitedAt: 'desc', id: 'desc' });
}

function surveysWhere(args: SurveysArgs, base: ObjectQuery<Survey>): ObjectQuery<Survey> {
  if (args.submitted == null) return base;
  return { ...base, submittedAt: args.submitted ? { $ne: null } : null };
}

// A period whose end is not after its start holds nothing: a mistake worth saying, not an empty page.
function checkPeriod(period: SurveyPeriodArgs): void {
  if (period.from && period.to && period.to <= period.from) throw new DomainError('BAD_USER_INPUT', { field: 'to', reason: 'NOT_AFTER_FROM' });
}

// `column >= from` and `column < to`, for each end of the period given, as SQL and its parameters.
function timeConditions(column: string, period: SurveyPeriodArgs): { sql: string[]; params: Date[] } {
  const sql: string[] = [];
  const params: Date[] = [];
  if (period.from) {
    sql.push(`${column} >= ?`);
    params.push(period.from);
  }
  if (period.to) {
    sql.push(`${column} < ?`);
    params.push(period.to);
  }
  return { sql, params };
}
