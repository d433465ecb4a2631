import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLList,
  GraphQLObjectType,
  Lexer,
  NoSchemaIntrospectionCustomRule,
  parse,
  Source,
  specifiedRules,
  TokenKind,
  validate,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { RequestHandler } from 'express';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { errorMessages, type ErrorCode } from '../shared/errors';
import { findBadInput } from './input-guard';

/**
 * What one GraphQL document may ask for, over HTTP and WebSocket alike. Sized for the portal and back-office
 * screens (an order page with its request, options, payments, tracking events with photos and packages costs
 * 879; a staff list of 50 orders with customer, payments and tracking events with photos 11,701; 100 of them
 * would cost 23,401, so the back-office pages by 50), with
 * headroom, and far below the attacks of issue 5 (20 levels of order → payments, 2^18-object fan-outs,
 * 10,000 aliases).
 */
export const documentLimits = {
  /** Lexical tokens per document; checked before parsing (the order page has 150). */
  maxTokens: 2000,
  /** Nesting of fields (the order page is 4 deep, a staff list with tracking photos 6). */
  maxDepth: 10,
  /** Aliased fields per operation. */
  maxAliases: 20,
  /** Directives per operation (@include/@skip). */
  maxDirectives: 20,
  /** Estimated fields resolved: each field costs 1; lists multiply their selection (see `estimators`). GRAPHQL_MAX_COST overrides it. */
  maxCost: 20_000,
  /** Estimated length of a plain list field (Order.payments, TrackingEvent.photos…): 10. */
  listSize: 10,
  /** HTTP JSON body and WebSocket message, bytes. */
  maxMessageBytes: 100 * 1024,
} as const;

/** A refusal of a document before execution: a Morna code, its texts, and the limit that was hit. */
export function limitError(code: ErrorCode, details: Record<string, unknown> = {}): GraphQLError {
  const [es, en] = errorMessages[code];
  return new GraphQLError(es, { extensions: { code, messageEn: en, ...details, http: { status: 400 } } });
}

/** QUERY_TOO_LARGE when `source` has more tokens than allowed; lexes at most maxTokens + 1 of them. */
export function checkTokens(source: string): GraphQLError | undefined {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      tokens += 1;
      if (tokens > documentLimits.maxTokens) return limitError('QUERY_TOO_LARGE', { maximumTokens: documentLimits.maxTokens });
    }
  } catch {
    // A syntax error: the parser reports it with its position.
  }
  return undefined;
}

/** Armor's callbacks: report the refusal with a Morna code instead of throwing out of validation. */
function armorRefusal(code: ErrorCode, limit: number) {
  return {
    n: limit,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null) => context?.reportError(limitError(code, { limit }))],
  };
}

/** Validation rules added to GraphQL's own: depth, aliases, directives, and introspection when it is off. */
export function limitRules(options: { introspection: boolean }): ValidationRule[] {
  return [
    maxDepthRule({ ...armorRefusal('QUERY_TOO_DEEP', documentLimits.maxDepth), ignoreIntrospection: options.introspection }),
    maxAliasesRule(armorRefusal('TOO_MANY_ALIASES', documentLimits.maxAliases)),
    maxDirectivesRule(armorRefusal('TOO_MANY_DIRECTIVES', documentLimits.maxDirectives)),
    ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ] as ValidationRule[];
}

/** `first` of a connection field (a type with `edges`) costs its selection that many times. */
const pageEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const type = getNamedType(field.type);
  if (!(type instanceof GraphQLObjectType) || !('edges' in type.getFields()) || !('first' in args)) return undefined;
  return 1 + childComplexity * Math.max(1, Number(args.first) || 1);
};

/** A plain list of objects costs its selection `listSize` times; the `edges` of a page were costed above. */
const listEstimator: ComplexityEstimator = ({ field, childComplexity }) => {
  const type = getNullableType(field.type);
  if (!(type instanceof GraphQLList) || !(getNamedType(type) instanceof GraphQLObjectType) || field.name === 'edges') return undefined;
  return 1 + childComplexity * documentLimits.listSize;
};

