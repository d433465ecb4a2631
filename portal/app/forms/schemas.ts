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

/** Where a notification may lead: a request or an order of the portal (never a URL from elsewhere). */
export const NOTIFICATION_TARGET = /^\/(quotes|orders)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The notification centre's buttons (markNotificationsRead): open one (read, then go to it), read one, read all. */
export const notificationSchema = () =>
  z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('open'), id: z.uuid(), to: z.string().regex(NOTIFICATION_TARGET) }),
    z.object({ intent: z.literal('read'), id: z.uuid() }),
    z.object({ intent: z.literal('readAll') }),
  ]);
