import Decimal from 'decimal.js';
import { bounds } from '../../shared/bounds';
import { applyFraction, convertUsdToVes, isDecimalString, MoneyDecimal, MoneyRangeError, multiplyRate, sumMinor } from '../../shared/money';
import { NationalDelivery, ShippingMethod } from './quote.enums';

/** Master parameters that price a quote option (DESIGN "Master parameters"); every `…Minor` is USD minor units. */
export interface PricingParameters {
  /** Bolívares per US dollar, decimal string ("36.50"). */
  vesPerUsd: string;
  /** Decimal string, "0.25" = 25 % on top of the subtotal. */
  profitMargin: string;
  airRatePerKgMinor: number;
  doorToDoorRatePerKgMinor: number;
  seaRatePerCubicMeterMinor: number;
  /** cm³ per kg for volumetric weight, usually 5000. */
  volumetricDivisor: number;
  courierFeeMinor: number;
  officePickupFeeMinor: number;
}

/** What the China agent records while sourcing (seed 003 step 3); money in USD minor units, sizes of the whole shipment. */
export interface SourcingFacts {
  supplierUnitPriceMinor: number;
  quantity: number;
  /** China-side shipping to the warehouse, total for the shipment. */
  chinaShippingMinor: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
  /** Actual weight of the whole shipment in kg, decimal string. */
  weightKg: string;
}

/** Why the freight is what it is (DESIGN: volumetric surprises are the main complaint about forwarders). */
export type ChargeableBasis = 'ACTUAL_WEIGHT' | 'VOLUMETRIC_WEIGHT' | 'VOLUME';

/**
 * The all-in price of one quote option, every line shown to the customer. Money in USD minor units except
 * `totalVesMinor`; weights kg with 3 decimals, volume m³ with 6. `subtotalMinor + marginMinor = totalUsdMinor`
 * always; `suggestedTotalUsdMinor` is the computed total, which differs from `totalUsdMinor` after an override.
 */
export interface PriceBreakdown {
  shippingMethod: ShippingMethod;
  actualWeightKg: string;
  /** length × width × height ÷ volumetric divisor. */
  volumetricWeightKg: string;
  /** The weight freight is charged on; for SEA (charged by volume) it repeats the actual weight. */
  chargeableWeightKg: string;
  volumeCubicMeters: string;
  chargeableBasis: ChargeableBasis;
  productMinor: number;
  chinaShippingMinor: number;
  freightMinor: number;
  nationalDeliveryMinor: number;
  subtotalMinor: number;
  marginMinor: number;
  totalUsdMinor: number;
  suggestedTotalUsdMinor: number;
  totalVesMinor: number;
  /** Rate frozen with the quote: VES amounts of this order use it (seed 003 step 8). */
  vesPerUsd: string;
}

const CM3_PER_M3 = 1_000_000;

/**
 * Suggested price of one shipping option (DESIGN "Money and pricing"): AIR and DOOR_TO_DOOR charge
 * max(actual kg, L×W×H ÷ divisor) × rate per kg; SEA charges L×W×H ÷ 10⁶ m³ × rate per m³; subtotal = unit
 * price × quantity + China shipping + freight + national fee; total = subtotal × (1 + margin); VES = total × rate.
 * Freight is computed from the rounded weight/volume shown, so the customer can redo the multiplication.
 */
export function suggestPrice(method: ShippingMethod, delivery: NationalDelivery, facts: SourcingFacts, params: PricingParameters): PriceBreakdown {
  assertFacts(facts);
  assertPositive('volumetricDivisor', params.volumetricDivisor);
  const cubicCm = new MoneyDecimal(facts.lengthCm).times(facts.widthCm).times(facts.heightCm);
  const actualWeightKg = kg(new MoneyDecimal(facts.weightKg));
  const volumetricWeightKg = kg(cubicCm.dividedBy(params.volumetricDivisor));
  const volumeCubicMeters = cubicCm.dividedBy(CM3_PER_M3).toFixed(6, Decimal.ROUND_HALF_UP);
  // Ties go to the actual weight: the volumetric figure only matters when it is strictly heavier.
  const volumetricWins = new MoneyDecimal(volumetricWeightKg).gt(actualWeightKg);

  let chargeableBasis: ChargeableBasis;
  let chargeableWeightKg: string;
  let freightMinor: number;
  if (method === ShippingMethod.SEA) {
    chargeableBasis = 'VOLUME';
    chargeableWeightKg = actualWeightKg;
    freightMinor = multiplyRate(freightRateMinor(method, params), volumeCubicMeters);
  } else {
    chargeableBasis = volumetricWins ? 'VOLUMETRIC_WEIGHT' : 'ACTUAL_WEIGHT';
    chargeableWeightKg = volumetricWins ? volumetricWeightKg : actualWeightKg;
    freightMinor = multiplyRate(freightRateMinor(method, params), chargeableWeightKg);
  }

  const productMinor = multiplyRate(facts.supplierUnitPriceMinor, String(facts.quantity));
  const nationalDeliveryMinor = delivery === NationalDelivery.COURIER ? params.courierFeeMinor : params.officePickupFeeMinor;
  const subtotalMinor = sumMinor([productMinor, facts.chinaShippingMinor, freightMinor, nationalDeliveryMinor]);
  const totalUsdMinor = applyFraction(subtotalMinor, params.profitMargin, 'ADD');
  return {
    shippingMethod: method,
    actualWeightKg,
    volumetricWeightKg,
    chargeableWeightKg,
    volumeCubicMeters,
    chargeableBasis,
    productMinor,
    chinaShippingMinor: facts.chinaShippingMinor,
    freightMinor,
    nationalDeliveryMinor,
    subtotalMinor,
    marginMinor: totalUsdMinor - subtotalMinor,
    totalUsdMinor,
    suggestedTotalUsdMinor: totalUsdMinor,
    totalVesMinor: convertUsdToVes(totalUsdMinor, params.vesPerUsd),
    vesPerUsd: params.vesPerUsd,
  };
}

