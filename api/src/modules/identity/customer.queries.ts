import type { EntityManager } from '@mikro-orm/postgresql';
import { Customer } from './customer.entity';

/** The customers of `ids`, keyed by id, in one query (for notifying the owners of a batch of records). */
export async function customersById(em: EntityManager, ids: string[]): Promise<Map<string, Customer>> {
  const customers = ids.length ? await em.find(Customer, { id: { $in: [...new Set(ids)] } }) : [];
  return new Map(customers.map((c) => [c.id, c]));
}
