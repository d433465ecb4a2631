import { z } from 'zod';
import type { SubmitSourcingInput } from '../../graphql/generated/graphql';
import type { MessageKey } from '../../i18n/i18n';

/** The sourcing form's fields, named as the API's SubmitSourcingInput names them (so refusals land on them). */
export const sourcingFields = [
  'supplierUnitPriceMinor',
  'chinaShippingMinor',
  'lengthCm',
  'widthCm',
  'heightCm',
  'weightKg',
  'supplierDispatchDays',
  'supplierUrl',
  'notes',
] as const;
export type SourcingField = (typeof sourcingFields)[number];
/** What the agent typed, as typed. */
export type SourcingDraft = Record<SourcingField, string>;

export const emptySourcingDraft: SourcingDraft = Object.fromEntries(sourcingFields.map((f) => [f, ''])) as SourcingDraft;

/** The API's bounds (api/src/shared/bounds.ts, SubmitSourcingInput): sides up to 100 000 cm, dispatch up to a year. */
const MAX_SIDE_CM = 100_000;
const MAX_DISPATCH_DAYS = 365;

/** "12,50" or "12.50" dollars → 1250 minor units; at most 2 decimals. */
const dollars = z
  .string()
  .trim()
  .regex(/^\d{1,7}([.,]\d{1,2})?$/, 'sourcing.moneyInvalid' satisfies MessageKey)
  .transform((v) => {
    const [whole, cents = ''] = v.replace(',', '.').split('.');
    return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
  });

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, 'sourcing.integerInvalid' satisfies MessageKey)
    .transform(Number)
    .refine((n) => n >= min && n <= max, 'sourcing.integerInvalid' satisfies MessageKey);

/** The integer bounds per field, for the message "a whole number from {min} to {max}". */
export const integerBounds: Partial<Record<SourcingField, [number, number]>> = {
  lengthCm: [1, MAX_SIDE_CM],
  widthCm: [1, MAX_SIDE_CM],
  heightCm: [1, MAX_SIDE_CM],
  supplierDispatchDays: [0, MAX_DISPATCH_DAYS],
};

/**
 * The sourcing form (seed 003 step 3): supplier unit price and China-side shipping in dollars, the shipment's
 * size (cm) and actual weight (kg, up to 3 decimals), the supplier's dispatch time, an optional supplier link
 * (http/https) and notes. Errors are catalogue keys. Parses into the API's SubmitSourcingInput.
 */
export const sourcingSchema = z
  .object({
    supplierUnitPriceMinor: dollars.refine((n) => n > 0, 'sourcing.pricePositive' satisfies MessageKey),
    chinaShippingMinor: dollars,
    lengthCm: integer(1, MAX_SIDE_CM),
    widthCm: integer(1, MAX_SIDE_CM),
    heightCm: integer(1, MAX_SIDE_CM),
    weightKg: z
      .string()
      .trim()
      .regex(/^\d{1,7}([.,]\d{1,3})?$/, 'sourcing.weightInvalid' satisfies MessageKey)
      .transform((v) => v.replace(',', '.'))
      .refine((v) => Number(v) > 0, 'sourcing.weightInvalid' satisfies MessageKey),
    supplierDispatchDays: integer(0, MAX_DISPATCH_DAYS),
    supplierUrl: z
      .string()
      .trim()
      .refine((v) => v === '' || /^https?:\/\/[^\s/]+\.[^\s/]+/i.test(v), 'sourcing.urlInvalid' satisfies MessageKey)
      .transform((v) => v || null),
    notes: z
      .string()
      .trim()
      .max(4000, 'sourcing.notesTooLong' satisfies MessageKey)
      .transform((v) => v || null),
  })
  .transform((v): SubmitSourcingInput => v);

/** Parses the draft: the API input, or one catalogue key per field in error (an empty required field is "required"). */
export function parseSourcing(draft: SourcingDraft): { input: SubmitSourcingInput } | { errors: Partial<Record<SourcingField, MessageKey>> } {
  const errors: Partial<Record<SourcingField, MessageKey>> = {};
  for (const field of sourcingFields) {
    if (field !== 'supplierUrl' && field !== 'notes' && draft[field].trim() === '') errors[field] = 'form.required';
  }
  const parsed = sourcingSchema.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as SourcingField;
      errors[field] ??= issue.message as MessageKey;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { input: parsed.data };
}
