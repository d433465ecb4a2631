import type { EntityManager, EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders, created on first use: `byId` for references, `manyBy` for one-to-many lists.
 * One SQL query per loader per tick, whatever the page size (the N+1 guard of list queries).
 */
export class Loaders {
  private readonly cache = new Map<string, DataLoader<string, unknown>>();

  constructor(private readonly em: EntityManager) {}

  /** Loads entities by primary key (`id`). */
  byId<T extends object>(entity: EntityName<T>): DataLoader<string, T | null> {
    const name = this.em.getMetadata().find(entity)!.className;
    return this.get(`byId:${name}`, async (ids) => {
      const rows = await this.em.find(entity, { id: { $in: [...ids] } } as unknown as FilterQuery<T>);
      const byId = new Map(rows.map((r) => [(r as unknown as { id: string }).id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Loads, per parent id, the entities whose `foreignKey` points at it, in `orderBy` order. */
  manyBy<T extends object>(entity: EntityName<T>, foreignKey: keyof T & string, orderBy: QueryOrderMap<T> = {}): DataLoader<string, T[]> {
    const name = this.em.getMetadata().find(entity)!.className;
    return this.get(`manyBy:${name}.${foreignKey}:${JSON.stringify(orderBy)}`, async (parentIds) => {
      const rows = await this.em.find(entity, { [foreignKey]: { $in: [...parentIds] } } as FilterQuery<T>, { orderBy });
      const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
      for (const row of rows) {
        const ref = (row as Record<string, unknown>)[foreignKey] as { id: string };
        groups.get(ref.id)?.push(row);
      }
      return parentIds.map((id) => groups.get(id)!);
    });
  }

  /** A loader with its own batch function, for aggregates ("latest tracking event per order"). */
  custom<V>(key: string, batch: (keys: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    return this.get(`custom:${key}`, batch);
  }

  private get<V>(key: string, batch: (keys: readonly string[]) => Promise<(V | Error)[]>): DataLoader<string, V> {
    let loader = this.cache.get(key);
    if (!loader) {
      loader = new DataLoader<string, unknown>(batch as (keys: readonly string[]) => Promise<unknown[]>);
      this.cache.set(key, loader);
    }
    return loader as DataLoader<string, V>;
  }
}
