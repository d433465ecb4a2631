import { isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { typeGraphqlMetadata } from './type-graphql-metadata';

/**
 * Field extension (`@Extensions({ [SETTLED_BY_RESOLVER]: true })`) of a field whose property may hold a
 * promise, e.g. a count made only when read: it keeps its resolver. graphql-js awaits a promise anywhere, but
 * a compiled query (compiled-queries.ts) reads a field without a resolver as a ready value.
 */
export const SETTLED_BY_RESOLVER = 'settledByResolver';

/** `cls` and its superclasses. */
function lineage(cls: Function): Function[] {
  const chain: Function[] = [];
  for (let c: Function | null = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c) as Function | null) chain.push(c);
  return chain;
}

/** Whether instances of any class of `classes` hold a method (not a value or getter) under `name`. */
function isMethod(classes: Function[], name: string): boolean {
  return classes.some((c) => typeof Object.getOwnPropertyDescriptor(c.prototype ?? {}, name)?.value === 'function');
}

/**
 * Lets the fields that only read a property of their object resolve as graphql-js does by default, instead
 * of through type-graphql's per-field wrapper: a field with no `@Authorized`, no middleware, no
 * `@FieldResolver`, its property under its own name, not a method, declared once in its class's lineage and
 * interfaces, its value never a promise (SETTLED_BY_RESOLVER). Any doubt leaves the field as type-graphql built it. Every other field keeps its resolver, so
 * authorisation is untouched; a plain field's value is the same (type-graphql's wrapper returns
 * `root[name]`). Issue 8: the wrapper cost a closure and a call per field of every row, and hid the plain
 * reads from graphql-jit, which inlines them (compiled-queries.ts): such a field's value must be ready, not a promise. Changes `schema` in place; returns the
 * fields it changed as `Type.field`.
 */
export function resolvePlainFieldsByProperty(schema: GraphQLSchema): string[] {
  const storage = typeGraphqlMetadata();
  const changed: string[] = [];
  const classes = [...storage.objectTypes, ...storage.interfaceTypes.map((t) => ({ ...t, interfaceClasses: [] as Function[] }))];
  for (const meta of classes) {
    const type = schema.getType(meta.name);
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const owners = [...lineage(meta.target), ...(meta.interfaceClasses ?? []).flatMap(lineage)];
    for (const [fieldName, field] of Object.entries(type.getFields())) {
      if (!field.resolve || field.extensions[SETTLED_BY_RESOLVER]) continue;
      const declared = storage.fields.filter((f) => f.schemaName === fieldName && owners.includes(f.target));
      const resolvers = storage.fieldResolvers.filter((r) => (r.schemaName ?? r.methodName) === fieldName || r.methodName === fieldName);
      const plain =
        declared.length === 1 &&
        declared[0]!.name === fieldName &&
        declared[0]!.roles === undefined &&
        (declared[0]!.middlewares?.length ?? 0) === 0 &&
        !resolvers.some((r) => r.getObjectType && owners.includes(r.getObjectType())) &&
        !isMethod(owners, fieldName);
      if (!plain) continue;
      field.resolve = undefined;
      changed.push(`${type.name}.${fieldName}`);
    }
  }
  return changed;
}
