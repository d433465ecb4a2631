import { z } from 'zod';
import type {
  CreateLocationInput,
  CreateProductInput,
  LocationKind,
  ProductKind,
  StockAdjustmentInput,
  StockEntryInput,
  StockTransferInput,
  UpdateProductInput,
} from '../../graphql/generated/graphql';
import type { MessageKey } from '../../i18n/i18n';
import { zonedInstant } from '../../lib/day-range';

/**
 * The Master's inventory forms (products, locations, entries, adjustments, transfers) checked before sending, by
 * the API's own rules (api/src/modules/inventory/inventory.inputs.ts and inventory.rules.ts). Every field is
 * checked on its own so all errors show at once; errors are catalogue keys, with `{min}`/`{max}` where they apply.
 */

/** The API's largest movement or threshold, in units (or seats). */
export const MAX_UNITS = 1_000_000;
/** The API's largest amount of money, in minor units (api/src/shared/bounds.ts). */
const MAX_MONEY_MINOR = 1_000_000_000_000;
/** A SKU or location code: 1–40 letters, digits, spaces, "-", "_" or ".", starting with a letter or digit. */
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,39}$/;

/** A field's error: its catalogue key and the numbers the text names. */
export interface FieldError {
  key: MessageKey;
  vars?: Record<string, number>;
}
export type Parsed<F extends string, I> = { input: I } | { errors: Partial<Record<F, FieldError>> };

const text = (min: number, max: number, key: MessageKey) => z.string().trim().min(min, key).max(max, key);
const code = z.string().trim().regex(CODE_PATTERN, 'inventory.form.codeInvalid' satisfies MessageKey);

/** "12,50" or "12.50" → 1250 minor units; at most 2 decimals. */
const money = z
  .string()
  .trim()
  .regex(/^\d{1,10}([.,]\d{1,2})?$/, 'inventory.form.priceInvalid' satisfies MessageKey)
  .transform((v) => {
    const [whole, cents = ''] = v.replace(',', '.').split('.');
    return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
  })
  .refine((n) => n <= MAX_MONEY_MINOR, 'inventory.form.priceInvalid' satisfies MessageKey);

/** A whole number from `min` to `max` (the text says so). */
const units = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,7}$/, 'inventory.form.unitsInvalid' satisfies MessageKey)
    .transform(Number)
    .refine((n) => n >= min && n <= max, 'inventory.form.unitsInvalid' satisfies MessageKey);

/** A quantity moved: a whole number above zero (QUANTITY_NOT_POSITIVE otherwise), at most MAX_UNITS. */
const quantity = units(1, MAX_UNITS);

/**
 * Parses the fields of `draft` that have a schema; an empty required one is "required", other errors their own key
 * (choices from a list are checked by the callers, with their own words).
 */
function parseFields<F extends string>(
  draft: Record<F, string>,
  schemas: Partial<Record<F, z.ZodType>>,
  bounds: Partial<Record<F, [number, number]>> = {},
  optional: readonly F[] = [],
): { values: Record<F, unknown>; errors: Partial<Record<F, FieldError>> } {
  const values = {} as Record<F, unknown>;
  const errors: Partial<Record<F, FieldError>> = {};
  for (const field of Object.keys(schemas) as F[]) {
    const raw = draft[field];
    if (!optional.includes(field) && raw.trim() === '') {
      errors[field] = { key: 'form.required' };
      continue;
    }
    const parsed = schemas[field]!.safeParse(raw);
    if (parsed.success) values[field] = parsed.data;
    else {
      const [min, max] = bounds[field] ?? [];
      errors[field] = { key: parsed.error.issues[0]!.message as MessageKey, ...(min != null ? { vars: { min, max: max! } } : {}) };
    }
  }
  return { values, errors };
}

const hasErrors = (errors: object) => Object.keys(errors).length > 0;

/* ---------------------------------------------------------------- products */

export const productFields = ['kind', 'sku', 'name', 'category', 'price', 'currency', 'lowStockThreshold', 'capacity', 'sessionDate', 'sessionTime', 'venueLocationId'] as const;
export type ProductField = (typeof productFields)[number];
/** What the Master typed for a new product, as typed. */
export type ProductDraft = Record<ProductField, string>;

