import { z } from 'zod';
import type { T } from '../i18n/i18n';

/**
 * One schema per form, used by conform in the browser (as the user types) and by the route's action on the
 * server. Built from `t` so the messages are in the page's language. Rules mirror the API's inputs
 * (RegisterCustomerInput and friends); the API stays the judge and its refusals are shown beside the field.
 */

const required = (t: T) => z.string({ error: t('form.required') }).trim().min(1, t('form.required'));
const sixDigits = (t: T) => required(t).regex(/^\d{6}$/, t('verify.codeInvalid'));
const password = (t: T) => z.string({ error: t('form.required') }).min(8, t('signUp.passwordShort'));

export const signInSchema = (t: T) =>
  z.object({
    login: required(t),
    password: z.string({ error: t('form.required') }).min(1, t('form.required')),
    redirectTo: z.string().optional(),
  });

export const signUpSchema = (t: T) =>
  z.object({
    fullName: required(t).max(120),
    username: required(t).regex(/^[A-Za-z0-9._-]{3,32}$/, t('signUp.usernameInvalid')),
    phone: required(t).regex(/^\+?[\d\s().-]{7,20}$/, t('signUp.phoneInvalid')),
    email: z.email(t('signUp.emailInvalid')).optional(),
    password: password(t),
  });

export const verifySchema = (t: T) => z.object({ code: sixDigits(t) });

export const resetRequestSchema = (t: T) => z.object({ login: required(t) });

export const resetPasswordSchema = (t: T) => z.object({ code: sixDigits(t), newPassword: password(t) });

/** Units of one request, as the API bounds them (api/src/shared/bounds.ts). */
const MAX_QUANTITY = 1_000_000;
/** Photos per request (the API's MAX_REQUEST_PHOTOS). */
export const MAX_REQUEST_PHOTOS = 10;
const note = (t: T) => required(t).min(3, t('quote.noteShort')).max(2000, t('quote.noteLong'));

/** createPurchaseRequest's input: a product link or photos (uploaded first), and what to quote. */
export const quoteRequestSchema = (t: T) =>
  z
    .object({
      productUrl: z.url({ protocol: /^https?$/, error: t('quoteNew.urlInvalid') }).max(2000).optional(),
      photoUploadIds: z.array(z.uuid()).max(MAX_REQUEST_PHOTOS, t('quoteNew.tooManyPhotos')).optional(),
      description: required(t).min(3, t('quoteNew.descriptionShort')).max(4000),
      quantity: z.number({ error: t('quoteNew.quantityInvalid') }).int(t('quoteNew.quantityInvalid')).min(1, t('quoteNew.quantityInvalid')).max(MAX_QUANTITY, t('quoteNew.quantityInvalid')),
      specifications: z.string().trim().max(4000).optional(),
      purchaseType: z.enum(['RETAIL', 'WHOLESALE'], { error: t('form.required') }),
      shippingMethods: z.array(z.enum(['AIR', 'SEA', 'DOOR_TO_DOOR']), { error: t('quoteNew.methodsRequired') }).min(1, t('quoteNew.methodsRequired')),
      nationalDelivery: z.enum(['COURIER', 'OFFICE_PICKUP'], { error: t('form.required') }),
    })
    // Checked even while other fields are wrong (`when`), so every missing thing is said at once.
    .refine((v) => Boolean(v?.productUrl) || (v?.photoUploadIds?.length ?? 0) > 0, { path: ['productUrl'], message: t('quoteNew.urlOrPhotos'), when: () => true });

/** acceptQuoteOption, requestQuoteModification and rejectQuote: one form per action, told apart by `intent`. */
export const quoteAnswerSchema = (t: T) =>
  z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('accept'), optionId: z.uuid() }),
    z.object({ intent: z.literal('modify'), note: note(t) }),
    z.object({ intent: z.literal('reject'), reason: note(t) }),
  ]);

// ── Orders: report a payment, answer the satisfaction survey ──────────────────────────────────────────────

/** Payment methods by currency (seed 003 step 8): bolívares first, as most customers pay. */
export const PAYMENT_METHODS = ['PAGO_MOVIL', 'BANK_TRANSFER', 'ZELLE', 'BINANCE', 'PAYPAL'] as const;
export type PaymentMethodName = (typeof PAYMENT_METHODS)[number];
/** The currency a method moves: the API's `currencyOfMethod`. */
export const currencyOf = (method: PaymentMethodName): 'VES' | 'USD' => (method === 'PAGO_MOVIL' || method === 'BANK_TRANSFER' ? 'VES' : 'USD');
/** The API's largest amount (api/src/shared/bounds.ts maxMoneyMinor). */
const MAX_MONEY_MINOR = 1_000_000_000_000;
/** The five 1–10 scores of the survey (seed 001), in the order they are asked. */
export const SURVEY_SCORES = ['generalScore', 'responseTimeScore', 'qualityScore', 'priceScore', 'attentionScore'] as const;

/** "1250,50" or "1250.50" (no thousands separator) as minor units; null when it is not such an amount. */
export function parseAmountMinor(text: string): number | null {
  const match = /^(\d{1,10})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

const score = (t: T, min: number) => z.number({ error: t('survey.scoreRequired') }).int().min(min, t('survey.scoreRequired')).max(10, t('survey.scoreRequired'));

/**
 * The order page's two forms, told apart by `intent`: submitPayment (the amount typed in the method's
 * currency becomes minor units; the proof is an upload id from `POST /photos`) and submitSurvey.
 */
export const orderActionSchema = (t: T) =>
  z.discriminatedUnion('intent', [
    z.object({
      intent: z.literal('pay'),
      method: z.enum(PAYMENT_METHODS, { error: t('payment.methodRequired') }),
      amount: required(t).transform((text, ctx) => {
        const minor = parseAmountMinor(text);
        if (minor === null || minor < 1 || minor > MAX_MONEY_MINOR) {
          ctx.addIssue({ code: 'custom', message: t('payment.amountInvalid') });
          return z.NEVER;
        }
        return minor;
      }),
      reference: required(t).max(200, t('payment.referenceLong')),
      proofUploadId: z.uuid().optional(),
    }),
    z.object({
      intent: z.literal('survey'),
      surveyId: z.uuid(),
      generalScore: score(t, 1),
      responseTimeScore: score(t, 1),
      qualityScore: score(t, 1),
      priceScore: score(t, 1),
      attentionScore: score(t, 1),
      recommendScore: score(t, 0),
      comments: z.string().trim().max(4000, t('survey.commentsLong')).optional(),
    }),
  ]);
