import { isPriceable, overridePrice, PricingParameters, productAndServiceMinor, SourcingFacts, suggestPrice, usdPaymentAmountMinor } from '../../api/src/modules/quotes/pricing.rules';
import { NationalDelivery, ShippingMethod } from '../../api/src/modules/quotes/quote.enums';

// All USD minor units: air $9.50/kg, door-to-door $14.00/kg, sea $180.00/m³, courier $5.00, pickup $2.00.
const params: PricingParameters = {
  vesPerUsd: '36.50',
  profitMargin: '0.25',
  airRatePerKgMinor: 950,
  doorToDoorRatePerKgMinor: 1400,
  seaRatePerCubicMeterMinor: 18000,
  volumetricDivisor: 5000,
  courierFeeMinor: 500,
  officePickupFeeMinor: 200,
};

// 2 units × $12.50, $8.00 China shipping, 40 × 30 × 20 cm = 24 000 cm³, 3.2 kg actual.
const boxOfTwo: SourcingFacts = {
  supplierUnitPriceMinor: 1250, quantity: 2, chinaShippingMinor: 800, lengthCm: 40, widthCm: 30, heightCm: 20, weightKg: '3.2',
};

describe('suggestPrice', () => {
  it('charges air freight on the volumetric weight when the box is light for its size', () => {
    // volumetric 24 000 / 5000 = 4.8 kg > 3.2 kg; freight 4.8 × 950 = 4560; subtotal 2500 + 800 + 4560 + 500 = 8360;
    // total 8360 × 1.25 = 10 450; margin 2090; VES 10 450 × 36.50 = 381 425.
    expect(suggestPrice(ShippingMethod.AIR, NationalDelivery.COURIER, boxOfTwo, params)).toEqual({
      shippingMethod: ShippingMethod.AIR,
      actualWeightKg: '3.200',
      volumetricWeightKg: '4.800',
      chargeableWeightKg: '4.800',
      volumeCubicMeters: '0.024000',
      chargeableBasis: 'VOLUMETRIC_WEIGHT',
      productMinor: 2500,
      chinaShippingMinor: 800,
      freightMinor: 4560,
      nationalDeliveryMinor: 500,
      subtotalMinor: 8360,
      marginMinor: 2090,
      totalUsdMinor: 10450,
      suggestedTotalUsdMinor: 10450,
      totalVesMinor: 381425,
      vesPerUsd: '36.50',
    });
  });

  it('charges sea freight on the volume in cubic metres, with the office pickup fee', () => {
    // 0.024 m³ × 18 000 = 432; subtotal 2500 + 800 + 432 + 200 = 3932; total 3932 × 1.25 = 4915;
    // VES 4915 × 36.50 = 179 397.5 → 179 398 (half-up).
    const b = suggestPrice(ShippingMethod.SEA, NationalDelivery.OFFICE_PICKUP, boxOfTwo, params);
    expect(b).toMatchObject({
      chargeableBasis: 'VOLUME', volumeCubicMeters: '0.024000', chargeableWeightKg: '3.200', freightMinor: 432,
      nationalDeliveryMinor: 200, subtotalMinor: 3932, marginMinor: 983, totalUsdMinor: 4915, totalVesMinor: 179398,
    });
  });

  it('charges door-to-door freight on the actual weight when the parcel is dense', () => {
    // 20 × 20 × 10 = 4000 cm³ → 0.8 kg < 2.5 kg; freight 2.5 × 1400 = 3500; subtotal 3000 + 0 + 3500 + 500 = 7000;
    // total 8750; VES 8750 × 36.50 = 319 375.
    const dense: SourcingFacts = { supplierUnitPriceMinor: 3000, quantity: 1, chinaShippingMinor: 0, lengthCm: 20, widthCm: 20, heightCm: 10, weightKg: '2.5' };
    expect(suggestPrice(ShippingMethod.DOOR_TO_DOOR, NationalDelivery.COURIER, dense, params)).toMatchObject({
      actualWeightKg: '2.500', volumetricWeightKg: '0.800', chargeableWeightKg: '2.500', chargeableBasis: 'ACTUAL_WEIGHT',
      freightMinor: 3500, subtotalMinor: 7000, marginMinor: 1750, totalUsdMinor: 8750, totalVesMinor: 319375,
    });
  });

  it.each([
    // [case, facts override, divisor, expected weights and freight at $9.50/kg]
    ['a tie between actual and volumetric goes to the actual weight', { lengthCm: 50, widthCm: 40, heightCm: 10, weightKg: '4' }, 5000,
      { actualWeightKg: '4.000', volumetricWeightKg: '4.000', chargeableWeightKg: '4.000', chargeableBasis: 'ACTUAL_WEIGHT', freightMinor: 3800 }],
    ['a non-terminating volumetric weight rounds half-up to 3 decimals before the rate', { lengthCm: 10, widthCm: 10, heightCm: 10, weightKg: '0.1' }, 6000,
      // 1000 / 6000 = 0.1666… → 0.167; 0.167 × 950 = 158.65 → 159
      { volumetricWeightKg: '0.167', chargeableWeightKg: '0.167', chargeableBasis: 'VOLUMETRIC_WEIGHT', freightMinor: 159, volumeCubicMeters: '0.001000' }],
    ['an actual weight given with 4 decimals rounds half-up to 3', { lengthCm: 10, widthCm: 10, heightCm: 10, weightKg: '3.2005' }, 5000,
      // 3.201 × 950 = 3040.95 → 3041
      { actualWeightKg: '3.201', chargeableWeightKg: '3.201', chargeableBasis: 'ACTUAL_WEIGHT', freightMinor: 3041 }],
    ['fractional centimetres are kept in the volume', { lengthCm: 40.5, widthCm: 30, heightCm: 20, weightKg: '1' }, 5000,
      // 24 300 cm³ → 4.86 kg; 4.86 × 950 = 4617
      { volumetricWeightKg: '4.860', chargeableWeightKg: '4.860', volumeCubicMeters: '0.024300', freightMinor: 4617 }],
  ])('air: %s', (_case, overrides, volumetricDivisor, expected) => {
    const b = suggestPrice(ShippingMethod.AIR, NationalDelivery.COURIER, { ...boxOfTwo, ...overrides }, { ...params, volumetricDivisor });
    expect(b).toMatchObject(expected);
  });

  it.each([
    // subtotal 3932 (the sea example): 3932 × 1.15 = 4521.8 → 4522; × 1.125 = 4423.5 → 4424; × 1 = 3932
    ['0.15', 4522, 590],
    ['0.125', 4424, 492],
    ['0', 3932, 0],
  ])('applies a margin of %s half-up to the subtotal: total %d, margin %d', (profitMargin, total, margin) => {
    const b = suggestPrice(ShippingMethod.SEA, NationalDelivery.OFFICE_PICKUP, boxOfTwo, { ...params, profitMargin });
    expect([b.totalUsdMinor, b.marginMinor, b.subtotalMinor + b.marginMinor]).toEqual([total, margin, total]);
  });

  it.each([
    ['a zero quantity', { quantity: 0 }],
    ['a fractional quantity', { quantity: 1.5 }],
    ['a zero dimension', { heightCm: 0 }],
    ['a weight that is not a decimal string', { weightKg: '3,2' }],
    ['a fractional unit price', { supplierUnitPriceMinor: 12.5 }],
  ])('refuses sourcing facts with %s', (_case, overrides) => {
    expect(() => suggestPrice(ShippingMethod.AIR, NationalDelivery.COURIER, { ...boxOfTwo, ...overrides }, params)).toThrow(RangeError);
  });
});

