import { Language } from '../../api/src/shared/language';
import {
  applyFraction, convertUsdToVes, convertVesToUsd, divideRate, formatMoney, isDecimalString, multiplyRate, removeFraction, sumMinor,
} from '../../api/src/shared/money';

describe('money', () => {
  it.each([
    ['36.50', {}, true],
    ['0.25', {}, true],
    ['1', {}, true],
    ['1.12345678', {}, true],
    ['0', {}, false],
    ['0.00', {}, false],
    ['0', { allowZero: true }, true],
    ['0.00', { allowZero: true }, true],
    ['1.123456789', {}, false],
    ['-1', {}, false],
    ['+1', {}, false],
    ['1e3', {}, false],
    ['.5', {}, false],
    ['5.', {}, false],
    ['1,5', {}, false],
    [' 1', {}, false],
    ['', {}, false],
  ])('accepts %j as a rate string (options %j): %s', (s, opts, expected) => {
    expect(isDecimalString(s, opts)).toBe(expected);
  });

  it.each([
    [1000, '36.50', 'HALF_UP', 36500],
    [1, '0.5', 'HALF_UP', 1],
    [3, '0.5', 'HALF_UP', 2],
    [1, '0.49999999', 'HALF_UP', 0],
    [1, '0.00000001', 'UP', 1],
    [10, '0.1', 'UP', 1],
    [0, '36.50', 'HALF_UP', 0],
  ] as const)('multiplies %d minor units by rate %s rounding %s to %d', (amount, rate, rounding, expected) => {
    expect(multiplyRate(amount, rate, rounding)).toBe(expected);
  });

  it('keeps every digit of a large amount times an 8-decimal rate (no float on the way)', () => {
    const amount = 123_456_789_012;
    const exactTimes1e8 = BigInt(amount) * 3_612_345_678n;
    const expected = Number((exactTimes1e8 + 50_000_000n) / 100_000_000n);
    expect(multiplyRate(amount, '36.12345678')).toBe(expected);
  });

  it.each([
    [100, '36.50', 3],
    [18268, '36.50', 500],
    [18269, '36.50', 501],
    [0, '36.50', 0],
  ])('divides %d minor units by rate %s half-up to %d', (amount, rate, expected) => {
    expect(divideRate(amount, rate)).toBe(expected);
  });

  it.each([
    ['a zero rate divisor', () => divideRate(100, '0')],
    ['a rate with an exponent', () => multiplyRate(100, '1e2')],
    ['a fractional amount of minor units', () => multiplyRate(1.5, '2')],
    ['a result beyond safe integers', () => multiplyRate(Number.MAX_SAFE_INTEGER, '2')],
    ['a discount of 100 %', () => applyFraction(100, '1', 'SUBTRACT')],
  ])('refuses %s with a RangeError', (_name, run) => {
    expect(run).toThrow(RangeError);
  });

  it.each([
    [8360, '0.25', 'ADD', 10450],
    [3932, '0.125', 'ADD', 4424],
    [10450, '0.05', 'SUBTRACT', 9928],
    [10000, '0', 'SUBTRACT', 10000],
  ] as const)('applies fraction: %d with %s %s gives %d', (amount, fraction, direction, expected) => {
    expect(applyFraction(amount, fraction, direction)).toBe(expected);
  });

  it.each([
    [10450, '0.25', 'ADD', 8360],
    [9928, '0.05', 'SUBTRACT', 10451],
    [950, '0.05', 'SUBTRACT', 1000],
  ] as const)('removes fraction: %d was %s %s of %d', (amount, fraction, direction, expected) => {
    expect(removeFraction(amount, fraction, direction)).toBe(expected);
  });

  it('converts USD to VES and back at a frozen rate', () => {
    expect(convertUsdToVes(10450, '36.50')).toBe(381425);
    expect(convertVesToUsd(381425, '36.50')).toBe(10450);
    expect(convertUsdToVes(4915, '36.50')).toBe(179398); // 179 397.5 rounds half-up
  });

  it.each([
    [[], 0],
    [[1, 2, 3], 6],
    [[2500, 800, 4560, 500], 8360],
  ])('sums %j minor units to %d', (values, expected) => {
    expect(sumMinor(values)).toBe(expected);
  });

  it('refuses to sum a fractional minor unit', () => {
    expect(() => sumMinor([1, 0.5])).toThrow(RangeError);
  });

  it.each([
    [123456, 'VES', Language.ES, 'Bs. 1.234,56'],
    [123456, 'VES', Language.EN, 'Bs. 1,234.56'],
    [1200, 'USD', Language.ES, 'USD 12,00'],
    [1200, 'USD', Language.EN, 'USD 12.00'],
    [-123456789, 'USD', Language.EN, 'USD -1,234,567.89'],
    [5, 'USD', Language.ES, 'USD 0,05'],
  ] as const)('writes %i %s for people in %s as %s', (amountMinor, currency, language, text) => {
    expect(formatMoney(amountMinor, currency, language)).toBe(text);
  });
});
