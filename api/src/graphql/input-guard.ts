import type { ApolloServerPlugin } from '@apollo/server';
import { isUUID } from 'class-validator';
import {
  type DocumentNode,
  getNamedType,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  type OperationDefinitionNode,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** Why a value was refused: PostgreSQL cannot store NUL in text, and every Morna id is a UUID. */
export type BadInputReason = 'NUL_CHARACTER' | 'NOT_A_UUID';

/**
 * The first string containing NUL (\u0000), or `ID` that is not a UUID, in an operation's inline literals
 * (arguments, input fields, variable defaults) or in its variables, as BAD_USER_INPUT naming the argument or
 * input field (`field`) and where it sits (`path`), never the value. Runs before execution, so no resolver
 * and no SQL ever sees such a value.
 */
export function findBadInput(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError | undefined {
  let clean = cleanLiterals.get(schema);
  if (!clean) cleanLiterals.set(schema, (clean = new WeakMap()));
  let argumentOf = clean.get(document);
  if (!argumentOf) {
    const scan = findInLiterals(schema, document);
    if (scan.found) return scan.found;
    argumentOf = scan.argumentOf;
    clean.set(document, argumentOf);
  }
  return findInVariables(schema, document, variables ?? {}, argumentOf);
}

// Documents whose literals passed, with their variables' arguments: Apollo hands the same parsed document to
// every request of the same text, so the walk runs once per document (issue 8's profile: 2 % of a request).
const cleanLiterals = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, string>>>();

/** Apollo plugin: refuses bad input with HTTP 400 before the operation runs. */
export function inputGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const error = findBadInput(schema, document, request.variables);
          if (error) throw error;
        },
      };
    },
  };
}

function refusal(reason: BadInputReason, field: string, path: string): GraphQLError {
  return new GraphQLError('Datos inválidos.', { extensions: { code: 'BAD_USER_INPUT', field, path, reason, http: { status: 400 } } });
}

function leafReason(value: unknown, typeName: string): BadInputReason | undefined {
  if (typeof value === 'string' && value.includes('\u0000')) return 'NUL_CHARACTER';
  if (typeName === 'ID' && !(typeof value === 'string' && isUUID(value))) return 'NOT_A_UUID';
  return undefined;
}

// Also tells, per variable, the argument or input field it is used in, so a refusal can name that field.
function findInLiterals(schema: GraphQLSchema, document: DocumentNode): { found?: GraphQLError; argumentOf: Map<string, string> } {
  const argumentOf = new Map<string, string>();
  const typeInfo = new TypeInfo(schema);
  // Names of the enclosing variable definition, argument and input fields: the last one is the field.
  const names: string[] = [];
  let found: GraphQLError | undefined;
  const named = { leave: () => void names.pop() };
  const leaf = (value: string) => {
    const type = typeInfo.getInputType();
    const reason = leafReason(value, type ? getNamedType(type).name : '');
    if (reason && !found) found = refusal(reason, names.at(-1) ?? '', names.join('.'));
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      VariableDefinition: { enter: (node) => void names.push(`$${node.variable.name.value}`), ...named },
      Argument: { enter: (node) => void names.push(node.name.value), ...named },
      ObjectField: { enter: (node) => void names.push(node.name.value), ...named },
      StringValue: (node) => leaf(node.value),
      IntValue: (node) => leaf(node.value),
      Variable: (node) => {
        const user = names.at(-1);
        if (user && !user.startsWith('$')) argumentOf.set(node.name.value, user);
      },
    }),
  );
  if (found) found.extensions.field = String(found.extensions.field).replace(/^\$/, '');
  return { found, argumentOf };
}

function findInVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  argumentOf: Map<string, string>,
): GraphQLError | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  for (const operation of operations) {
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
      const found = type && findInValue(variables[name], type, argumentOf.get(name) ?? name, name);
      if (found) {
        found.extensions.variable = name;
        return found;
      }
    }
  }
  return undefined;
}

function findInValue(value: unknown, type: GraphQLInputType, field: string, path: string): GraphQLError | undefined {
  if (value == null) return undefined;
  if (isNonNullType(type)) return findInValue(value, type.ofType, field, path);
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    for (const [i, item] of items.entries()) {
      const found = findInValue(item, type.ofType as GraphQLInputType, field, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return undefined;
    for (const [key, inner] of Object.entries(type.getFields())) {
      const found = findInValue((value as Record<string, unknown>)[key], inner.type, key, `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  const reason = leafReason(value, type.name);
  return reason && refusal(reason, field, path);
}