describe('overridePrice', () => {
  const suggested = suggestPrice(ShippingMethod.AIR, NationalDelivery.COURIER, boxOfTwo, params);

  it('replaces the total, lets the margin absorb the difference and recomputes VES at the given rate', () => {
    // 10 000 − 8360 = 1640 margin; 10 000 × 40.00 = 400 000 VES
    expect(overridePrice(suggested, 10000, '40.00')).toEqual({
      ...suggested, totalUsdMinor: 10000, marginMinor: 1640, totalVesMinor: 400000, vesPerUsd: '40.00', suggestedTotalUsdMinor: 10450,
    });
  });

  it('shows a negative margin when the agent sells below cost', () => {
    expect(overridePrice(suggested, 8000, '36.50').marginMinor).toBe(-360);
  });

  it('keeps the original suggestion across repeated overrides', () => {
    const twice = overridePrice(overridePrice(suggested, 10000, '36.50'), 9000, '36.50');
    expect([twice.totalUsdMinor, twice.suggestedTotalUsdMinor, twice.totalVesMinor]).toEqual([9000, 10450, 328500]);
  });

  it.each([0, -1, 99.5])('refuses an overridden total of %d', (total) => {
    expect(() => overridePrice(suggested, total, '36.50')).toThrow(RangeError);
  });
});

describe('usdPaymentAmountMinor', () => {
  it.each([
    [10450, '0.05', 9928], // 9927.5 rounds half-up
    [10000, '0.05', 9500],
    [93, '0.07', 86], // 86.49 rounds down
    [10000, '0', 10000],
  ])('a customer paying %d in full in USD with discount %s owes %d', (total, discount, expected) => {
    expect(usdPaymentAmountMinor(total, discount)).toBe(expected);
  });
});

describe('isPriceable', () => {
  const all = [ShippingMethod.AIR, ShippingMethod.SEA, ShippingMethod.DOOR_TO_DOOR];
  it.each<[string, Partial<SourcingFacts>, Partial<PricingParameters>, boolean]>([
    ['prices an ordinary request', {}, {}, true],
    ['prices 1,000 units at USD 1,000,000.00 each', { quantity: 1_000, supplierUnitPriceMinor: 100_000_000 }, {}, true],
    ['refuses 1,000,000 units at USD 10,000,000.00 each (beyond the money bound)', { quantity: 1_000_000, supplierUnitPriceMinor: 1_000_000_000 }, {}, false],
    ['refuses a shipment whose volumetric freight overflows', { lengthCm: 100_000, widthCm: 100_000, heightCm: 100_000 }, { volumetricDivisor: 1, airRatePerKgMinor: 100_000_000 }, false],
    ['refuses a total whose bolívares cannot be computed exactly', { quantity: 100, supplierUnitPriceMinor: 900_000_000 }, { vesPerUsd: '99999999.99' }, false],
  ])('%s', (_rule, facts, overrides, priceable) => {
    expect(isPriceable(all, NationalDelivery.COURIER, { ...boxOfTwo, ...facts }, { ...params, ...overrides })).toBe(priceable);
  });
});

describe('productAndServiceMinor', () => {
  it.each([
    { totalUsdMinor: 12_000, freightMinor: 2_500, nationalDeliveryMinor: 500, expected: 9_000 },
    { totalUsdMinor: 3_000, freightMinor: 3_000, nationalDeliveryMinor: 0, expected: 0 },
    { totalUsdMinor: 2_000, freightMinor: 2_500, nationalDeliveryMinor: 500, expected: -1_000 },
  ])('is the total less freight and national delivery, so the customer\'s lines add up ($totalUsdMinor → $expected)', ({ expected, ...option }) => {
    expect(productAndServiceMinor(option)).toBe(expected);
  });
});
