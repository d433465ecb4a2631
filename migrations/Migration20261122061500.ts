import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 8, indexes the query-plan test asks for: the unfiltered staff lists page newest or oldest first by
 * (created_at, id), so each needs that index (read backwards for oldest first); searching by number is an
 * ILIKE '%…%', which only a trigram index answers without reading every row.
 */
export class Migration20261122061500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "payment_created_at_id_index" on "payment" ("created_at", "id");`);
    this.addSql(`create index "purchase_request_created_at_id_index" on "purchase_request" ("created_at", "id");`);
    this.addSql(`create index "box_created_at_id_index" on "box" ("created_at", "id");`);
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create index "purchase_order_number_trgm_index" on "purchase_order" using gin ("number" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "purchase_order_number_trgm_index";`);
    this.addSql(`drop index "box_created_at_id_index";`);
    this.addSql(`drop index "purchase_request_created_at_id_index";`);
    this.addSql(`drop index "payment_created_at_id_index";`);
  }

}
