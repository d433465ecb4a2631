import Decimal from 'decimal.js';
import { Language } from './language';

/** ISO 4217 currencies Morna handles (DESIGN "Money and pricing"). */
export type Currency = 'USD' | 'VES' | 'CNY';

/** An amount of money: integer minor units (cents, céntimos, fen) of an ISO currency; never a float. */
export interface Money {
  amountMinor: number;
  currency: Currency;
}

/** How a computed amount becomes whole minor units: `HALF_UP` by default, `UP` (ceiling) when the result must cover a debt. */
export type Rounding = 'HALF_UP' | 'UP';

/**
 * Decimal constructor isolated from decimal.js's global configuration (so a `Decimal.set` elsewhere cannot
 * change money results): 40 significant digits hold any safe-integer amount times an 8-decimal rate exactly.
 */
export const MoneyDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

const DECIMAL_PATTERN = /^\d+(\.\d{1,8})?$/;

/**
 * Whether `s` is a rate as Master parameters store it: a plain decimal string ("36.50", "0.25"), no sign or
 * exponent, at most 8 fraction digits, greater than zero unless `allowZero` (a 0 % discount or margin is legal).
 */
export function isDecimalString(s: string, opts: { allowZero?: boolean } = {}): boolean {
  if (!DECIMAL_PATTERN.test(s)) return false;
  return opts.allowZero === true || !new MoneyDecimal(s).isZero();
}

/** A computation whose amount or rate is out of range (not a safe integer, not a decimal rate, a zero divisor). */
export class MoneyRangeError extends RangeError {
  override name = 'MoneyRangeError';
}

/** Sum of amounts in minor units of one currency (the caller keeps currencies apart). */
export function sumMinor(values: number[]): number {
  return assertMinor(values.reduce((sum, v) => sum + assertMinor(v), 0));
}

/** `amountMinor` × `rate` (decimal string), rounded to whole minor units (half-up unless told). */
export function multiplyRate(amountMinor: number, rate: string, rounding: Rounding = 'HALF_UP'): number {
  return toMinor(new MoneyDecimal(assertMinor(amountMinor)).times(parseRate(rate)), rounding);
}

/** `amountMinor` ÷ `rate` (decimal string, > 0), rounded to whole minor units (half-up unless told). */
export function divideRate(amountMinor: number, rate: string, rounding: Rounding = 'HALF_UP'): number {
  const divisor = parseRate(rate);
  if (divisor.isZero()) throw new MoneyRangeError('Cannot divide by a zero rate');
  return toMinor(new MoneyDecimal(assertMinor(amountMinor)).dividedBy(divisor), rounding);
}

/**
 * `amountMinor` × (1 + fraction) for `ADD` (a margin) or × (1 − fraction) for `SUBTRACT` (a discount);
 * `fraction` is a decimal string, "0.25" = 25 %.
 */
export function applyFraction(amountMinor: number, fraction: string, direction: 'ADD' | 'SUBTRACT', rounding: Rounding = 'HALF_UP'): number {
  return multiplyRate(amountMinor, fractionFactor(fraction, direction), rounding);
}

/** The inverse of `applyFraction`: `amountMinor` ÷ (1 ± fraction), i.e. the amount before the margin or discount. */
export function removeFraction(amountMinor: number, fraction: string, direction: 'ADD' | 'SUBTRACT', rounding: Rounding = 'HALF_UP'): number {
  return divideRate(amountMinor, fractionFactor(fraction, direction), rounding);
}

/** USD minor units → VES minor units at `vesPerUsd` bolívares per dollar (both currencies have 2 decimals). */
export function convertUsdToVes(usdMinor: number, vesPerUsd: string, rounding: Rounding = 'HALF_UP'): number {
  return multiplyRate(usdMinor, vesPerUsd, rounding);
}

/** VES minor units → USD minor units at `vesPerUsd` bolívares per dollar, half-up. */
export function convertVesToUsd(vesMinor: number, vesPerUsd: string): number {
  return divideRate(vesMinor, vesPerUsd);
}

function fractionFactor(fraction: string, direction: 'ADD' | 'SUBTRACT'): string {
  const f = parseRate(fraction);
  // A discount of 100 % or more would make a USD payment worth nothing (or divide by zero when reversed).
  if (direction === 'SUBTRACT' && f.gte(1)) throw new MoneyRangeError(`A subtracted fraction must be below 1, got "${fraction}"`);
  return (direction === 'ADD' ? f.plus(1) : new MoneyDecimal(1).minus(f)).toFixed();
}

// Bad rates or amounts are configuration or programming errors, not business refusals: fail loudly.
function parseRate(rate: string): Decimal {
  if (!isDecimalString(rate, { allowZero: true })) throw new MoneyRangeError(`Not a decimal rate string: "${rate}"`);
  return new MoneyDecimal(rate);
}

function assertMinor(amountMinor: number): number {
  if (!Number.isSafeInteger(amountMinor)) throw new MoneyRangeError(`Minor units must be a safe integer, got ${amountMinor}`);
  return amountMinor;
}

function toMinor(value: Decimal, rounding: Rounding): number {
  const rounded = value.toDecimalPlaces(0, rounding === 'UP' ? Decimal.ROUND_CEIL : Decimal.ROUND_HALF_UP).toNumber();
  if (!Number.isSafeInteger(rounded)) throw new MoneyRangeError(`Amount out of range: ${value.toFixed()}`);
  return rounded;
}

/**
 * Money for messages people read, without floats, in `language`'s separators: `formatMoney(123456, 'VES')` →
 * "Bs. 1.234,56" and `formatMoney(1200, 'USD')` → "USD 12,00" in Spanish (es-VE), "Bs. 1,234.56" and
 * "USD 12.00" in English (minor units have 2 decimals in all three).
 */
export function formatMoney(amountMinor: number, currency: Currency, language: Language = Language.ES): string {
  const [thousands, decimals] = language === Language.EN ? [',', '.'] : ['.', ','];
  const abs = Math.abs(amountMinor);
  const units = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  const symbol = currency === 'VES' ? 'Bs.' : currency;
  return `${symbol} ${amountMinor < 0 ? '-' : ''}${units}${decimals}${String(abs % 100).padStart(2, '0')}`;
}
