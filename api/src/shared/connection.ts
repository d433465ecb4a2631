import type { Cursor, EntityManager, EntityName, EntityProperty, FilterQuery } from '@mikro-orm/postgresql';
import { isUUID, Max, Min } from 'class-validator';
import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';
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
  totalCount: number;
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

/** What one position of a cursor holds, by the column it orders on. */
export type CursorKind = 'date' | 'uuid' | 'integer' | 'text';

// MikroORM's cursor: base64url of a JSON list, one value per `orderBy` key; dates as ISO strings.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_CURSOR_LENGTH = 1000;

/**
 * Whether `value` is a cursor MikroORM could have handed out for an ordering whose columns hold `kinds`:
 * the right number of values, each of its column's type. Anything else would reach the SQL as garbage.
 */
export function isValidCursor(value: string, kinds: readonly CursorKind[]): boolean {
  if (value.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]*$/.test(value)) return false;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  return Array.isArray(decoded) && decoded.length === kinds.length && decoded.every((v, i) => fitsKind(v, kinds[i]!));
}

function fitsKind(value: unknown, kind: CursorKind): boolean {
  switch (kind) {
    case 'date':
      return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
    case 'uuid':
      return typeof value === 'string' && isUUID(value);
    case 'integer':
      return Number.isSafeInteger(value);
    case 'text':
      return typeof value === 'string' && !value.includes('\u0000');
  }
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
 * otherwise (it must end with a unique field). A malformed `after` is BAD_USER_INPUT {field: 'after'}.
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
  const cursor: Cursor<T> = await em.findByCursor(entity, where, {
    first: args.first,
    after: args.after ?? undefined,
    orderBy: orderBy as never,
  });
  return {
    edges: cursor.items.map((node) => ({ cursor: cursor.from(node), node })),
    pageInfo: {
      hasNextPage: cursor.hasNextPage ?? false,
      hasPreviousPage: cursor.hasPrevPage ?? false,
      startCursor: cursor.startCursor,
      endCursor: cursor.endCursor,
    },
    totalCount: cursor.totalCount,
  };
}
