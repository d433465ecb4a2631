import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';

/**
 * The one row (id 1) holding the last domain event turned into deliveries. The instance that locks it
 * (FOR UPDATE SKIP LOCKED) fans events out; the others skip, so every event is fanned out once.
 */
@Entity()
export class WebhookDispatchCursor {
  @PrimaryKey({ type: 'int', autoincrement: false })
  id: number = 1;

  @Property({ type: 'bigint' })
  lastEventId: string = '0';
}
