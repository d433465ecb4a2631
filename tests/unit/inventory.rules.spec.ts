import { ProductKind, SalePaymentStatus as S } from '../../api/src/modules/inventory/inventory.enums';
import { checkManualMovement, checkProductKind, crossedLowStock, insufficientStockText, isLowStock, lockOrder, normaliseCode } from '../../api/src/modules/inventory/inventory.rules';
import { checkSalePayment, checkVoid, lineTotal, paymentStatusFor, saleCurrency, saleTransitions } from '../../api/src/modules/inventory/sale.rules';
import { canTransition } from '../../api/src/shared/transitions';

describe('lockOrder (stock rows are locked in one order by every transaction)', () => {
  it('sorts lines by product id, then location id', () => {
    const lines = [
      { productId: 'b', locationId: 'y', quantity: 1 },
      { productId: 'a', locationId: 'z', quantity: 2 },
      { productId: 'a', locationId: 'x', quantity: 3 },
    ];
    expect(lockOrder(lines)).toEqual([
      { productId: 'a', locationId: 'x', quantity: 3 },
      { productId: 'a', locationId: 'z', quantity: 2 },
      { productId: 'b', locationId: 'y', quantity: 1 },
    ]);
  });

  it('gives two orders of the same lines the same lock order', () => {
    const lines = [{ productId: 'p2', locationId: 'l1', quantity: 1 }, { productId: 'p1', locationId: 'l2', quantity: 1 }];
    expect(lockOrder(lines)).toEqual(lockOrder([...lines].reverse()));
  });

  it('merges two lines of the same product and location into one request of their sum', () => {
    expect(lockOrder([{ productId: 'a', locationId: 'x', quantity: 2 }, { productId: 'a', locationId: 'x', quantity: 5 }])).toEqual([{ productId: 'a', locationId: 'x', quantity: 7 }]);
  });
});

describe('crossedLowStock (one alert per crossing)', () => {
  it.each([
    [10, 5, 5, true, 'falls onto the threshold'],
    [6, 2, 5, true, 'falls through it'],
    [6, 0, 0, true, 'sells out with threshold 0'],
    [5, 4, 5, false, 'was already low'],
    [4, 3, 5, false, 'keeps falling while low'],
    [10, 6, 5, false, 'stays above'],
    [3, 8, 5, false, 'a restock (going up)'],
    [1, 0, 0, true, 'the last unit sold'],
  ])('%d → %d with threshold %d: %s (%s)', (before, after, threshold, expected) => {
    expect(crossedLowStock(before, after, threshold)).toBe(expected);
  });

  it.each([[0, 0, true], [5, 5, true], [6, 5, false]])('isLowStock(%d, threshold %d) is %s', (quantity, threshold, expected) => {
    expect(isLowStock(quantity, threshold)).toBe(expected);
  });
});

describe('checkManualMovement', () => {
  it.each([
    [{ type: 'ENTRY' as const, quantity: 5 }, undefined],
    [{ type: 'ENTRY' as const, quantity: 0 }, 'QUANTITY_NOT_POSITIVE'],
    [{ type: 'ENTRY' as const, quantity: -2 }, 'QUANTITY_NOT_POSITIVE'],
    [{ type: 'ENTRY' as const, quantity: 1.5 }, 'BAD_USER_INPUT'],
    [{ type: 'ADJUSTMENT' as const, quantity: -3, reason: 'Rotura' }, undefined],
    [{ type: 'ADJUSTMENT' as const, quantity: 4, reason: 'Conteo físico' }, undefined],
    [{ type: 'ADJUSTMENT' as const, quantity: 0, reason: 'Conteo' }, 'QUANTITY_NOT_POSITIVE'],
    [{ type: 'ADJUSTMENT' as const, quantity: -1, reason: '  ' }, 'REASON_REQUIRED'],
    [{ type: 'ADJUSTMENT' as const, quantity: -1, reason: 'ab' }, 'REASON_REQUIRED'],
    [{ type: 'TRANSFER' as const, quantity: 2, fromLocationId: 'a', toLocationId: 'b', productKind: ProductKind.PHYSICAL }, undefined],
    [{ type: 'TRANSFER' as const, quantity: 2, fromLocationId: 'a', toLocationId: 'a', productKind: ProductKind.PHYSICAL }, 'SAME_LOCATION'],
    [{ type: 'TRANSFER' as const, quantity: 0, fromLocationId: 'a', toLocationId: 'b', productKind: ProductKind.PHYSICAL }, 'QUANTITY_NOT_POSITIVE'],
    [{ type: 'TRANSFER' as const, quantity: 2, fromLocationId: 'a', toLocationId: 'b', productKind: ProductKind.SERVICE }, 'SERVICE_NOT_TRANSFERABLE'],
  ])('%j → %s', (movement, expected) => {
    expect(checkManualMovement(movement)).toBe(expected);
  });
});

describe('checkProductKind', () => {
  const at = new Date('2026-07-04T14:00:00Z');
  it.each([
    [{ kind: ProductKind.PHYSICAL }, undefined],
    [{ kind: ProductKind.PHYSICAL, capacity: 10 }, { code: 'BAD_USER_INPUT', field: 'capacity' }],
    [{ kind: ProductKind.PHYSICAL, sessionAt: at }, { code: 'BAD_USER_INPUT', field: 'sessionAt' }],
    [{ kind: ProductKind.SERVICE, capacity: 12, sessionAt: at }, undefined],
    [{ kind: ProductKind.SERVICE, sessionAt: at }, { code: 'BAD_USER_INPUT', field: 'capacity' }],
    [{ kind: ProductKind.SERVICE, capacity: 0, sessionAt: at }, { code: 'BAD_USER_INPUT', field: 'capacity' }],
    [{ kind: ProductKind.SERVICE, capacity: 12 }, { code: 'BAD_USER_INPUT', field: 'sessionAt' }],
  ])('%j → %j', (product, expected) => {
    expect(checkProductKind(product)).toEqual(expected);
  });
});

