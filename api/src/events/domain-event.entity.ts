import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/postgresql';

/**
 * One row per domain event, written in the same transaction as the change it describes. Subscriptions are
 * fed from this table (by the relay), so an event exists exactly when its change committed, on every
 * API instance.
 */
@Entity({ tableName: 'domain_event' })
export class DomainEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Index()
  @Property({ type: 'text' })
  topic!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
