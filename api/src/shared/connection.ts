import type { Cursor, EntityManager, EntityName, EntityProperty, FilterQuery } from '@mikro-orm/postgresql';
import { Max, Min } from 'class-validator';
import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';
import { type CursorKind, isValidCursor } from './cursor';
import { DomainError } from './errors';

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

    @Field(() => Int)
    totalCount!: number;
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
 * `WHERE (key, id) < (after)` … `ORDER BY key, id LIMIT first + 1`, never OFFSET. `totalCount` is a getter
 * that runs `count(*)` the first time it is read, so a page whose client did not select it costs one query.
 * A malformed `after` is BAD_USER_INPUT {field: 'after'}.
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
  let count: Promise<number> | undefined;
  return {
    edges: cursor.items.map((node) => ({ cursor: cursor.from(node), node })),
    pageInfo: {
      hasNextPage: cursor.hasNextPage ?? false,
      hasPreviousPage: cursor.hasPrevPage ?? false,
      startCursor: cursor.startCursor,
      endCursor: cursor.endCursor,
    },
    get totalCount() {
      return (count ??= em.count(entity, where));
    },
  };
}
