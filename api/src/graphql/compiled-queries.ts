import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type Gateway = ApolloServerOptionsWithGateway<never>['gateway'];

/** What one execution needs: the parsed and validated document (Apollo's, cached per query text), the operation and its inputs. */
export interface Execution {
  document: DocumentNode;
  operationName: string | null;
  variables: Record<string, unknown> | undefined;
  context: unknown;
}

/**
 * A GraphQL error as graphql-js builds it, from graphql-jit's (which has no `extensions` object when the
 * resolver's error carried none, where Apollo and `formatError` expect one).
 */
function standardError(error: GraphQLError): GraphQLError {
  const standard = new GraphQLError(error.message, { path: error.path, originalError: error.originalError, extensions: error.extensions ?? undefined });
  (standard as { locations: GraphQLError['locations'] }).locations = error.locations;
  return standard;
}

function standardResult(result: ExecutionResult): ExecutionResult {
  return result.errors ? { ...result, errors: result.errors.map(standardError) } : result;
}

/** One operation of a parsed document: how often graphql-js ran it, and its compiled form once built. */
interface Entry {
  runs: number;
  compiled?: CompiledQuery | ExecutionResult;
}

/**
 * Runs queries as graphql-jit compiles them: one JavaScript function per document and operation that calls
 * the same resolvers (authorisation, time budget and all) without graphql-js's per-field work (argument
 * maps, paths, info objects, a promise per object whose fields wait). Issue 8: graphql-js's execution was
 * most of the garbage of a staff page of orders. A document is compiled when it runs again (`compileAfter`
 * runs through graphql-js first): compiling costs a few executions, which a document sent once (anyone may
 * send new ones) would never repay. Compiled forms live as long as Apollo keeps the parsed document (its LRU
 * document store hands the same object for the same text). Mutations and anything but a query run through
 * graphql-js as before (mutations are not hot, and their serial semantics stay graphql-js's own).
 */
export class CompiledQueries {
  private readonly entries = new WeakMap<DocumentNode, Map<string | null, Entry>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly compileAfter = 1,
  ) {}

  /** The result of `run`, as graphql-js's `execute` would give it. */
  async execute(run: Execution & { operation: 'query' | 'mutation' | 'subscription' | undefined }): Promise<ExecutionResult> {
    const compiled = run.operation === 'query' ? this.compiledFor(run.document, run.operationName) : undefined;
    if (!compiled || !isCompiledQuery(compiled)) return this.interpreted(run);
    const result = await compiled.query(undefined, run.context, run.variables ?? {});
    // No data at all: the variables were refused before any resolver ran. graphql-js words that refusal as
    // Apollo recognises it (BAD_USER_INPUT, HTTP 400), so it answers it.
    if (!('data' in result)) return this.interpreted(run);
    return standardResult(result);
  }

  private interpreted(run: Execution): Promise<ExecutionResult> | ExecutionResult {
    return execute({ schema: this.schema, document: run.document, operationName: run.operationName, variableValues: run.variables, contextValue: run.context });
  }

  /** The compiled form of the operation, once it has run `compileAfter` times; undefined until then. */
  private compiledFor(document: DocumentNode, operationName: string | null): CompiledQuery | ExecutionResult | undefined {
    let byName = this.entries.get(document);
    if (!byName) {
      byName = new Map();
      this.entries.set(document, byName);
    }
    let entry = byName.get(operationName);
    if (!entry) {
      entry = { runs: 0 };
      byName.set(operationName, entry);
    }
    if (entry.compiled) return entry.compiled;
    if (entry.runs < this.compileAfter) {
      entry.runs += 1;
      return undefined;
    }
    entry.compiled = compileQuery(this.schema, document, operationName ?? undefined);
    return entry.compiled;
  }
}

/**
 * Apollo Server's way to take another executor: a "gateway" serving one fixed schema, whose executor runs
 * each request through `queries`.
 */
export function compiledGateway(schema: GraphQLSchema, queries = new CompiledQueries(schema)): Gateway {
  const listeners = new Set<Parameters<Gateway['onSchemaLoadOrUpdate']>[0]>();
  return {
    onSchemaLoadOrUpdate(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    async load() {
      // The schema never changes: it is announced once, as a gateway announces the first one it loads.
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl: '' });
      return {
        // No operation: a document of several without `operationName`; graphql-js words that refusal.
        executor: (request) =>
          queries.execute({ document: request.document, operationName: request.operationName, variables: request.request.variables, context: request.context, operation: request.operation?.operation }),
      };
    },
    async stop() {},
  };
}
