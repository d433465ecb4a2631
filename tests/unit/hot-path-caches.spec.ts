import 'reflect-metadata';
import { parse } from 'graphql';
import { signAccessToken, VerifiedTokens } from '../../api/src/auth/tokens';
import { checkCost, costKey } from '../../api/src/graphql/limits';
import { buildMornaSchema } from '../../api/src/schema';

const SECRET = 'unit-test-secret';

describe('VerifiedTokens', () => {
  it('answers a token verified before from memory until it expires, then refuses it', async () => {
    const tokens = new VerifiedTokens();
    const token = await signAccessToken({ userId: 'u1', sessionId: 's1' }, SECRET, 2);
    const first = await tokens.verify(token, SECRET);
    expect(first).toMatchObject({ userId: 'u1', sessionId: 's1' });
    expect(await tokens.verify(token, SECRET)).toBe(first);
    // `exp` has whole seconds (2 s leaves at least one after signing): past it, the remembered claims no longer answer.
    await new Promise((r) => setTimeout(r, first!.expiresAt! - Date.now() + 50));
    expect(await tokens.verify(token, SECRET)).toBeNull();
  });

  it('never remembers a token that failed verification', async () => {
    const tokens = new VerifiedTokens();
    const token = await signAccessToken({ userId: 'u1', sessionId: 's1' }, 'another-secret', 60);
    expect(await tokens.verify(token, SECRET)).toBeNull();
    expect(await tokens.verify(`${token}x`, SECRET)).toBeNull();
  });
});

describe('cost of an operation', () => {
  const pageOf = parse('query Page($first: Int!, $customerId: ID) { orders(first: $first, filter: { customerId: $customerId }) { edges { node { id payments { id } } } } }');

  it('keys the cost by the values of the variables an estimator reads (page sizes, @skip/@include), never by ids or texts', async () => {
    const schema = await buildMornaSchema();
    const key = (variables: Record<string, unknown>) => costKey(schema, pageOf, variables, 'Page');
    expect(key({ first: 10, customerId: 'a' })).toBe(key({ first: 10, customerId: 'b' }));
    expect(key({ first: 10 })).not.toBe(key({ first: 11 }));
    const send = parse('mutation Send($id: ID!, $input: ChatMessageInput!, $deep: Boolean!) { sendChatMessage(conversationId: $id, input: $input) { seq @include(if: $deep) } }');
    const sendKey = (variables: Record<string, unknown>) => costKey(schema, send, variables, 'Send');
    expect(sendKey({ id: 'a', input: { body: 'hola' }, deep: true })).toBe(sendKey({ id: 'b', input: { body: 'chao' }, deep: true }));
    expect(sendKey({ id: 'a', input: { body: 'hola' }, deep: true })).not.toBe(sendKey({ id: 'a', input: { body: 'hola' }, deep: false }));
  });

  it('refuses a page too large on every request of the same document, after answering a small one', async () => {
    const schema = await buildMornaSchema();
    expect(checkCost(schema, pageOf, { first: 5 }, 'Page', 2_000)).toBeUndefined();
    expect(checkCost(schema, pageOf, { first: 500 }, 'Page', 2_000)?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(checkCost(schema, pageOf, { first: 500 }, 'Page', 2_000)?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(checkCost(schema, pageOf, { first: 5 }, 'Page', 2_000)).toBeUndefined();
  });
});

describe('fields that only read a property', () => {
  it('resolve by default, while guarded and computed fields keep their resolvers', async () => {
    const schema = await buildMornaSchema();
    const order = schema.getType('Order') as import('graphql').GraphQLObjectType;
    const pkg = schema.getType('Package') as import('graphql').GraphQLObjectType;
    expect(order.getFields().number!.resolve).toBeUndefined();
    expect(order.getFields().customer!.resolve).toBeDefined();
    expect(order.getFields().supplierPayment!.resolve).toBeDefined();
    expect(order.getFields().payments!.resolve).toBeDefined();
    expect(pkg.getFields().note!.resolve).toBeDefined();
    expect(pkg.getFields().weightKg!.resolve).toBeUndefined();
  });
});
