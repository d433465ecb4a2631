import { canTransition, nextStates, Transitions } from '../../api/src/shared/transitions';
import { PurchaseRequestState as R, purchaseRequestTransitions } from '../../api/src/modules/quotes/purchase-request.states';
import { OrderState as O, orderTransitions } from '../../api/src/modules/orders/order.states';
import { PaymentState as P, paymentTransitions } from '../../api/src/modules/payments/payment.states';

const tables: [string, Transitions<string>, Record<string, string>][] = [
  ['purchase request', purchaseRequestTransitions, R],
  ['order', orderTransitions, O],
  ['payment', paymentTransitions, P],
];

describe('state tables', () => {
  it.each(tables)('the %s table has a row for every state and only targets known states', (_name, table, states) => {
    const all = Object.values(states);
    expect(Object.keys(table).sort()).toEqual([...all].sort());
    for (const row of Object.values(table)) for (const to of row.to) expect(all).toContain(to);
  });

  it.each([
    [R.SUBMITTED, R.SOURCING, true],
    [R.SUBMITTED, R.PRICING, true],
    [R.SUBMITTED, R.REJECTED, true],
    [R.SOURCING, R.PRICING, true],
    [R.SOURCING, R.REJECTED, true],
    [R.PRICING, R.QUOTED, true],
    [R.PRICING, R.REJECTED, true],
    [R.QUOTED, R.ACCEPTED, true],
    [R.QUOTED, R.MODIFICATION_REQUESTED, true],
    [R.QUOTED, R.REJECTED, true],
    [R.QUOTED, R.EXPIRED, true],
    [R.MODIFICATION_REQUESTED, R.QUOTED, true],
    [R.MODIFICATION_REQUESTED, R.REJECTED, true],
    [R.SUBMITTED, R.QUOTED, false],
    [R.SOURCING, R.EXPIRED, false],
    [R.MODIFICATION_REQUESTED, R.ACCEPTED, false],
    [R.MODIFICATION_REQUESTED, R.EXPIRED, false],
    [R.ACCEPTED, R.REJECTED, false],
    [R.EXPIRED, R.QUOTED, false],
  ])('a purchase request may move from %s to %s: %s', (from, to, allowed) => {
    expect(canTransition(purchaseRequestTransitions, from, to)).toBe(allowed);
  });

  it.each([
    [O.PENDING_PAYMENT, O.PARTIALLY_PAID, true],
    [O.PENDING_PAYMENT, O.PAID, true],
    [O.PENDING_PAYMENT, O.CANCELLED, true],
    [O.PARTIALLY_PAID, O.PAID, true],
    [O.PARTIALLY_PAID, O.CANCELLED, true],
    [O.PAID, O.PURCHASED, true],
    [O.PAID, O.CANCELLED, false],
    [O.PARTIALLY_PAID, O.PENDING_PAYMENT, false],
    [O.AT_LOCAL_WAREHOUSE, O.OUT_FOR_DELIVERY, true],
    [O.AT_LOCAL_WAREHOUSE, O.READY_FOR_PICKUP, true],
    [O.IN_CUSTOMS, O.DELIVERED, false],
    [O.DELIVERED, O.CANCELLED, false],
  ])('an order may move from %s to %s: %s', (from, to, allowed) => {
    expect(canTransition(orderTransitions, from, to)).toBe(allowed);
  });

  it.each([
    [purchaseRequestTransitions, [R.ACCEPTED, R.REJECTED, R.EXPIRED]],
    [orderTransitions, [O.DELIVERED, O.CANCELLED]],
    [paymentTransitions, [P.VALIDATED, P.REJECTED]],
  ] as [Transitions<string>, string[]][])('has no way out of the final states %#', (table, finals) => {
    for (const state of finals) expect(nextStates(table, state)).toEqual([]);
  });

  it('lists the next states of a quoted request in table order', () => {
    expect(nextStates(purchaseRequestTransitions, R.QUOTED)).toEqual([R.ACCEPTED, R.MODIFICATION_REQUESTED, R.REJECTED, R.EXPIRED]);
  });

  it('returns a copy, so callers cannot change the table', () => {
    nextStates(paymentTransitions, P.SUBMITTED).push(P.SUBMITTED);
    expect(nextStates(paymentTransitions, P.SUBMITTED)).toEqual([P.VALIDATED, P.REJECTED]);
  });
});
