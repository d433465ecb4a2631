import { OrderState as O } from '../../api/src/modules/orders/order.states';
import {
  checkPaymentSubmission, checkPaymentWithinBalance, creditedUsdMinor, currencyOfMethod, outstandingIn, settlement,
} from '../../api/src/modules/payments/payment.rules';
import { PaymentMethod as M } from '../../api/src/modules/payments/payment.states';

describe('currencyOfMethod', () => {
  it.each([
    [M.PAGO_MOVIL, 'VES'],
    [M.BANK_TRANSFER, 'VES'],
    [M.ZELLE, 'USD'],
    [M.BINANCE, 'USD'],
    [M.PAYPAL, 'USD'],
  ])('%s moves %s', (method, currency) => {
    expect(currencyOfMethod(method)).toBe(currency);
  });
});

describe('creditedUsdMinor', () => {
  it.each([
    // VES ÷ rate frozen at pricing
    [381425, 'VES', 10450],
    [18268, 'VES', 500], // 500.49
    [18269, 'VES', 501], // 500.52
    [100, 'VES', 3], // 2.74
    // USD ÷ (1 − 0.05): a USD payer owes 5 % less, so each dollar settles more
    [9500, 'USD', 10000],
    [9928, 'USD', 10451], // 10 450.53
    [950, 'USD', 1000],
  ] as const)('a payment of %d %s settles %d USD minor units of the order (rate 36.50, discount 5 %)', (amountMinor, currency, expected) => {
    expect(creditedUsdMinor({ amountMinor, currency, vesPerUsd: '36.50', usdDiscount: '0.05' })).toBe(expected);
  });

  it('credits a USD payment at face value when there is no discount', () => {
    expect(creditedUsdMinor({ amountMinor: 1234, currency: 'USD', vesPerUsd: '36.50', usdDiscount: '0' })).toBe(1234);
  });
});

describe('settlement', () => {
  it.each([
    [10450, 0, O.PENDING_PAYMENT, 10450],
    [10450, 5000, O.PARTIALLY_PAID, 5450],
    [10450, 10448, O.PARTIALLY_PAID, 2],
    [10450, 10449, O.PAID, 0], // one minor unit short: rounding tolerance
    [10450, 10450, O.PAID, 0],
    [10450, 11000, O.PAID, 0],
  ])('an order of %d with %d credited is %s with %d outstanding', (totalUsdMinor, credited, state, outstanding) => {
    expect(settlement({ totalUsdMinor, creditedUsdMinor: credited })).toEqual({ state, outstandingUsdMinor: outstanding });
  });

  it('treats paying exactly the discounted USD price shown as paid even when rounding credits a cent less', () => {
    // 93 × (1 − 0.07) = 86.49 → the customer is asked for 86; 86 ÷ 0.93 = 92.47 → 92 credited.
    const credited = creditedUsdMinor({ amountMinor: 86, currency: 'USD', vesPerUsd: '36.50', usdDiscount: '0.07' });
    expect(credited).toBe(92);
    expect(settlement({ totalUsdMinor: 93, creditedUsdMinor: credited }).state).toBe('PAID');
  });
});

describe('outstandingIn', () => {
  it.each([
    [5450, 'VES', '36.50', '0.05', 198925], // exact
    [5450, 'VES', '36.123', '0.05', 196871], // 196 870.35 rounded up
    [5450, 'USD', '36.50', '0.05', 5178], // 5177.5 rounded up
    [93, 'USD', '36.50', '0.07', 87], // 86.49 rounded up
    [0, 'VES', '36.50', '0.05', 0],
  ] as const)('%d USD minor units outstanding are %s %d… (rate %s, discount %s)', (outstandingUsdMinor, currency, vesPerUsd, usdDiscount, expected) => {
    expect(outstandingIn({ outstandingUsdMinor, currency, vesPerUsd, usdDiscount })).toBe(expected);
  });

  it.each([
    ['VES', '36.50', '0.05'],
    ['VES', '36.123', '0.05'],
    ['VES', '0.37', '0.05'],
    ['USD', '36.50', '0.07'],
    ['USD', '36.50', '0.05'],
    ['USD', '36.50', '0.333'],
  ] as const)('paying exactly the outstanding amount in %s (rate %s, discount %s) always settles it', (currency, vesPerUsd, usdDiscount) => {
    for (let outstandingUsdMinor = 1; outstandingUsdMinor <= 2000; outstandingUsdMinor++) {
      const amountMinor = outstandingIn({ outstandingUsdMinor, currency, vesPerUsd, usdDiscount });
      expect(creditedUsdMinor({ amountMinor, currency, vesPerUsd, usdDiscount })).toBeGreaterThanOrEqual(outstandingUsdMinor);
    }
  });
});

