import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 8, the rest of the indexes the query-plan test asks for: payments filtered by method (and currency)
 * page by (method, created_at, id); a payment's customer is looked up by customer_id; and every column the
 * staff searches read with ILIKE '%…%' gets a trigram index, each search being a union of one indexed lookup
 * per column (payments, quote requests, boxes).
 */
export class Migration20261122064500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "payment_method_created_at_id_index" on "payment" ("method", "created_at", "id");`);
    this.addSql(`create index "payment_customer_id_index" on "payment" ("customer_id");`);
    this.addSql(`create index "payment_reference_trgm_index" on "payment" using gin ("reference" gin_trgm_ops);`);
    this.addSql(`create index "purchase_request_number_trgm_index" on "purchase_request" using gin ("number" gin_trgm_ops);`);
    this.addSql(`create index "purchase_request_description_trgm_index" on "purchase_request" using gin ("description" gin_trgm_ops);`);
    this.addSql(`create index "box_number_trgm_index" on "box" using gin ("number" gin_trgm_ops);`);
    this.addSql(`create index "shipment_package_number_trgm_index" on "shipment_package" using gin ("number" gin_trgm_ops);`);
    this.addSql(`create index "customer_full_name_trgm_index" on "customer" using gin ("full_name" gin_trgm_ops);`);
    this.addSql(`create index "customer_code_trgm_index" on "customer" using gin ("code" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    for (const index of [
      'customer_code_trgm_index', 'customer_full_name_trgm_index', 'shipment_package_number_trgm_index', 'box_number_trgm_index',
      'purchase_request_description_trgm_index', 'purchase_request_number_trgm_index', 'payment_reference_trgm_index', 'payment_customer_id_index',
      'payment_method_created_at_id_index',
    ]) {
      this.addSql(`drop index "${index}";`);
    }
  }
}