export const emptyProduct: ProductDraft = {
  kind: 'PHYSICAL', sku: '', name: '', category: '', price: '', currency: 'USD', lowStockThreshold: '0', capacity: '', sessionDate: '', sessionTime: '', venueLocationId: '',
};

/**
 * A new product (CreateProductInput): SKU, name (2–160), category (2–80), price (≥ 0, two decimals) in USD or VES,
 * low-stock threshold (0–1,000,000); a SERVICE also needs its seats (1–1,000,000), the session's day and time in
 * Venezuela's time zone, and its venue. `sku`, the venue and the session map to the API's field names for refusals.
 */
export function parseProduct(draft: ProductDraft): Parsed<ProductField, CreateProductInput> {
  const service = draft.kind === 'SERVICE';
  const { values, errors } = parseFields<ProductField>(
    draft,
    {
      sku: code,
      name: text(2, 160, 'inventory.form.nameInvalid'),
      category: text(2, 80, 'inventory.form.categoryInvalid'),
      price: money,
      lowStockThreshold: units(0, MAX_UNITS),
      ...(service
        ? {
            capacity: units(1, MAX_UNITS),
            sessionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'inventory.form.dateInvalid' satisfies MessageKey),
            sessionTime: z.string().regex(/^\d{2}:\d{2}$/, 'inventory.form.timeInvalid' satisfies MessageKey),
          }
        : {}),
    },
    { lowStockThreshold: [0, MAX_UNITS], capacity: [1, MAX_UNITS] },
  );
  if (service && draft.venueLocationId === '') errors.venueLocationId = { key: 'inventory.form.venueRequired' };
  if (hasErrors(errors)) return { errors };
  return {
    input: {
      sku: values.sku as string,
      name: values.name as string,
      category: values.category as string,
      priceMinor: values.price as number,
      currency: draft.currency,
      kind: draft.kind as ProductKind,
      lowStockThreshold: values.lowStockThreshold as number,
      capacity: service ? (values.capacity as number) : null,
      sessionAt: service ? zonedInstant(draft.sessionDate, draft.sessionTime) : null,
      venueLocationId: service ? draft.venueLocationId : null,
    },
  };
}

export const productEditFields = ['name', 'category', 'price', 'lowStockThreshold'] as const;
export type ProductEditField = (typeof productEditFields)[number];
/** What the Master typed to change a product, as typed; `active` is a checkbox. */
export type ProductEditDraft = Record<ProductEditField, string> & { active: boolean };

/** Changes to a product (UpdateProductInput): name, category, price, threshold and whether it is on sale. */
export function parseProductEdit(draft: ProductEditDraft): Parsed<ProductEditField, UpdateProductInput> {
  const { values, errors } = parseFields<ProductEditField>(
    draft,
    { name: text(2, 160, 'inventory.form.nameInvalid'), category: text(2, 80, 'inventory.form.categoryInvalid'), price: money, lowStockThreshold: units(0, MAX_UNITS) },
    { lowStockThreshold: [0, MAX_UNITS] },
  );
  if (hasErrors(errors)) return { errors };
  return {
    input: { name: values.name as string, category: values.category as string, priceMinor: values.price as number, lowStockThreshold: values.lowStockThreshold as number, active: draft.active },
  };
}

