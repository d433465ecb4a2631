import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 8 at 1,000,000 orders: the stalled-orders list (PAID or PURCHASED, by how long their state has not
 * changed) pages in the order of a partial index instead of sorting every paid order; the Master's user list
 * (a row per customer too) pages in index order and searches on trigrams.
 */
export class Migration20261122115327 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "purchase_order_stalled_index" on "purchase_order" ("state_changed_at", "id") where "state" in ('PAID', 'PURCHASED');`);

    this.addSql(`create index "app_user_created_at_id_index" on "app_user" ("created_at", "id");`);
    this.addSql(`create index "app_user_display_name_id_index" on "app_user" ("display_name", "id");`);
    this.addSql(`create index "app_user_kind_created_at_id_index" on "app_user" ("kind", "created_at", "id");`);
    this.addSql(`create index "app_user_username_trgm_index" on "app_user" using gin ("username" gin_trgm_ops);`);
    this.addSql(`create index "app_user_display_name_trgm_index" on "app_user" using gin ("display_name" gin_trgm_ops);`);
    this.addSql(`create index "app_user_email_trgm_index" on "app_user" using gin ("email" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "purchase_order_stalled_index";`);
    this.addSql(`drop index "app_user_created_at_id_index";`);
    this.addSql(`drop index "app_user_display_name_id_index";`);
    this.addSql(`drop index "app_user_kind_created_at_id_index";`);
    this.addSql(`drop index "app_user_username_trgm_index";`);
    this.addSql(`drop index "app_user_display_name_trgm_index";`);
    this.addSql(`drop index "app_user_email_trgm_index";`);
  }

}
