import { getMetadataStorage } from 'type-graphql';

/** A `@Field` as type-graphql records it (after `buildSchema`: roles and middlewares resolved). */
export interface FieldMeta {
  target: Function;
  name: string;
  schemaName: string;
  roles?: unknown[];
  middlewares?: unknown[];
}

/** A parameter of a resolver method (`@Root()`, `@Ctx()`, `@Info()`, `@Arg()`…). */
export interface ParamMeta {
  kind: string;
  index: number;
  propertyName?: string;
  getType?: () => unknown;
}

/** A `@FieldResolver` as type-graphql records it (after `buildSchema`: roles, middlewares and parameters resolved). */
export interface FieldResolverMeta {
  kind: 'external' | 'internal';
  target: Function;
  methodName: string;
  schemaName: string;
  params?: ParamMeta[];
  roles?: unknown[];
  middlewares?: unknown[];
  getObjectType?: () => Function;
}

/**
 * The parts of type-graphql's metadata storage that the schema's post-processing reads (plain-fields.ts,
 * direct-field-resolvers.ts): type-graphql exports the storage but not its types.
 */
export interface MetadataView {
  objectTypes: { name: string; target: Function; interfaceClasses?: Function[] }[];
  interfaceTypes: { name: string; target: Function }[];
  fields: FieldMeta[];
  fieldResolvers: FieldResolverMeta[];
}

/** type-graphql's metadata storage (one per process, filled by the decorators), as `MetadataView`. */
export function typeGraphqlMetadata(): MetadataView {
  return getMetadataStorage() as unknown as MetadataView;
}