/** Minor units as the price field shows them ("1250" → "12.50"). */
export function priceText(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

/* --------------------------------------------------------------- locations */

export const locationFields = ['code', 'name', 'kind'] as const;
export type LocationField = (typeof locationFields)[number];
export type LocationDraft = Record<LocationField, string>;
export const emptyLocation: LocationDraft = { code: '', name: '', kind: 'WAREHOUSE' };

/** A new location (CreateLocationInput): its code (as a SKU), name (2–120) and kind. */
export function parseLocation(draft: LocationDraft): Parsed<LocationField, CreateLocationInput> {
  const { values, errors } = parseFields<LocationField>(draft, { code, name: text(2, 120, 'inventory.form.locationNameInvalid') });
  if (hasErrors(errors)) return { errors };
  return { input: { code: values.code as string, name: values.name as string, kind: draft.kind as LocationKind } };
}

/* --------------------------------------------------------------- movements */

export const entryFields = ['locationId', 'quantity', 'note'] as const;
export type EntryField = (typeof entryFields)[number];
export type EntryDraft = Record<EntryField, string>;

/** Goods received (StockEntryInput): where, how many (1–1,000,000) and an optional note (≤ 300). */
export function parseEntry(productId: string, draft: EntryDraft): Parsed<EntryField, StockEntryInput> {
  const { values, errors } = parseFields<EntryField>(
    draft,
    { quantity, note: z.string().trim().max(300, 'inventory.form.noteTooLong' satisfies MessageKey) },
    { quantity: [1, MAX_UNITS] },
    ['note'],
  );
  if (draft.locationId === '') errors.locationId = { key: 'inventory.form.locationRequired' };
  if (hasErrors(errors)) return { errors };
  return { input: { productId, locationId: draft.locationId, quantity: values.quantity as number, note: (values.note as string) || null } };
}

export const adjustmentFields = ['locationId', 'direction', 'quantity', 'reason'] as const;
export type AdjustmentField = (typeof adjustmentFields)[number];
/** `direction` ADD or REMOVE; the quantity is typed without a sign. */
export type AdjustmentDraft = Record<AdjustmentField, string>;

/** A correction (StockAdjustmentInput): where, add or remove how many (1–1,000,000), and why (3–300 characters). */
export function parseAdjustment(productId: string, draft: AdjustmentDraft): Parsed<AdjustmentField, StockAdjustmentInput> {
  const { values, errors } = parseFields<AdjustmentField>(
    draft,
    { quantity, reason: text(3, 300, 'inventory.form.reasonRequired') },
    { quantity: [1, MAX_UNITS] },
    ['reason'],
  );
  if (draft.locationId === '') errors.locationId = { key: 'inventory.form.locationRequired' };
  if (hasErrors(errors)) return { errors };
  const n = values.quantity as number;
  return { input: { productId, locationId: draft.locationId, quantity: draft.direction === 'REMOVE' ? -n : n, reason: values.reason as string } };
}

export const transferFields = ['fromLocationId', 'toLocationId', 'quantity'] as const;
export type TransferField = (typeof transferFields)[number];
export type TransferDraft = Record<TransferField, string>;

/** Units moved (StockTransferInput): from one location to another one (SAME_LOCATION otherwise), 1–1,000,000. */
export function parseTransfer(productId: string, draft: TransferDraft): Parsed<TransferField, StockTransferInput> {
  const { values, errors } = parseFields<TransferField>(
    draft,
    { quantity },
    { quantity: [1, MAX_UNITS] },
  );
  if (draft.fromLocationId === '') errors.fromLocationId = { key: 'inventory.form.locationRequired' };
  if (draft.toLocationId === '') errors.toLocationId = { key: 'inventory.form.locationRequired' };
  else if (draft.toLocationId === draft.fromLocationId) errors.toLocationId = { key: 'inventory.form.sameLocation' };
  if (hasErrors(errors)) return { errors };
  return { input: { productId, fromLocationId: draft.fromLocationId, toLocationId: draft.toLocationId, quantity: values.quantity as number } };
}

/**
 * The form field an API refusal belongs next to: the field its code is about (SKU_TAKEN → sku, SAME_LOCATION →
 * toLocationId, QUANTITY_NOT_POSITIVE and INSUFFICIENT_STOCK → quantity, REASON_REQUIRED → reason…), else the
 * field it names (`extensions.field`, with the API's names mapped to the form's), else none.
 */
export function refusalField<F extends string>(fields: readonly F[], code: string, field: string | null): F | undefined {
  const byCode: Record<string, string> = {
    SKU_TAKEN: 'sku',
    LOCATION_CODE_TAKEN: 'code',
    SAME_LOCATION: 'toLocationId',
    QUANTITY_NOT_POSITIVE: 'quantity',
    INSUFFICIENT_STOCK: 'quantity',
    REASON_REQUIRED: 'reason',
  };
  const apiNames: Record<string, string> = { priceMinor: 'price', sessionAt: 'sessionDate' };
  const wanted = byCode[code] ?? (field ? apiNames[field] ?? field : undefined);
  return fields.find((f) => f === wanted);
}
