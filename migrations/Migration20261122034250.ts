import { Migration } from '@mikro-orm/migrations';

/** The consistency view: paid orders by state and time of their last state change. */
export class Migration20261122034250 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "purchase_order_state_state_changed_at_index" on "purchase_order" ("state", "state_changed_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "purchase_order_state_state_changed_at_index";`);
  }

}
