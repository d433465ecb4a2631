import * as z from 'zod/mini';
import type { T } from '../i18n/i18n';

/**
 * One schema per form, used by conform in the browser (as the user types) and by the route's action on the
 * server. Built from `t` so the messages are in the page's language. Rules mirror the API's inputs
 * (RegisterCustomerInput and friends); the API stays the judge and its refusals are shown beside the field.
 * Written with `zod/mini` (functions and `.check(...)` instead of methods): these schemas ship to the browser
 * on every form page, and zod's classic API cannot be tree-shaken (≈ 25 kB gzip more per page).
 */

/** A trimmed, non-empty string; `checks` run after the trim. */
const required = (t: T, ...checks: z.core.$ZodCheck<string>[]) =>
  z.string({ error: t('form.required') }).check(z.trim(), z.minLength(1, t('form.required')), ...checks);
/** At most `max` characters, said in the page's language (zod/mini has no default messages). */
const atMost = (t: T, max: number) => z.maxLength(max, t('form.tooLong', { max }));
const sixDigits = (t: T) => required(t, z.regex(/^\d{6}$/, t('verify.codeInvalid')));
const password = (t: T) => z.string({ error: t('form.required') }).check(z.minLength(8, t('signUp.passwordShort')));

export const signInSchema = (t: T) =>
  z.object({
    login: required(t),
    password: z.string({ error: t('form.required') }).check(z.minLength(1, t('form.required'))),
    redirectTo: z.optional(z.string()),
  });

export const signUpSchema = (t: T) =>
  z.object({
    fullName: required(t, atMost(t, 120)),
    username: required(t, z.regex(/^[A-Za-z0-9._-]{3,32}$/, t('signUp.usernameInvalid'))),
    phone: required(t, z.regex(/^\+?[\d\s().-]{7,20}$/, t('signUp.phoneInvalid'))),
    email: z.optional(z.email(t('signUp.emailInvalid'))),
    password: password(t),
  });

export const verifySchema = (t: T) => z.object({ code: sixDigits(t) });

export const resetRequestSchema = (t: T) => z.object({ login: required(t) });

export const resetPasswordSchema = (t: T) => z.object({ code: sixDigits(t), newPassword: password(t) });

/** Units of one request, as the API bounds them (api/src/shared/bounds.ts). */
const MAX_QUANTITY = 1_000_000;
/** Photos per request (the API's MAX_REQUEST_PHOTOS). */
export const MAX_REQUEST_PHOTOS = 10;
const note = (t: T) => required(t, z.minLength(3, t('quote.noteShort')), z.maxLength(2000, t('quote.noteLong')));

/** createPurchaseRequest's input: a product link or photos (uploaded first), and what to quote. */
export const quoteRequestSchema = (t: T) =>
  z
    .object({
      productUrl: z.optional(z.url({ protocol: /^https?$/, error: t('quoteNew.urlInvalid') }).check(atMost(t, 2000))),
      photoUploadIds: z.optional(z.array(z.uuid()).check(z.maxLength(MAX_REQUEST_PHOTOS, t('quoteNew.tooManyPhotos')))),
      description: required(t, z.minLength(3, t('quoteNew.descriptionShort')), atMost(t, 4000)),
      quantity: z.int({ error: t('quoteNew.quantityInvalid') }).check(z.minimum(1, t('quoteNew.quantityInvalid')), z.maximum(MAX_QUANTITY, t('quoteNew.quantityInvalid'))),
      specifications: z.optional(z.string().check(z.trim(), atMost(t, 4000))),
      purchaseType: z.enum(['RETAIL', 'WHOLESALE'], { error: t('form.required') }),
      shippingMethods: z.array(z.enum(['AIR', 'SEA', 'DOOR_TO_DOOR']), { error: t('quoteNew.methodsRequired') }).check(z.minLength(1, t('quoteNew.methodsRequired'))),
      nationalDelivery: z.enum(['COURIER', 'OFFICE_PICKUP'], { error: t('form.required') }),
    })
    // Checked even while other fields are wrong (`when`), so every missing thing is said at once.
    .check(z.refine((v) => Boolean(v?.productUrl) || (v?.photoUploadIds?.length ?? 0) > 0, { path: ['productUrl'], message: t('quoteNew.urlOrPhotos'), when: () => true }));

/** acceptQuoteOption, requestQuoteModification and rejectQuote: one form per action, told apart by `intent`. */
export const quoteAnswerSchema = (t: T) =>
  z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('accept'), optionId: z.uuid() }),
    z.object({ intent: z.literal('modify'), note: note(t) }),
    z.object({ intent: z.literal('reject'), reason: note(t) }),
  ]);

/**
 * publicTracking's arguments: a PO-, PK- or BX- number (any case, spaces allowed) and the customer code or the
 * phone's last 4 digits — the same shapes the API reads (public-tracking.rules.ts), which stays the judge.
 */
export const trackingSchema = (t: T) =>
  z.object({
    number: required(t, z.maxLength(40, t('track.numberInvalid')), z.regex(/^\s*(PO|PK|BX)[\s_-]*[0-9A-Z][0-9A-Z\s_-]*$/i, t('track.numberInvalid'))),
    secondFactor: required(
      t,
      z.maxLength(40, t('track.factorInvalid')),
      z.refine((v: string) => /^MC-[0-9A-Z]{6}$/i.test(v.replace(/\s+/g, '')) || /^\d{4}$/.test(v.replace(/[\s.\-()]+/g, '')), t('track.factorInvalid')),
    ),
  });

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