describe('insufficientStockText names the product and what is available, in Spanish and English', () => {
  it('for goods, in units', () => {
    expect(insufficientStockText({ sku: 'KIT-1', name: 'Kit de cerámica', kind: ProductKind.PHYSICAL, locationName: 'Tienda Chacao', available: 2, requested: 5 })).toEqual({
      es: 'Stock insuficiente de Kit de cerámica (KIT-1) en Tienda Chacao: pediste 5 unidades y hay 2 unidades disponibles.',
      en: 'Not enough stock of Kit de cerámica (KIT-1) at Tienda Chacao: you asked for 5 units and 2 units are available.',
    });
  });

  it('for a workshop, in seats', () => {
    expect(insufficientStockText({ sku: 'T-1', name: 'Taller', kind: ProductKind.SERVICE, locationName: 'Sala', available: 1, requested: 3 })).toEqual({
      es: 'Stock insuficiente de Taller (T-1) en Sala: pediste 3 cupos y hay 1 cupo disponible.',
      en: 'Not enough stock of Taller (T-1) at Sala: you asked for 3 seats and 1 seat is available.',
    });
  });
});

describe('normaliseCode', () => {
  it.each([[' kit-01 ', 'KIT-01'], ['taller  cerámica', 'TALLER-CERÁMICA'], ['A.b_c', 'A.B_C']])('%j → %j', (input, expected) => {
    expect(normaliseCode(input)).toBe(expected);
  });
});

describe('sale payment status transitions (seed 004: PENDIENTE, ABONADO, PAGADO, ANULADO)', () => {
  it.each([
    [S.PENDING, S.PARTIALLY_PAID, true],
    [S.PENDING, S.PAID, true],
    [S.PENDING, S.VOID, true],
    [S.PARTIALLY_PAID, S.PARTIALLY_PAID, true],
    [S.PARTIALLY_PAID, S.PAID, true],
    [S.PARTIALLY_PAID, S.VOID, true],
    [S.PARTIALLY_PAID, S.PENDING, false],
    [S.PAID, S.VOID, true],
    [S.PAID, S.PARTIALLY_PAID, false],
    [S.PAID, S.PENDING, false],
    [S.VOID, S.PENDING, false],
    [S.VOID, S.PAID, false],
    [S.VOID, S.VOID, false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(saleTransitions, from, to)).toBe(allowed);
  });

  it.each([
    [5000, 0, S.PENDING],
    [5000, 1, S.PARTIALLY_PAID],
    [5000, 4999, S.PARTIALLY_PAID],
    [5000, 5000, S.PAID],
    [0, 0, S.PAID],
  ])('total %d with %d paid is %s', (total, paid, expected) => {
    expect(paymentStatusFor(total, paid)).toBe(expected);
  });

  it('every status paymentStatusFor gives after a payment is reachable from PENDING and PARTIALLY_PAID', () => {
    for (const [total, paid] of [[5000, 1], [5000, 5000]] as const) {
      const to = paymentStatusFor(total, paid);
      expect([canTransition(saleTransitions, S.PENDING, to), canTransition(saleTransitions, S.PARTIALLY_PAID, to)]).toEqual([true, true]);
    }
  });
});

describe('checkSalePayment', () => {
  it.each([
    [S.PENDING, 5000, 0, 2000, undefined],
    [S.PENDING, 5000, 0, 5000, undefined],
    [S.PARTIALLY_PAID, 5000, 2000, 3000, undefined],
    [S.PARTIALLY_PAID, 5000, 2000, 3001, 'SALE_PAYMENT_EXCEEDS_BALANCE'],
    [S.PENDING, 5000, 0, 0, 'BAD_USER_INPUT'],
    [S.PAID, 5000, 5000, 1, 'SALE_ALREADY_PAID'],
    [S.VOID, 5000, 0, 1, 'SALE_VOID'],
  ])('%s, total %d, paid %d, paying %d → %s', (status, totalMinor, paidMinor, amountMinor, expected) => {
    expect(checkSalePayment({ status, totalMinor, paidMinor, amountMinor })).toBe(expected);
  });

  it.each([[S.PENDING, undefined], [S.PARTIALLY_PAID, undefined], [S.PAID, undefined], [S.VOID, 'SALE_VOID']])('voiding a %s sale → %s', (status, expected) => {
    expect(checkVoid(status)).toBe(expected);
  });
});

describe('saleCurrency and lineTotal', () => {
  it.each([
    [['USD', 'USD'] as const, 'USD'],
    [['VES'] as const, 'VES'],
    [['USD', 'VES'] as const, 'SALE_CURRENCY_MISMATCH'],
  ])('%j → %s', (currencies, expected) => {
    expect(saleCurrency(currencies)).toBe(expected);
  });

  it('multiplies quantity by the unit price in minor units', () => {
    expect(lineTotal(3, 2599)).toBe(7797);
  });

  it('refuses a total past the safe-integer range', () => {
    expect(() => lineTotal(1_000_000, Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
  });
});
