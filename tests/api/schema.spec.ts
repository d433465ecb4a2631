import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import type { Principal } from '../../api/src/context';
import { User } from '../../api/src/modules/identity/user.entity';
import { Order } from '../../api/src/modules/orders/order.entity';
import { buildMornaSchema, printMornaSchema } from '../../api/src/schema';

describe('schema.graphql', () => {
  it('is the schema the API serves (run `npm run schema` after changing resolvers)', async () => {
    const committed = readFileSync(join(__dirname, '../../schema.graphql'), 'utf8');
    expect(printMornaSchema(await buildMornaSchema())).toBe(committed);
  });
});

describe('field resolvers called directly (api/src/graphql/direct-field-resolvers.ts)', () => {
  const info = {} as GraphQLResolveInfo;
  const customer: Principal = { user: new User(), sessionId: 'session', customerId: 'customer', permissions: new Set() };

  it('check the field\'s access rule first, as type-graphql does, and hand a root of another type to type-graphql', async () => {
    const schema = await buildMornaSchema();
    const supplierPayment = (schema.getType('Order') as GraphQLObjectType).getFields().supplierPayment!;
    expect(supplierPayment.resolve!.name).toBe('direct');
    const order = Object.create(Order.prototype) as Order;

    expect(() => supplierPayment.resolve!(order, {}, { principal: customer }, info)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
    expect(() => supplierPayment.resolve!(order, {}, { principal: null }, info)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
    // A plain object is not an Order: type-graphql's own resolver takes it, and refuses the same way.
    await expect(supplierPayment.resolve!({ id: 'order' }, {}, { principal: customer }, info)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('call the method itself once access is granted', async () => {
    const schema = await buildMornaSchema();
    const outstanding = (schema.getType('Order') as GraphQLObjectType).getFields().outstandingUsdMinor!;
    expect(outstanding.resolve!.name).toBe('direct');
    const order = Object.assign(Object.create(Order.prototype) as Order, { state: 'PARTIALLY_PAID', totalUsdMinor: 10_000, settledUsdMinor: 2_500, vesPerUsd: '36.5', usdPaymentDiscount: '0' });
    expect(outstanding.resolve!(order, {}, { principal: customer }, info)).toBe(7_500);
  });
});
