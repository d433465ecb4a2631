import type { Cursor, EntityManager, EntityName, EntityProperty, FilterQuery } from '@mikro-orm/postgresql';
import { Max, Min } from 'class-validator';
import { ArgsType, ClassType, Extensions, Field, Int, ObjectType } from 'type-graphql';
import { SETTLED_BY_RESOLVER } from '../graphql/plain-fields';
import { queryRows, statement } from '../db/raw-reads';
import { type CursorKind, isValidCursor } from './cursor';
import { DomainError } from './errors';
import { countRows, EXACT_COUNT_LIMIT, type ListCount } from './list-count';

/** Relay-style page info. */
@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Forward pagination arguments: at most 100 per page. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1–100.' })
  @Min(1)
  @Max(100)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the previous page.' })
  after?: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** A number, or a promise of one counted only when read (see `paginate`). */
  readonly totalCount: number | Promise<number>;
  /** Whether `totalCount` is exact (see list-count.ts); read with it. */
  readonly totalCountExact: boolean | Promise<boolean>;
}

/**
 * A page whose `totalCount` and `totalCountExact` are counted by `count` the first time either is read, once:
 * a client that selects neither costs no count at all.
 */
export class CountedPage<T> implements Connection<T> {
  private counted?: Promise<ListCount>;

  constructor(
    readonly edges: { cursor: string; node: T }[],
    readonly pageInfo: PageInfo,
    private readonly count: () => Promise<ListCount>,
  ) {}

  get totalCount(): Promise<number> {
    return (this.counted ??= this.count()).then((c) => c.count);
  }

  get totalCountExact(): Promise<boolean> {
    return (this.counted ??= this.count()).then((c) => c.exact);
  }
}

/** The same page with each node turned by `map`; its count is still counted only when read. */
export function mapNodes<T, U>(page: Connection<T>, map: (node: T) => U): Connection<U> {
  return {
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) })),
    pageInfo: page.pageInfo,
    get totalCount() {
      return page.totalCount;
    },
    get totalCountExact() {
      return page.totalCountExact;
    },
  };
}

/** A `<Name>Connection` object type (edges, pageInfo, totalCount) for `Node`. */
export function ConnectionType<T extends object>(Node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => Node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items, newest first.` })
  class ConnectionClass implements Connection<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    // Both may be promises (counted when read): they keep a resolver, which awaits them (plain-fields.ts).
    @Extensions({ [SETTLED_BY_RESOLVER]: true })
    @Field(() => Int, {
      description: `How many items match the list's filters: exact up to ${EXACT_COUNT_LIMIT.toLocaleString('en')}, PostgreSQL's estimate beyond (see totalCountExact). Counted only when selected.`,
    })
    totalCount!: number;

    @Extensions({ [SETTLED_BY_RESOLVER]: true })
    @Field({ description: `Whether totalCount is exact: true up to ${EXACT_COUNT_LIMIT.toLocaleString('en')} matching items, false when it is an estimate.` })
    totalCountExact!: boolean;
  }
  return ConnectionClass;
}

function cursorKinds<T extends object>(em: EntityManager, entity: EntityName<T>, orderBy: Record<string, unknown>): CursorKind[] {
  const properties = em.getMetadata(entity).properties as Record<string, EntityProperty | undefined>;
  return Object.keys(orderBy).map((key) => {
    const prop = properties[key];
    if (prop?.runtimeType === 'Date') return 'date';
    if (prop?.columnTypes?.[0] === 'uuid') return 'uuid';
    return prop?.runtimeType === 'number' ? 'integer' : 'text';
  });
}

/**
 * Keyset pagination with MikroORM's cursors, newest first by (createdAt, id) unless `orderBy` says
 * otherwise (it must end with a unique field, and an index should cover it after the filter's equalities):
 * `WHERE (key, id) < (after)` … `ORDER BY key, id LIMIT first + 1`, never OFFSET. `totalCount` is counted the
 * first time it is read (countRows: exact up to EXACT_COUNT_LIMIT, estimated beyond), so a page whose client did
 * not select it costs one query. A malformed `after` is BAD_USER_INPUT {field: 'after'}.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  orderBy: Record<string, 'asc' | 'desc'> = { createdAt: 'desc', id: 'desc' },
): Promise<Connection<T>> {
  if (args.after != null && !isValidCursor(args.after, cursorKinds(em, entity, orderBy))) {
    throw new DomainError('BAD_USER_INPUT', { field: 'after', reason: 'MALFORMED_CURSOR' });
  }
  const cursor: Cursor<T, never, '*', never, false> = await em.findByCursor(entity, where, {
    first: args.first,
    after: args.after ?? undefined,
    orderBy: orderBy as never,
    includeCount: false,
  });
  return new CountedPage(
    cursor.items.map((node) => ({ cursor: cursor.from(node), node })),
    {
      hasNextPage: cursor.hasNextPage ?? false,
      hasPreviousPage: cursor.hasPrevPage ?? false,
      startCursor: cursor.startCursor,
      endCursor: cursor.endCursor,
    },
    () => countMatching(em, entity, where),
  );
}

/** countRows of the entity's rows meeting `where`, on the SQL MikroORM builds for it (distinct ids when it joins to-many relations). */
function countMatching<T extends object>(em: EntityManager, entity: EntityName<T>, where: FilterQuery<T>): Promise<ListCount> {
  const qb = em.createQueryBuilder(entity);
  qb.select(em.getMetadata(entity).primaryKeys as never).where(where);
  // Joins are known once `where` is processed; MikroORM's own count asks the same (not in its typings).
  if ((qb as unknown as { hasToManyJoins(): boolean }).hasToManyJoins()) qb.distinct();
  const { sql, bindings } = qb.getKnexQuery().toSQL().toNative();
  return countRows((text, values) => queryRows(em, statement(text, { prepared: false }), values), sql, bindings);
}
