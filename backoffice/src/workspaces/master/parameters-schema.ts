import { z } from 'zod';
import type { BusinessParameters, UpdateBusinessParametersInput } from '../../graphql/generated/graphql';
import type { MessageKey } from '../../i18n/i18n';

/** The parameter form's fields, named as UpdateBusinessParametersInput names them (so refusals land on them). */
export const parameterFields = [
  'vesPerUsd',
  'profitMargin',
  'airRatePerKgMinor',
  'doorToDoorRatePerKgMinor',
  'seaRatePerCubicMeterMinor',
  'volumetricDivisor',
  'courierFeeMinor',
  'officePickupFeeMinor',
  'usdPaymentDiscount',
  'quoteResponseHours',
  'paymentDeadlineHours',
  'monthlyQuoteLimit',
  'modificationLimit',
  'staffResponseAlertHours',
  'supportChatAnswerMinutes',
  'timeZone',
  'ticketReopenDays',
  'agentOnlineMinutes',
  'slaFirstResponseMinutesLow',
  'slaFirstResponseMinutesNormal',
  'slaFirstResponseMinutesHigh',
  'slaFirstResponseMinutesUrgent',
  'slaResolutionHoursLow',
  'slaResolutionHoursNormal',
  'slaResolutionHoursHigh',
  'slaResolutionHoursUrgent',
  'ticketQuoteNotSentHours',
  'ticketPaymentNotValidatedHours',
  'ticketCustomsStuckDays',
] as const;
export type ParameterField = (typeof parameterFields)[number];
export type FormField = ParameterField | 'changeReason';

/** How each field is typed on screen: dollars for minor units, percentages for fractions. */
export const fieldKind: Record<ParameterField, 'rate' | 'percent' | 'money' | 'integer' | 'text'> = {
  vesPerUsd: 'rate',
  profitMargin: 'percent',
  airRatePerKgMinor: 'money',
  doorToDoorRatePerKgMinor: 'money',
  seaRatePerCubicMeterMinor: 'money',
  volumetricDivisor: 'integer',
  courierFeeMinor: 'money',
  officePickupFeeMinor: 'money',
  usdPaymentDiscount: 'percent',
  quoteResponseHours: 'integer',
  paymentDeadlineHours: 'integer',
  monthlyQuoteLimit: 'integer',
  modificationLimit: 'integer',
  staffResponseAlertHours: 'integer',
  supportChatAnswerMinutes: 'integer',
  timeZone: 'text',
  ticketReopenDays: 'integer',
  agentOnlineMinutes: 'integer',
  slaFirstResponseMinutesLow: 'integer',
  slaFirstResponseMinutesNormal: 'integer',
  slaFirstResponseMinutesHigh: 'integer',
  slaFirstResponseMinutesUrgent: 'integer',
  slaResolutionHoursLow: 'integer',
  slaResolutionHoursNormal: 'integer',
  slaResolutionHoursHigh: 'integer',
  slaResolutionHoursUrgent: 'integer',
  ticketQuoteNotSentHours: 'integer',
  ticketPaymentNotValidatedHours: 'integer',
  ticketCustomsStuckDays: 'integer',
};

/** The API's bounds (api/src/modules/settings/settings.inputs.ts) for the whole-number fields. */
export const integerBounds: Partial<Record<ParameterField, [number, number]>> = {
  volumetricDivisor: [1, 1_000_000],
  quoteResponseHours: [1, 8760],
  paymentDeadlineHours: [1, 8760],
  monthlyQuoteLimit: [1, 1000],
  modificationLimit: [1, 100],
  staffResponseAlertHours: [1, 8760],
  supportChatAnswerMinutes: [1, 1440],
  // Support (issue 10): days, minutes and hours as the API takes them.
  ticketReopenDays: [1, 365],
  agentOnlineMinutes: [1, 1440],
  slaFirstResponseMinutesLow: [1, 525_600],
  slaFirstResponseMinutesNormal: [1, 525_600],
  slaFirstResponseMinutesHigh: [1, 525_600],
  slaFirstResponseMinutesUrgent: [1, 525_600],
  slaResolutionHoursLow: [1, 8760],
  slaResolutionHoursNormal: [1, 8760],
  slaResolutionHoursHigh: [1, 8760],
  slaResolutionHoursUrgent: [1, 8760],
  ticketQuoteNotSentHours: [1, 8760],
  ticketPaymentNotValidatedHours: [1, 8760],
  ticketCustomsStuckDays: [1, 365],
};

/** What the Master typed, as typed. */
export type ParametersDraft = Record<FormField, string>;

/** "12,50" or "12.50" dollars → 1250 minor units. */
const dollars = (min: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,7}([.,]\d{1,2})?$/, 'master.params.moneyInvalid' satisfies MessageKey)
    .transform((v) => {
      const [whole, cents = ''] = v.replace(',', '.').split('.');
      return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
    })
    .refine((n) => n >= min, 'master.params.moneyInvalid' satisfies MessageKey);

/** "25" or "2,5" per cent → the API's decimal fraction ("0.250000"), below 100 %. */
const percent = z
  .string()
  .trim()
  .regex(/^\d{1,2}([.,]\d{1,4})?$/, 'master.params.percentInvalid' satisfies MessageKey)
  .transform((v) => decimalShift(v.replace(',', '.'), -2));

const integer = (field: ParameterField) => {
  const [min, max] = integerBounds[field]!;
  return z
    .string()
    .trim()
    .regex(/^\d{1,7}$/, 'master.params.integerInvalid' satisfies MessageKey)
    .transform(Number)
    .refine((n) => n >= min && n <= max, 'master.params.integerInvalid' satisfies MessageKey);
};

