import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 8 at 20,000,000 tracking events: an order's timeline is read by an index-only scan of an index in its
 * own order (order, occurredAt, recordedAt, id) that holds every column the order page reads, instead of one
 * heap page per event (events of an order are written interleaved with other orders' over weeks). Index-only
 * scans need the visibility map current, which autovacuum's default for inserts (after 20% of the table) would
 * leave stale for millions of rows at this size: vacuum after 1% instead (it skips pages already all-visible).
 */
export class Migration20261122143225 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "tracking_event_order_id_occurred_at_index";`);
    this.addSql(`create index "tracking_event_order_timeline_index" on "tracking_event" ("order_id", "occurred_at", "recorded_at", "id") include ("phase", "place", "note", "actor_id", "actor_name", "box_id");`);
    this.addSql(`alter table "tracking_event" set (autovacuum_vacuum_insert_scale_factor = 0.01);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "tracking_event" reset (autovacuum_vacuum_insert_scale_factor);`);
    this.addSql(`drop index "tracking_event_order_timeline_index";`);
    this.addSql(`create index "tracking_event_order_id_occurred_at_index" on "tracking_event" ("order_id", "occurred_at");`);
  }

}