/** A field's own `complexity` (type-graphql option) wins; then pages, plain lists, and 1 per field. */
const estimators = [fieldExtensionsEstimator(), pageEstimator, listEstimator, simpleEstimator({ defaultComplexity: 1 })];

/** The estimated cost of the operation: each field 1, a page its selection × `first`, another list its selection × 10. */
function operationCost(schema: GraphQLSchema, document: DocumentNode, variables?: Record<string, unknown>, operationName?: string | null): number {
  const key = costKey(schema, document, variables, operationName);
  let known = key === undefined ? undefined : knownCosts.get(document);
  const cached = key === undefined ? undefined : known?.get(key);
  if (cached !== undefined) return cached;
  const cost = getComplexity({ schema, query: document, estimators, variables: variables ?? {}, operationName: operationName ?? undefined });
  if (key !== undefined) {
    if (!known) knownCosts.set(document, (known = new Map()));
    if (known.size >= MAX_COSTS_PER_DOCUMENT) known.delete(known.keys().next().value!);
    known.set(key, cost);
  }
  return cost;
}

/** Costs already computed, per parsed document (documents are shared while cached as valid), by `costKey`. */
const knownCosts = new WeakMap<DocumentNode, Map<string, number>>();
const MAX_COSTS_PER_DOCUMENT = 64;
/** Per document: the variables the estimators read (a `first` argument's, a directive's: @skip/@include). */
const costVariables = new WeakMap<DocumentNode, string[]>();
/** Schemas where no field has its own `complexity` (which could read any argument): only then are costs cached. */
const cacheableSchemas = new WeakMap<GraphQLSchema, boolean>();

/**
 * What a document's cost depends on besides the document: the operation and the values of the variables the
 * estimators read (`pageEstimator`'s `first`, @skip/@include). Undefined (do not cache) when a field of the
 * schema has its own complexity, which may read any argument. A message's text or an id never changes the
 * cost, so the chat's thousand sends a second are costed once.
 */
export function costKey(schema: GraphQLSchema, document: DocumentNode, variables?: Record<string, unknown>, operationName?: string | null): string | undefined {
  let cacheable = cacheableSchemas.get(schema);
  if (cacheable === undefined) {
    cacheable = Object.values(schema.getTypeMap()).every((type) => !(type instanceof GraphQLObjectType) || Object.values(type.getFields()).every((f) => f.extensions?.complexity === undefined));
    cacheableSchemas.set(schema, cacheable);
  }
  if (!cacheable) return undefined;
  let names = costVariables.get(document);
  if (!names) {
    const found = new Set<string>();
    visit(document, {
      Argument: (node) => void (node.name.value === 'first' && visit(node.value, { Variable: (v) => void found.add(v.name.value) })),
      Directive: (node) => void visit(node, { Variable: (v) => void found.add(v.name.value) }),
    });
    costVariables.set(document, (names = [...found].sort()));
  }
  return `${operationName ?? ''}\0${JSON.stringify(names.map((n) => variables?.[n] ?? null))}`;
}

/**
 * QUERY_TOO_COMPLEX when the operation's estimated cost is over the limit (or its fragments expand past the
 * estimator's node limit). Variables count: `first: $n` is read from them.
 */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables?: Record<string, unknown>,
  operationName?: string | null,
  maxCost: number = documentLimits.maxCost,
): GraphQLError | undefined {
  let cost: number;
  try {
    cost = operationCost(schema, document, variables, operationName);
  } catch (error) {
    // graphql-query-complexity stops walking a document that expands past its node limit; any other error
    // is about the variables, which were coerced before (over WebSocket, prepareOperation) or are coerced
    // after (over HTTP, Apollo), both answering BAD_USER_INPUT.
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) return limitError('QUERY_TOO_COMPLEX', { maximumCost: maxCost });
    return undefined;
  }
  return cost > maxCost ? limitError('QUERY_TOO_COMPLEX', { cost, maximumCost: maxCost }) : undefined;
}