describe('checkPaymentSubmission', () => {
  const deadline = new Date('2026-03-12T16:00:00.000Z');
  it.each([
    [O.PENDING_PAYMENT, '2026-03-12T15:00:00.000Z', undefined],
    [O.PARTIALLY_PAID, '2026-03-12T16:00:00.000Z', undefined],
    [O.PENDING_PAYMENT, '2026-03-12T16:00:00.001Z', 'PAYMENT_DEADLINE_PASSED'],
    [O.PARTIALLY_PAID, '2026-03-13T00:00:00.000Z', 'PAYMENT_DEADLINE_PASSED'],
    [O.CANCELLED, '2026-03-12T15:00:00.000Z', 'ORDER_CANCELLED'],
    [O.CANCELLED, '2026-03-13T00:00:00.000Z', 'ORDER_CANCELLED'],
    [O.PAID, '2026-03-12T15:00:00.000Z', 'ORDER_ALREADY_PAID'],
    [O.PAID, '2026-03-13T00:00:00.000Z', 'ORDER_ALREADY_PAID'],
    [O.IN_CUSTOMS, '2026-03-12T15:00:00.000Z', 'ORDER_ALREADY_PAID'],
  ])('a payment reported for a %s order at %s (deadline 16:00Z) → %s', (orderState, now, expected) => {
    expect(checkPaymentSubmission({ orderState, paymentDeadline: deadline, now: new Date(now) })).toBe(expected);
  });
});

describe('checkPaymentWithinBalance', () => {
  const order = { totalUsdMinor: 105, settledUsdMinor: 0, pendingUsdMinor: 0, vesPerUsd: '36.50', usdDiscount: '0.05' };
  it.each<[string, Partial<typeof order> & { creditedUsdMinor: number }, number | undefined]>([
    ['accepts a payment of the whole balance', { creditedUsdMinor: 105 }, undefined],
    ['accepts a partial payment', { creditedUsdMinor: 50 }, undefined],
    ['accepts one minor unit over, the rounding of the conversions', { creditedUsdMinor: 106 }, undefined],
    ['refuses two minor units over', { creditedUsdMinor: 107 }, 105],
    ['refuses 200 USD on a 1.05 USD balance', { creditedUsdMinor: 21_053 }, 105],
    ['counts validated payments', { settledUsdMinor: 100, creditedUsdMinor: 50 }, 5],
    ['counts payments awaiting validation', { pendingUsdMinor: 60, creditedUsdMinor: 50 }, 45],
    ['refuses any payment once pending ones cover the total', { pendingUsdMinor: 105, creditedUsdMinor: 1 }, 0],
  ])('%s', (_rule, r, remainingUsdMinor) => {
    const refusal = checkPaymentWithinBalance({ ...order, ...r });
    expect(refusal?.remainingUsdMinor).toBe(remainingUsdMinor);
  });

  it('accepts paying exactly the VES and USD outstanding it reports', () => {
    for (const total of [1, 86, 93, 105, 9_999, 123_457]) {
      const base = { ...order, totalUsdMinor: total };
      const { remainingVesMinor, remainingUsdPayableMinor } = checkPaymentWithinBalance({ ...base, creditedUsdMinor: Number.MAX_SAFE_INTEGER })!;
      const vesCredit = creditedUsdMinor({ amountMinor: remainingVesMinor, currency: 'VES', vesPerUsd: base.vesPerUsd, usdDiscount: base.usdDiscount });
      const usdCredit = creditedUsdMinor({ amountMinor: remainingUsdPayableMinor, currency: 'USD', vesPerUsd: base.vesPerUsd, usdDiscount: base.usdDiscount });
      expect(checkPaymentWithinBalance({ ...base, creditedUsdMinor: vesCredit })).toBeUndefined();
      expect(checkPaymentWithinBalance({ ...base, creditedUsdMinor: usdCredit })).toBeUndefined();
    }
  });
});