/** The freight rate of `method`, USD minor units: per m³ for SEA, per chargeable kg for AIR and DOOR_TO_DOOR. */
export function freightRateMinor(method: ShippingMethod, params: PricingParameters): number {
  if (method === ShippingMethod.SEA) return params.seaRatePerCubicMeterMinor;
  return method === ShippingMethod.AIR ? params.airRatePerKgMinor : params.doorToDoorRatePerKgMinor;
}

/**
 * The breakdown after a Venezuela agent overrides the total (DESIGN "Money and pricing"; the reason is audited
 * by the caller). Cost lines stay; the margin absorbs the difference (negative when sold below cost); VES is
 * recomputed at `vesPerUsd`. `suggestedTotalUsdMinor` keeps the original suggestion across repeated overrides.
 */
export function overridePrice(breakdown: PriceBreakdown, totalUsdMinor: number, vesPerUsd: string): PriceBreakdown {
  assertPositive('totalUsdMinor', totalUsdMinor, true);
  return {
    ...breakdown,
    totalUsdMinor,
    marginMinor: totalUsdMinor - breakdown.subtotalMinor,
    totalVesMinor: convertUsdToVes(totalUsdMinor, vesPerUsd),
    vesPerUsd,
  };
}

/**
 * Whether every requested shipping method of a request can be priced with `params`: each suggested total
 * within `bounds.maxMoneyMinor` and its VES figure computable. Sourcing refuses facts that fail this, so no
 * request waits in PRICING for a price that can never be computed.
 */
export function isPriceable(methods: readonly ShippingMethod[], delivery: NationalDelivery, facts: SourcingFacts, params: PricingParameters): boolean {
  try {
    return methods.every((method) => suggestPrice(method, delivery, facts, params).totalUsdMinor <= bounds.maxMoneyMinor);
  } catch (err) {
    if (err instanceof MoneyRangeError) return false;
    throw err;
  }
}

/**
 * The product line of the customer's breakdown: the all-in total less freight and national delivery, so the lines
 * the customer sees add up to the total while supplier price, China shipping and margin stay inside one line
 * (DESIGN "Money and pricing": all-in price, no hidden fees). USD minor units; negative only when an override
 * sells below the freight and delivery cost.
 */
export function productAndServiceMinor(option: Pick<PriceBreakdown, 'totalUsdMinor' | 'freightMinor' | 'nationalDeliveryMinor'>): number {
  return option.totalUsdMinor - option.freightMinor - option.nationalDeliveryMinor;
}

/** What a customer paying entirely in USD owes (seed 003 step 8): total × (1 − discount), USD minor units, half-up. */
export function usdPaymentAmountMinor(totalUsdMinor: number, usdDiscount: string): number {
  return applyFraction(totalUsdMinor, usdDiscount, 'SUBTRACT');
}

function kg(value: Decimal): string {
  return value.toFixed(3, Decimal.ROUND_HALF_UP);
}

// Malformed sourcing data would silently produce a wrong price; the input layer validates, this is the backstop.
function assertFacts(facts: SourcingFacts): void {
  assertPositive('quantity', facts.quantity, true);
  assertPositive('lengthCm', facts.lengthCm);
  assertPositive('widthCm', facts.widthCm);
  assertPositive('heightCm', facts.heightCm);
  if (!isDecimalString(facts.weightKg)) throw new MoneyRangeError(`weightKg must be a positive decimal string, got "${facts.weightKg}"`);
}

function assertPositive(name: string, value: number, integer = false): void {
  const ok = integer ? Number.isSafeInteger(value) && value > 0 : Number.isFinite(value) && value > 0;
  if (!ok) throw new MoneyRangeError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
}
