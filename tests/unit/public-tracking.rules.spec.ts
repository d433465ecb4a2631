import { OrderState } from '../../api/src/modules/orders/order.states';
import { parseTrackingNumber, PublicOrderPhase, publicEta, publicPhaseOf, secondFactorMatches } from '../../api/src/modules/public-tracking/public-tracking.rules';

describe('parseTrackingNumber', () => {
  it.each([
    ['PO-2026-000042', { kind: 'ORDER', number: 'PO-2026-000042' }],
    ['  po-2026-000042 ', { kind: 'ORDER', number: 'PO-2026-000042' }],
    ['PO 2026 000042', { kind: 'ORDER', number: 'PO-2026-000042' }],
    ['pk-2026-000031', { kind: 'PACKAGE', number: 'PK-2026-000031' }],
    ['BX--2026--000007', { kind: 'BOX', number: 'BX-2026-000007' }],
    ['SC-2026-000001', null], // a quote request number is no tracking number
    ['2026-000042', null],
    ['PO-', null],
    ['PO-2026-000042; DROP TABLE', null],
    ['', null],
  ])('reads %j as %j', (text, expected) => {
    expect(parseTrackingNumber(text)).toEqual(expected);
  });
});

describe('secondFactorMatches', () => {
  const customer = { code: 'MC-7K3QX9', phone: '+584121234567' };
  it.each([
    ['4567', true],
    [' 45-67 ', true],
    ['45.67', true],
    ['(4567)', true],
    ['MC-7K3QX9', true],
    ['mc-7k3qx9', true],
    [' mc-7k3qx9 ', true],
    ['MC 7K3QX9', false], // the dash is part of the code
    ['4568', false],
    ['567', false], // fewer than four digits
    ['34567', false], // more than four
    ['04121234567', false], // the whole phone is not what is asked
    ['1234', false], // digits of the phone, not its last four
    ['MC-7K3QX', false],
    ['', false],
    ['    ', false],
  ])('takes %j as the second factor: %s', (factor, expected) => {
    expect(secondFactorMatches(customer, factor)).toBe(expected);
  });

  it('never matches a phone shorter than four digits by its digits', () => {
    expect(secondFactorMatches({ code: 'MC-AAAAAA', phone: '+58' }, '0058')).toBe(false);
  });
});

describe('publicPhaseOf', () => {
  it.each([
    [OrderState.PENDING_PAYMENT, PublicOrderPhase.PROCESSING],
    [OrderState.PARTIALLY_PAID, PublicOrderPhase.PROCESSING],
    [OrderState.PAID, PublicOrderPhase.PROCESSING],
    [OrderState.PURCHASED, PublicOrderPhase.PURCHASED],
    [OrderState.AT_CHINA_WAREHOUSE, PublicOrderPhase.AT_CHINA_WAREHOUSE],
    [OrderState.DEPARTED_CHINA, PublicOrderPhase.DEPARTED_CHINA],
    [OrderState.IN_CUSTOMS, PublicOrderPhase.IN_CUSTOMS],
    [OrderState.AT_LOCAL_WAREHOUSE, PublicOrderPhase.AT_LOCAL_WAREHOUSE],
    [OrderState.OUT_FOR_DELIVERY, PublicOrderPhase.OUT_FOR_DELIVERY],
    [OrderState.READY_FOR_PICKUP, PublicOrderPhase.READY_FOR_PICKUP],
    [OrderState.DELIVERED, PublicOrderPhase.DELIVERED],
    [OrderState.CANCELLED, PublicOrderPhase.CANCELLED],
  ])('shows %s as %s (payment progress stays private)', (state, phase) => {
    expect(publicPhaseOf(state)).toBe(phase);
  });

  it('has a public phase for every order state', () => {
    const phases = new Set(Object.values(PublicOrderPhase));
    expect(Object.values(OrderState).filter((s) => !phases.has(publicPhaseOf(s)))).toEqual([]);
  });
});

describe('publicEta', () => {
  const eta = new Date('2026-07-01T00:00:00Z');
  it.each([
    [OrderState.PAID, eta],
    [OrderState.IN_CUSTOMS, eta],
    [OrderState.DELIVERED, null],
    [OrderState.CANCELLED, null],
  ])('for an order %s answers %j', (state, expected) => {
    expect(publicEta(state, eta)).toEqual(expected);
  });
});