const score = (t: T, min: number) => z.int({ error: t('survey.scoreRequired') }).check(z.minimum(min, t('survey.scoreRequired')), z.maximum(10, t('survey.scoreRequired')));
const isAmount = (text: string) => {
  const minor = parseAmountMinor(text);
  return minor !== null && minor >= 1 && minor <= MAX_MONEY_MINOR;
};

/**
 * The order page's two forms, told apart by `intent`: submitPayment (the amount typed in the method's
 * currency becomes minor units; the proof is an upload id from `POST /photos`) and submitSurvey.
 */
export const orderActionSchema = (t: T) =>
  z.discriminatedUnion('intent', [
    z.object({
      intent: z.literal('pay'),
      method: z.enum(PAYMENT_METHODS, { error: t('payment.methodRequired') }),
      amount: z.pipe(
        required(t, z.refine(isAmount, t('payment.amountInvalid'))),
        z.transform((text: string) => parseAmountMinor(text) as number),
      ),
      reference: required(t, z.maxLength(200, t('payment.referenceLong'))),
      proofUploadId: z.optional(z.uuid()),
    }),
    surveyAnswerSchema(t),
  ]);

/** The satisfaction survey's answers (intent `survey`), on an order's page and a resolved ticket's page. */
const surveyAnswerSchema = (t: T) =>
  z.object({
    intent: z.literal('survey'),
    surveyId: z.uuid(),
    generalScore: score(t, 1),
    responseTimeScore: score(t, 1),
    qualityScore: score(t, 1),
    priceScore: score(t, 1),
    attentionScore: score(t, 1),
    recommendScore: score(t, 0),
    comments: z.optional(z.string().check(z.trim(), z.maxLength(4000, t('survey.commentsLong')))),
  });

/** Where a notification may lead: a request, an order or a ticket of the portal (never a URL from elsewhere). */
export const NOTIFICATION_TARGET = /^\/(quotes|orders|tickets)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The notification centre's buttons (markNotificationsRead): open one (read, then go to it), read one, read all. */
export const notificationSchema = () =>
  z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('open'), id: z.uuid(), to: z.string().check(z.regex(NOTIFICATION_TARGET)) }),
    z.object({ intent: z.literal('read'), id: z.uuid() }),
    z.object({ intent: z.literal('readAll') }),
  ]);

/** Ticket categories a customer may pick (TicketCategory); none: the API's classifier suggests one. */
export const TICKET_CATEGORIES = ['QUOTE', 'PAYMENT', 'SHIPPING', 'PRODUCT', 'ACCOUNT', 'OTHER'] as const;

/** A new support ticket (createMyTicket): subject 3–200, description 3–4000 characters, optional category. */
export const ticketSchema = (t: T) =>
  z.object({
    subject: required(t, z.minLength(3, t('form.tooShort', { min: 3 })), atMost(t, 200)),
    description: required(t, z.minLength(3, t('form.tooShort', { min: 3 })), atMost(t, 4000)),
    category: z.optional(z.enum(TICKET_CATEGORIES)),
  });

/** The ticket page's forms, told apart by `intent`: a reply, a reopening (with what is still wrong), the survey. */
export const ticketActionSchema = (t: T) =>
  z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('reply'), body: required(t, atMost(t, 4000)) }),
    z.object({ intent: z.literal('reopen'), body: required(t, atMost(t, 4000)) }),
    surveyAnswerSchema(t),
  ]);

/** Longest chat message (the API's ChatMessageInput: 2,000 characters). */
export const MAX_CHAT_MESSAGE = 2000;

/**
 * The chat panel's requests: write (the first message opens the chat; text and/or images), mark read up to a
 * message, typing on/off, close. The API judges emptiness with images in mind.
 */
export const chatSchema = (t: T) =>
  z.discriminatedUnion('intent', [
    z.object({
      intent: z.literal('send'),
      conversationId: z.optional(z.uuid()),
      body: z.optional(z.string().check(atMost(t, MAX_CHAT_MESSAGE))),
      attachmentIds: z.optional(z.array(z.uuid())),
    }),
    z.object({ intent: z.literal('read'), conversationId: z.uuid(), seq: z.int().check(z.minimum(0)) }),
    z.object({ intent: z.literal('typing'), conversationId: z.uuid(), typing: z.enum(['true', 'false']) }),
    z.object({ intent: z.literal('close'), conversationId: z.uuid() }),
  ]);
// ── Traceability: the buyer's claim of a unit (issue 9) ─────────────────────────────────────────────────────

/**
 * claimUnit's code: 8 characters of the unit codes' alphabet (no 0/O, 1/I/L), dashes and spaces anywhere —
 * the API's `normaliseClaimCode`. Optional: the signed-in customer the unit was sold to needs none.
 */
export const claimUnitSchema = (t: T) =>
  z.object({
    code: z.optional(
      z.string().check(
        z.trim(),
        z.maxLength(20, t('trace.claimCodeInvalid')),
        z.refine((v: string) => v === '' || /^[2-9A-HJKMNP-Z]{8}$/.test(v.toUpperCase().replace(/[\s-]/g, '')), t('trace.claimCodeInvalid')),
      ),
    ),
  });