/** Apollo's code for GraphQL's own syntax and validation errors, so both transports answer alike. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, originalError: error, extensions: { ...error.extensions, code } });
}

/**
 * The operation to run, as Apollo resolves it over HTTP: OPERATION_RESOLUTION_FAILURE (Apollo's code, with
 * GraphQL's message) when the document has several operations and no `operationName`, or none of that name.
 */
function operationResolutionError(document: DocumentNode, operationName: string | null | undefined): GraphQLError {
  const message = operationName
    ? `Unknown operation named "${operationName}".`
    : document.definitions.some((d) => d.kind === 'OperationDefinition')
      ? 'Must provide operation name if query contains multiple operations.'
      : 'Must provide an operation.';
  return new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
}

/**
 * Documents that passed parsing and validation, by their text, the most recently used kept: thousands of
 * subscribers of the same few documents hold one parsed document each kind (about 10 KiB saved per subscriber).
 */
export class ValidDocuments {
  private readonly byText = new Map<string, DocumentNode>();

  constructor(private readonly max = 500) {}

  get(text: string): DocumentNode | undefined {
    const document = this.byText.get(text);
    if (document) {
      this.byText.delete(text);
      this.byText.set(text, document);
    }
    return document;
  }

  set(text: string, document: DocumentNode): void {
    this.byText.set(text, document);
    if (this.byText.size > this.max) this.byText.delete(this.byText.keys().next().value!);
  }
}

/**
 * The whole check for an operation that arrives as text (graphql-ws `onSubscribe`): tokens, parse, GraphQL's
 * validation with the limit rules, the operation to run (OPERATION_RESOLUTION_FAILURE), its variables'
 * coercion (BAD_USER_INPUT, as Apollo answers over HTTP), the input guard, then cost. Returns what to execute,
 * or the errors to answer with. With `documents`, a text seen before is neither parsed nor validated again,
 * and its subscribers share one document.
 */
export function prepareOperation(
  schema: GraphQLSchema,
  rules: ValidationRule[],
  payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
  maxCost: number = documentLimits.maxCost,
  documents?: ValidDocuments,
): ExecutionArgs | GraphQLError[] {
  const tooLarge = checkTokens(payload.query);
  if (tooLarge) return [tooLarge];
  let document = documents?.get(payload.query);
  if (!document) {
    try {
      document = parse(payload.query);
    } catch (error) {
      return [withCode(error instanceof GraphQLError ? error : new GraphQLError(String(error)), 'GRAPHQL_PARSE_FAILED')];
    }
    const errors = validate(schema, document, [...specifiedRules, ...rules]);
    if (errors.length > 0) return errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
    documents?.set(payload.query, document);
  }
  const operation = getOperationAST(document, payload.operationName);
  if (!operation) return [operationResolutionError(document, payload.operationName)];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {});
  if (coerced.errors) return coerced.errors.map((error) => withCode(error, 'BAD_USER_INPUT'));
  const badInput = findBadInput(schema, document, payload.variables);
  if (badInput) return [badInput];
  const tooComplex = checkCost(schema, document, payload.variables ?? undefined, payload.operationName, maxCost);
  if (tooComplex) return [tooComplex];
  return { schema, document, variableValues: payload.variables, operationName: payload.operationName };
}

/** The token limit at the HTTP edge (POST body or GET `query`), before Apollo parses or authenticates anything. */
export const tokenLimit: RequestHandler = (req, _res, next) => {
  const body = req.body as { query?: unknown } | undefined;
  const query = req.method === 'GET' ? req.query.query : body?.query;
  next(typeof query === 'string' ? checkTokens(query) : undefined);
};
