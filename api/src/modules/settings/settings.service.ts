import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { isDecimalString, MoneyDecimal } from '../../shared/money';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import type { PricingParameters } from '../quotes/pricing.rules';
import { BusinessParameters } from './business-parameters.entity';
import type { UpdateBusinessParametersInput } from './settings.inputs';

/** The parameters in force: the highest version. Throws when none were ever set (the seed sets version 1). */
export async function currentParameters(em: EntityManager): Promise<BusinessParameters> {
  const [latest] = await em.find(BusinessParameters, {}, { orderBy: { version: 'desc' }, limit: 1 });
  if (!latest) throw new Error('No business parameters: run the seed or set them as Master');
  return latest;
}

/** The subset of parameters the pricing rules read. */
export function pricingParametersOf(p: BusinessParameters): PricingParameters {
  return {
    vesPerUsd: p.vesPerUsd,
    profitMargin: p.profitMargin,
    airRatePerKgMinor: p.airRatePerKgMinor,
    doorToDoorRatePerKgMinor: p.doorToDoorRatePerKgMinor,
    seaRatePerCubicMeterMinor: p.seaRatePerCubicMeterMinor,
    volumetricDivisor: p.volumetricDivisor,
    courierFeeMinor: p.courierFeeMinor,
    officePickupFeeMinor: p.officePickupFeeMinor,
  };
}

/** The editable parameters: everything but the version bookkeeping. */
const parameterFields = [
  'vesPerUsd', 'profitMargin', 'airRatePerKgMinor', 'doorToDoorRatePerKgMinor', 'seaRatePerCubicMeterMinor', 'volumetricDivisor',
  'courierFeeMinor', 'officePickupFeeMinor', 'usdPaymentDiscount', 'quoteResponseHours', 'paymentDeadlineHours', 'monthlyQuoteLimit',
  'modificationLimit', 'staffResponseAlertHours', 'timeZone',
  // Support (issue 10).
  'ticketReopenDays', 'agentOnlineMinutes', 'slaFirstResponseMinutesLow', 'slaFirstResponseMinutesNormal', 'slaFirstResponseMinutesHigh', 'slaFirstResponseMinutesUrgent', 'slaResolutionHoursLow', 'slaResolutionHoursNormal', 'slaResolutionHoursHigh', 'slaResolutionHoursUrgent', 'ticketQuoteNotSentHours', 'ticketPaymentNotValidatedHours', 'ticketCustomsStuckDays',
  'supportChatAnswerMinutes',
] as const;
type ParameterField = (typeof parameterFields)[number];

/** Decimal-string parameters; the columns keep 6 decimals, so more would be silently rounded. */
const decimalFields = new Set<ParameterField>(['vesPerUsd', 'profitMargin', 'usdPaymentDiscount']);
/** Fractions of a price (DESIGN "Money and pricing"): a margin or discount of 100 % or more makes no sense. */
const fractionFields = new Set<ParameterField>(['profitMargin', 'usdPaymentDiscount']);
const SIX_DECIMALS = /^\d{1,12}(\.\d{1,6})?$/;


/**
 * Inserts version current+1, copying the fields `input` leaves out. Two Masters saving at once both read the
 * same version and insert the same next one: the primary key lets one commit and the other is answered
 * STALE_PARAMETERS, like an explicit stale `expectedVersion`.
 */
export async function updateBusinessParameters(ctx: Context, input: UpdateBusinessParametersInput, expectedVersion: number): Promise<BusinessParameters> {
  const requested = validatedChanges(input);
  try {
    return await transact(ctx, async (em: EntityManager) => {
      const current = await currentParameters(em);
      if (current.version !== expectedVersion) throw new DomainError('STALE_PARAMETERS', { currentVersion: current.version });
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of parameterFields) {
        const to = requested[field];
        if (to === undefined || sameValue(field, current[field], to)) continue;
        changes[field] = { from: current[field], to };
      }
      if (Object.keys(changes).length === 0) throw new DomainError('BAD_USER_INPUT', { reason: 'NO_CHANGES' });
      const next = em.create(BusinessParameters, {
        ...Object.fromEntries(parameterFields.map((f) => [f, requested[f] ?? current[f]])),
        version: current.version + 1,
        effectiveFrom: new Date(),
        changedBy: ctx.principal!.user,
        changeReason: input.changeReason,
      } as BusinessParameters);
      em.persist(next);
      audit(em, ctx, 'settings.updated', { type: 'BusinessParameters', id: String(next.version) }, {
        version: next.version,
        previousVersion: current.version,
        reason: input.changeReason,
        changes,
      });
      return next;
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw new DomainError('STALE_PARAMETERS', { expectedVersion });
    throw err;
  }
}

/** The fields given in `input`, checked and normalised; BAD_USER_INPUT names the first bad field. */
function validatedChanges(input: UpdateBusinessParametersInput): Partial<Record<ParameterField, string | number>> {
  const out: Partial<Record<ParameterField, string | number>> = {};
  for (const field of parameterFields) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    if (decimalFields.has(field)) {
      const s = String(value);
      const ok = SIX_DECIMALS.test(s) && isDecimalString(s, { allowZero: fractionFields.has(field) }) && (!fractionFields.has(field) || new MoneyDecimal(s).lt(1));
      if (!ok) throw new DomainError('BAD_USER_INPUT', { field });
      out[field] = new MoneyDecimal(s).toFixed(6);
    } else if (field === 'timeZone') {
      if (!isIanaTimeZone(String(value))) throw new DomainError('BAD_USER_INPUT', { field });
      out[field] = String(value);
    } else {
      out[field] = value;
    }
  }
  return out;
}

function sameValue(field: ParameterField, current: string | number, next: string | number): boolean {
  return decimalFields.has(field) ? new MoneyDecimal(String(current)).eq(String(next)) : current === next;
}

/** An IANA zone name ("America/Caracas", "UTC") the runtime knows; offsets like "+01:00" are refused. */
function isIanaTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