/**
 * The parameter form (DESIGN "Master parameters"): the exchange rate in bolívares per dollar (up to 6
 * decimals, > 0), margin and USD discount in per cent, freight rates and fees in dollars (rates > 0, fees
 * ≥ 0), the volumetric divisor, deadlines and the alert time in hours, the monthly and modification limits,
 * the business time zone, the support timers (reopen window and customs in days, agent presence and SLA first
 * response in minutes, SLA resolution and the cross-domain ticket rules in hours), and the mandatory reason
 * for the change. Errors are catalogue keys. Parses into
 * the API's UpdateBusinessParametersInput.
 */
export const parametersSchema = z
  .object({
    vesPerUsd: z
      .string()
      .trim()
      .regex(/^\d{1,12}([.,]\d{1,6})?$/, 'master.params.rateInvalid' satisfies MessageKey)
      .transform((v) => v.replace(',', '.'))
      .refine((v) => Number(v) > 0, 'master.params.rateInvalid' satisfies MessageKey),
    profitMargin: percent,
    airRatePerKgMinor: dollars(1),
    doorToDoorRatePerKgMinor: dollars(1),
    seaRatePerCubicMeterMinor: dollars(1),
    volumetricDivisor: integer('volumetricDivisor'),
    courierFeeMinor: dollars(0),
    officePickupFeeMinor: dollars(0),
    usdPaymentDiscount: percent,
    quoteResponseHours: integer('quoteResponseHours'),
    paymentDeadlineHours: integer('paymentDeadlineHours'),
    monthlyQuoteLimit: integer('monthlyQuoteLimit'),
    modificationLimit: integer('modificationLimit'),
    staffResponseAlertHours: integer('staffResponseAlertHours'),
    supportChatAnswerMinutes: integer('supportChatAnswerMinutes'),
    ticketReopenDays: integer('ticketReopenDays'),
    agentOnlineMinutes: integer('agentOnlineMinutes'),
    slaFirstResponseMinutesLow: integer('slaFirstResponseMinutesLow'),
    slaFirstResponseMinutesNormal: integer('slaFirstResponseMinutesNormal'),
    slaFirstResponseMinutesHigh: integer('slaFirstResponseMinutesHigh'),
    slaFirstResponseMinutesUrgent: integer('slaFirstResponseMinutesUrgent'),
    slaResolutionHoursLow: integer('slaResolutionHoursLow'),
    slaResolutionHoursNormal: integer('slaResolutionHoursNormal'),
    slaResolutionHoursHigh: integer('slaResolutionHoursHigh'),
    slaResolutionHoursUrgent: integer('slaResolutionHoursUrgent'),
    ticketQuoteNotSentHours: integer('ticketQuoteNotSentHours'),
    ticketPaymentNotValidatedHours: integer('ticketPaymentNotValidatedHours'),
    ticketCustomsStuckDays: integer('ticketCustomsStuckDays'),
    timeZone: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/, 'master.params.timeZoneInvalid' satisfies MessageKey),
    changeReason: z.string().trim().min(3, 'master.params.reasonRequired' satisfies MessageKey).max(1000, 'master.params.reasonTooLong' satisfies MessageKey),
  })
  .transform((v): UpdateBusinessParametersInput => v);

/** Parses the draft: the API input, or one catalogue key per field in error (an empty field is "required"). */
export function parseParameters(draft: ParametersDraft): { input: UpdateBusinessParametersInput } | { errors: Partial<Record<FormField, MessageKey>> } {
  const errors: Partial<Record<FormField, MessageKey>> = {};
  for (const [field, value] of Object.entries(draft)) {
    if (value.trim() === '') errors[field as FormField] = field === 'changeReason' ? 'master.params.reasonRequired' : 'form.required';
  }
  const parsed = parametersSchema.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[issue.path[0] as FormField] ??= issue.message as MessageKey;
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { input: parsed.data };
}

/** The parameters in force as the form shows them (dollars, per cent, plain numbers), with an empty reason. */
export function draftOf(p: Pick<BusinessParameters, ParameterField>): ParametersDraft {
  const shown = Object.fromEntries(parameterFields.map((f) => [f, displayValue(f, p[f])])) as Record<ParameterField, string>;
  return { ...shown, changeReason: '' };
}

/** A parameter's stored value as typed in the form: "1250" minor → "12.50", "0.250000" → "25", "36.500000" → "36.5". */
export function displayValue(field: ParameterField, value: string | number): string {
  switch (fieldKind[field]) {
    case 'money':
      return (Number(value) / 100).toFixed(2);
    case 'percent':
      return decimalShift(String(value), 2);
    case 'rate':
      return trimZeros(String(value));
    default:
      return String(value);
  }
}

/** Moves the decimal point of a non-negative decimal string by `places` (exact, no floating point). */
function decimalShift(value: string, places: number): string {
  const [whole = '0', fraction = ''] = value.split('.');
  const digits = whole + fraction;
  const point = whole.length + places;
  const padded = point < 0 ? '0'.repeat(-point) + digits : digits.padEnd(point, '0');
  const at = Math.max(point, 0);
  return trimZeros(`${padded.slice(0, at) || '0'}.${padded.slice(at)}`);
}

function trimZeros(value: string): string {
  const trimmed = value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
  return trimmed.replace(/^0+(?=\d)/, '');
}
