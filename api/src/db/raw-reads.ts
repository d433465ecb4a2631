import { createHash } from 'node:crypto';
import { ReferenceKind, type EntityManager, type EntityProperty, type Platform } from '@mikro-orm/postgresql';

/** One SQL text, with a stable prepared-statement name (each pooled connection parses it once) unless it is planned afresh each time. */
export interface Statement {
  name?: string;
  text: string;
}

const statements = new Map<string, Statement>();

/**
 * The named statement of `text` ($1, $2… placeholders); the same text always gets the same name. With
 * `prepared: false` the values are still bound, but PostgreSQL plans each execution for its values: for
 * searches (ILIKE on trigram indexes), whose best plan depends on the pattern.
 */
export function statement(text: string, { prepared = true } = {}): Statement {
  if (!prepared) return { text };
  let found = statements.get(text);
  if (!found) {
    found = { name: `morna_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text };
    statements.set(text, found);
  }
  return found;
}

export type Row = Record<string, unknown>;

interface PgConnection {
  query(config: { name?: string; text: string; values: readonly unknown[] }): Promise<{ rows: Row[] }>;
}
interface KnexClient {
  acquireConnection(): Promise<PgConnection & { __knexUid?: string }>;
  listenerCount(event: string): number;
  emit(event: string, query: object): boolean;
  releaseConnection(connection: PgConnection): Promise<unknown>;
}

/**
 * Runs `st` with `values` bound (never inlined) as a prepared statement on a connection of the pool MikroORM
 * uses, or on `em`'s transaction connection when it has one, and returns the raw rows. Emits knex's 'query' event. For hot reads: no SQL
 * building, no hydration, no identity map.
 */
export async function queryRows(em: EntityManager, st: Statement, values: readonly unknown[]): Promise<Row[]> {
  return queryKnexRows(em.getTransactionContext() ?? em.getConnection().getKnex(), st, values);
}

/** `queryRows` on a pool connection of `knex` (or its transaction's connection), for code that holds knex rather than an EntityManager. */
export async function queryKnexRows(knexOrTransaction: unknown, st: Statement, values: readonly unknown[]): Promise<Row[]> {
  const knex = knexOrTransaction as { client: KnexClient };
  const connection = await knex.client.acquireConnection();
  try {
    // Announced as knex announces its own, for whoever watches the ORM's SQL (query logs, statement counts in tests).
    if (knex.client.listenerCount('query') > 0) knex.client.emit('query', { sql: st.text, bindings: values, method: 'raw', __knexUid: connection.__knexUid });
    return (await connection.query({ name: st.name, text: st.text, values })).rows;
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

/** Maps rows of an entity's table to read-only instances of its class (what the GraphQL types resolve). */
export interface RowMapper<T> {
  /** The entity's columns, qualified by `alias`, for a SELECT list; named `prefix` + column when `prefix` is given (joins). */
  columns(alias: string, prefix?: string): string;
  /**
   * The same columns as `'name', value` pairs for `json_build_object(…)`, for rows nested in another
   * statement (json_agg); `map` reads the object back as it reads a row. Numbers the driver returns as text
   * (bigint, numeric) are sent as text, so both give the same values.
   */
  jsonFields(alias: string, prefix?: string): string;
  /** The instance a row holds (columns named `prefix` + column); relations are references holding only their id, collections are left out. */
  map(row: Row, prefix?: string): T;
  /**
   * This mapper narrowed to the primary key and the columns of `properties`: fewer columns to send, parse and
   * map when a query asks for few fields; the other properties stay undefined, so only code that reads no
   * other property may see the instances (selectedProperties: fields without resolvers, hence without owner
   * checks). The full mapper when `properties` is null or names a property that is not a column.
   */
  only(properties: ReadonlySet<string> | null): RowMapper<T>;
  /** Tells narrowed mappers of one entity apart, e.g. in loader keys: '' for all columns, else `:` and the properties. */
  readonly key: string;
}

interface Column {
  name: string;
  column: string;
  /** bigint or numeric: text in rows, so text in JSON too (no precision lost either way). */
  asText: boolean;
  convert: (value: unknown) => unknown;
}

const TEXT_NUMBERS = /^(bigint|int8|numeric|decimal|money)\b/i;

const mappers = new Map<Function, RowMapper<unknown>>();
const shadows = new Map<Function, object>();

/**
 * A prototype under the entity's own: its class (so `instanceof` and owner checks hold) with plain writable
 * slots for every property, so assigning to an instance skips MikroORM's change-tracking accessors.
 */
function shadowOf(em: EntityManager, entity: Function): object {
  let shadow = shadows.get(entity);
  if (!shadow) {
    const meta = em.getMetadata().get(entity.name);
    shadow = Object.create(entity.prototype, Object.fromEntries(meta.props.map((p) => [p.name, { value: undefined, writable: true, configurable: true }])));
    shadows.set(entity, shadow!);
  }
  return shadow!;
}

function converterOf(prop: EntityProperty, platform: Platform, em: EntityManager): (value: unknown) => unknown {
  if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) {
    const target = prop.targetMeta!;
    const shadow = shadowOf(em, target.class);
    const pk = target.primaryKeys[0]!;
    return (value) => {
      if (value == null) return null;
      const ref = Object.create(shadow) as Record<string, unknown>;
      ref[pk] = value;
      return ref;
    };
  }
  const custom = prop.customType;
  const isDate = prop.runtimeType === 'Date';
  return (value) => {
    if (value == null) return null;
    let converted = custom ? custom.convertToJSValue(value, platform) : value;
    if (isDate && typeof converted === 'string') converted = platform.parseDate(converted);
    return converted;
  };
}

/** The row mapper of `entity` (built once from its metadata). */
export function rowMapper<T extends object>(em: EntityManager, entity: new (...args: never[]) => T): RowMapper<T> {
  let mapper = mappers.get(entity) as RowMapper<T> | undefined;
  if (mapper) return mapper;
  const meta = em.getMetadata().get(entity.name);
  const platform = em.getPlatform();
  const isReference = (p: EntityProperty) => p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && p.owner);
  const columns: Column[] = meta.props
    .filter((p) => p.persist !== false && !p.formula && (p.kind === ReferenceKind.SCALAR || isReference(p)))
    .map((p) => ({ name: p.name, column: p.fieldNames[0]!, asText: TEXT_NUMBERS.test(p.columnTypes?.[0] ?? ''), convert: converterOf(p, platform, em) }));
  const always = new Set(meta.primaryKeys);
  const narrowed = new Map<string, RowMapper<unknown>>();
  mapper = mapperOf<T>(columns, columns, shadowOf(em, entity), always, '', narrowed, new WeakMap());
  narrowed.set('', mapper as RowMapper<unknown>);
  mappers.set(entity, mapper as RowMapper<unknown>);
  return mapper;
}

/**
 * A mapper of `columns` (of the entity's `all`) onto instances of `shadow`. `narrowed` (by key) and
 * `byProperties` (by the set asked for: selectedProperties gives one set per query field) cache `only`'s
 * mappers, shared by all of one entity's.
 */
function mapperOf<T>(
  all: Column[],
  columns: Column[],
  shadow: object,
  always: ReadonlySet<string>,
  key: string,
  narrowed: Map<string, RowMapper<unknown>>,
  byProperties: WeakMap<ReadonlySet<string>, RowMapper<unknown>>,
): RowMapper<T> {
  // SQL fragments are built once per alias and prefix: loaders ask for them on every load.
  const fragments = new Map<string, string>();
  const fragment = (kind: string, alias: string, prefix: string, build: () => string) => {
    const cacheKey = `${kind} ${alias} ${prefix}`;
    let text = fragments.get(cacheKey);
    if (text === undefined) fragments.set(cacheKey, (text = build()));
    return text;
  };
  const self: RowMapper<T> = {
    key,
    columns: (alias, prefix = '') =>
      fragment('columns', alias, prefix, () => columns.map((c) => (prefix ? `${alias}."${c.column}" AS "${prefix}${c.column}"` : `${alias}."${c.column}"`)).join(', ')),
    jsonFields: (alias, prefix = '') =>
      fragment('json', alias, prefix, () => columns.map((c) => `'${prefix}${c.column}', ${alias}."${c.column}"${c.asText ? '::text' : ''}`).join(', ')),
    map: (row, prefix) => {
      const instance = Object.create(shadow) as Record<string, unknown>;
      if (prefix) for (const c of columns) instance[c.name] = c.convert(row[prefix + c.column]);
      else for (const c of columns) instance[c.name] = c.convert(row[c.column]);
      return instance as T;
    },
    only: (properties) => {
      if (!properties) return narrowed.get('') as RowMapper<T>;
      let found = byProperties.get(properties) as RowMapper<T> | undefined;
      if (found) return found;
      const kept = all.filter((c) => always.has(c.name) || properties.has(c.name));
      const complete = kept.length === all.length || [...properties].some((name) => !all.some((c) => c.name === name));
      const narrowKey = complete ? '' : `:${kept.map((c) => c.name).join(',')}`;
      found = narrowed.get(narrowKey) as RowMapper<T> | undefined;
      if (!found) {
        found = mapperOf<T>(all, kept, shadow, always, narrowKey, narrowed, byProperties);
        narrowed.set(narrowKey, found as RowMapper<unknown>);
      }
      byProperties.set(properties, found as RowMapper<unknown>);
      return found;
    },
  };
  return self;
}

/** `rows` grouped by the string in `key`, one (possibly empty) list per id of `ids`, in `ids`' order. */
export function groupRows<T>(ids: readonly string[], rows: Row[], key: string, map: (row: Row) => T): T[][] {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(row[key] as string)?.push(map(row));
  return ids.map((id) => groups.get(id)!);
}
