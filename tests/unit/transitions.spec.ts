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
    [R.Submitted, R.Sourcing, true],
    [R.Submitted, R.Pricing, true],
    [R.Submitted, R.Rejected, true],
    [R.Sourcing, R.Pricing, true],
    [R.Sourcing, R.Rejected, true],
    [R.Pricing, R.Quoted, true],
    [R.Pricing, R.Rejected, true],
    [R.Quoted, R.Accepted, true],
    [R.Quoted, R.ModificationRequested, true],
    [R.Quoted, R.Rejected, true],
    [R.Quoted, R.Expired, true],
    [R.ModificationRequested, R.Quoted, true],
    [R.ModificationRequested, R.Rejected, true],
    [R.Submitted, R.Quoted, false],
    [R.Sourcing, R.Expired, false],
    [R.ModificationRequested, R.Accepted, false],
    [R.ModificationRequested, R.Expired, false],
    [R.Accepted, R.Rejected, false],
    [R.Expired, R.Quoted, false],
  ])('a purchase request may move from %s to %s: %s', (from, to, allowed) => {
    expect(canTransition(purchaseRequestTransitions, from, to)).toBe(allowed);
  });

  it.each([
    [O.PendingPayment, O.PartiallyPaid, true],
    [O.PendingPayment, O.Paid, true],
    [O.PendingPayment, O.Cancelled, true],
    [O.PartiallyPaid, O.Paid, true],
    [O.PartiallyPaid, O.Cancelled, true],
    [O.Paid, O.Purchased, true],
    [O.Paid, O.Cancelled, false],
    [O.PartiallyPaid, O.PendingPayment, false],
    [O.AtLocalWarehouse, O.OutForDelivery, true],
    [O.AtLocalWarehouse, O.ReadyForPickup, true],
    [O.InCustoms, O.Delivered, false],
    [O.Delivered, O.Cancelled, false],
  ])('an order may move from %s to %s: %s', (from, to, allowed) => {
    expect(canTransition(orderTransitions, from, to)).toBe(allowed);
  });

  it.each([
    [purchaseRequestTransitions, [R.Accepted, R.Rejected, R.Expired]],
    [orderTransitions, [O.Delivered, O.Cancelled]],
    [paymentTransitions, [P.Validated, P.Rejected]],
  ] as [Transitions<string>, string[]][])('has no way out of the final states %#', (table, finals) => {
    for (const state of finals) expect(nextStates(table, state)).toEqual([]);
  });

  it('lists the next states of a quoted request in table order', () => {
    expect(nextStates(purchaseRequestTransitions, R.Quoted)).toEqual([R.Accepted, R.ModificationRequested, R.Rejected, R.Expired]);
  });

  it('returns a copy, so callers cannot change the table', () => {
    nextStates(paymentTransitions, P.Submitted).push(P.Submitted);
    expect(nextStates(paymentTransitions, P.Submitted)).toEqual([P.Validated, P.Rejected]);
  });
});
