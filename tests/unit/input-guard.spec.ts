import { buildSchema, parse } from 'graphql';
import { findBadInput } from '../../api/src/graphql/input-guard';

const schema = buildSchema(`
  input SignIn { login: String! password: String! }
  input Roles { userId: ID! tags: [String!] }
  type Query { user(id: ID!): String search(text: String, ids: [ID!]): String }
  type Mutation { signIn(input: SignIn!): String setRoles(input: Roles!): String }
`);
const uuid = '0b6f7c1e-2d4a-4c8e-9f3b-5a6d7e8f9a0b';

describe('findBadInput', () => {
  it.each<[string, string, Record<string, unknown> | undefined, Record<string, unknown> | undefined]>([
    ['accepts ordinary text and UUIDs', `query { user(id: "${uuid}") search(text: "hola", ids: ["${uuid}"]) }`, undefined, undefined],
    ['refuses NUL in a literal argument', 'query { search(text: "a\\u0000") }', undefined, { field: 'text', reason: 'NUL_CHARACTER' }],
    ['refuses NUL in a literal input field', 'mutation { signIn(input: { login: "a", password: "b\\u0000" }) }', undefined, { field: 'password', path: 'input.password' }],
    ['refuses NUL in a variable, naming the input field', 'mutation M($i: SignIn!) { signIn(input: $i) }', { i: { login: 'a\u0000', password: 'b' } }, { field: 'login', path: 'i.login', variable: 'i' }],
    ['names the argument a top-level variable feeds', 'query Q($x: ID!) { user(id: $x) }', { x: 'abc' }, { field: 'id', variable: 'x', reason: 'NOT_A_UUID' }],
    ['refuses an id given as a number', 'query Q($x: ID!) { user(id: $x) }', { x: 42 }, { field: 'id', reason: 'NOT_A_UUID' }],
    ['refuses an integer literal id', 'query { user(id: 42) }', undefined, { field: 'id', reason: 'NOT_A_UUID' }],
    ['refuses one bad id in a list', `query { search(ids: ["${uuid}", "x"]) }`, undefined, { field: 'ids', reason: 'NOT_A_UUID' }],
    ['refuses NUL in a list item of a variable', 'mutation M($r: Roles!) { setRoles(input: $r) }', { r: { userId: uuid, tags: ['ok', '\u0000'] } }, { field: 'tags', path: 'r.tags[1]' }],
    ['refuses a bad id in a variable default', 'query Q($x: ID = "nope") { user(id: $x) }', undefined, { field: 'x', reason: 'NOT_A_UUID' }],
    ['ignores variables the operation does not declare', 'query { user(id: "' + uuid + '") }', { other: '\u0000' }, undefined],
  ])('%s', (_rule, query, variables, expected) => {
    const error = findBadInput(schema, parse(query), variables);
    if (expected) expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', ...expected });
    else expect(error).toBeUndefined();
  });

  it('never echoes the refused value', () => {
    const error = findBadInput(schema, parse('mutation M($i: SignIn!) { signIn(input: $i) }'), { i: { login: 'ana', password: 'secreto\u0000' } });
    expect(JSON.stringify(error)).not.toContain('secreto');
  });
});
