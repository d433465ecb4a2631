import { isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { AuthenticationError, AuthorizationError, type ResolverData } from 'type-graphql';
import { typeGraphqlMetadata, type FieldResolverMeta, type ParamMeta } from './type-graphql-metadata';

/** An auth checker function, as type-graphql calls it. */
export type AuthCheckerFn = (data: ResolverData<object>, roles: unknown[]) => boolean | Promise<boolean>;

/** Where a parameter of a direct resolver comes from. */
type Source = (root: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;

/** The sources of `params` in argument order, or null when one needs type-graphql (arguments to convert and validate, custom decorators). */
function sourcesOf(params: ParamMeta[]): { sources: Source[]; rootType?: Function } | null {
  const sources: Source[] = [];
  let rootType: Function | undefined;
  for (const param of [...params].sort((a, b) => a.index - b.index)) {
    if (param.kind === 'root' && param.propertyName === undefined) {
      const type = param.getType?.();
      if (typeof type === 'function') rootType = type;
      sources.push((root) => root);
    } else if (param.kind === 'context' && param.propertyName === undefined) sources.push((_root, context) => context);
    else if (param.kind === 'info') sources.push((_root, _context, info) => info);
    else return null;
  }
  return { sources, rootType };
}

/**
 * Calls the `@FieldResolver` methods whose parameters are only `@Root()`, `@Ctx()` and `@Info()` directly,
 * instead of through type-graphql's per-call machinery (a sorted copy of the parameters, an async middleware
 * chain: four promises and their closures per call). The same `authChecker` runs first with the same roles
 * and the same resolver data, and refuses as type-graphql's `authMode: 'error'` does; then the method runs
 * on an instance of its resolver class (they hold no state). A resolver with middlewares, arguments or
 * other parameters, or whose root is not an instance of the `@Root()` type (type-graphql would convert it),
 * keeps type-graphql's resolver. Issue 8: a list of 50 orders calls three field resolvers per order. Changes
 * `schema` in place; returns the fields it changed as `Type.field`.
 */
export function resolveFieldResolversDirectly(schema: GraphQLSchema, authChecker: AuthCheckerFn): string[] {
  const storage = typeGraphqlMetadata();
  const instances = new Map<Function, Record<string, (...args: unknown[]) => unknown>>();
  const changed: string[] = [];
  for (const meta of storage.objectTypes) {
    const type = schema.getType(meta.name);
    if (!isObjectType(type)) continue;
    for (const [fieldName, field] of Object.entries(type.getFields())) {
      const candidates = storage.fieldResolvers.filter((r) => r.schemaName === fieldName && r.getObjectType?.() === meta.target);
      if (candidates.length !== 1 || !field.resolve) continue;
      const [resolver] = candidates as [FieldResolverMeta];
      const params = sourcesOf(resolver.params ?? []);
      if (resolver.kind !== 'external' || (resolver.middlewares?.length ?? 0) > 0 || !params || (resolver.target as { length: number }).length > 0) continue;
      let instance = instances.get(resolver.target);
      if (!instance) instances.set(resolver.target, (instance = new (resolver.target as new () => Record<string, (...args: unknown[]) => unknown>)()));
      field.resolve = directResolver(instance, resolver, params.sources, params.rootType, authChecker, field.resolve);
      changed.push(`${type.name}.${fieldName}`);
    }
  }
  return changed;
}

function directResolver(
  instance: Record<string, (...args: unknown[]) => unknown>,
  resolver: FieldResolverMeta,
  sources: Source[],
  rootType: Function | undefined,
  authChecker: AuthCheckerFn,
  original: GraphQLFieldResolver<unknown, unknown>,
): GraphQLFieldResolver<unknown, unknown> {
  const method = instance[resolver.methodName]!;
  const roles = resolver.roles;
  return function direct(root, args, context, info) {
    if (rootType && !(root instanceof rootType)) return original(root, args, context, info);
    if (roles !== undefined) {
      const granted = authChecker({ root, args, context: context as object, info }, roles);
      if (granted !== true) return checkedLater(granted, roles, () => call());
    }
    return call();
    function call() {
      const values = new Array<unknown>(sources.length);
      for (let i = 0; i < sources.length; i += 1) values[i] = sources[i]!(root, context, info);
      return method.apply(instance, values);
    }
  };
}

/** An auth checker's answer that is not plainly `true` (false, or a promise of the answer): refused as type-graphql refuses. */
async function checkedLater(granted: boolean | Promise<boolean>, roles: unknown[], call: () => unknown): Promise<unknown> {
  if (!(await granted)) throw roles.length === 0 ? new AuthenticationError() : new AuthorizationError();
  return call();
}
