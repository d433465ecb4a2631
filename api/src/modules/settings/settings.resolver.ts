import { UniqueConstraintViolationException, type EntityManager, type EntityName } from '@mikro-orm/postgresql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { type Connection, ConnectionType, PageArgs, paginate } from '../../shared/connection';
import { DomainError } from '../../shared/errors';
import { isDecimalString, MoneyDecimal } from '../../shared/money';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import { Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { BusinessParameters } from './business-parameters.entity';
import { currentParameters } from './settings.service';
import { UpdateBusinessParametersInput } from './settings.inputs';

const BusinessParametersConnection = ConnectionType(BusinessParameters, 'BusinessParameters');

/** The editable parameters: everything but the version bookkeeping. */
const parameterFields = [
  'vesPerUsd', 'profitMargin', 'airRatePerKgMinor', 'doorToDoorRatePerKgMinor', 'seaRatePerCubicMeterMinor', 'volumetricDivisor',
  'courierFeeMinor', 'officePickupFeeMinor', 'usdPaymentDiscount', 'quoteResponseHours', 'paymentDeadlineHours', 'monthlyQuoteLimit',
  'modificationLimit', 'staffResponseAlertHours', 'timeZone',
] as const;
type ParameterField = (typeof parameterFields)[number];

/** Decimal-string parameters; the columns keep 6 decimals, so more would be silently rounded. */
const decimalFields = new Set<ParameterField>(['vesPerUsd', 'profitMargin', 'usdPaymentDiscount']);
/** Fractions of a price (DESIGN "Money and pricing"): a margin or discount of 100 % or more makes no sense. */
const fractionFields = new Set<ParameterField>(['profitMargin', 'usdPaymentDiscount']);
const SIX_DECIMALS = /^\d{1,12}(\.\d{1,6})?$/;

/**
 * The Master's business parameters (DESIGN "Master parameters"): the version in force, its history (which is
 * also the exchange-rate history), and versioned, audited changes.
 */
@Resolver(() => BusinessParameters)
export class SettingsResolver {
  @Authorized(Permission.ReadSettings)
  @Query(() => BusinessParameters, { description: 'The business parameters in force (the highest version). Staff only.' })
  businessParameters(@Ctx() ctx: Context): Promise<BusinessParameters> {
    return currentParameters(ctx.em);
  }

  @Authorized(Permission.ReadSettings)
  @Query(() => BusinessParametersConnection, { description: 'Every version of the business parameters, newest first. Staff only.' })
  businessParametersHistory(@Args() page: PageArgs, @Ctx() ctx: Context): Promise<Connection<BusinessParameters>> {
    // `paginate` is typed for entities keyed by `id`; the version is this table's unique, ordered key.
    return paginate(ctx.em, BusinessParameters as unknown as EntityName<BusinessParameters & { id: string }>, {}, page, { version: 'desc' });
  }

  @Authorized(Permission.WriteSettings)
  @Mutation(() => BusinessParameters, {
    description:
      'Master: puts a new version of the parameters in force (omitted fields keep their value). Refused with STALE_PARAMETERS ' +
      'when `expectedVersion` is no longer the current one; audited as `settings.updated`.',
  })
  updateBusinessParameters(
    @Arg('input') input: UpdateBusinessParametersInput,
    @Arg('expectedVersion', () => Int, { description: 'The version the change was made against.' }) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<BusinessParameters> {
    return updateBusinessParameters(ctx, input, expectedVersion);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who put this version in force (display name); null for the seed.' })
  changedByName(@Root() params: BusinessParameters, @Ctx() ctx: Context): Promise<string | null> | null {
    if (!params.changedBy) return null;
    return ctx.loaders.byId(User).load(params.changedBy.id).then((u) => u?.displayName ?? null);
  }
}

/**
 * Inserts version current+1, copying the fields `input` leaves out. Two Masters saving at once both read the
 * same version and insert the same next one: the primary key lets one commit and the other is answered
 * STALE_PARAMETERS, like an explicit stale `expectedVersion`.
 */
async function updateBusinessParameters(ctx: Context, input: UpdateBusinessParametersInput, expectedVersion: number): Promise<BusinessParameters> {
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
