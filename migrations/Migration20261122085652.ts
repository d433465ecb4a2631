import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 9, traceability labels: counted opens of a unit's public page (one per unit, IP key and hour) and
 * a unit's sale with its hashed claim code and the buyer's claim.
 */
export class Migration20261122085652 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "unit_scan" ("id" uuid not null, "unit_id" uuid not null, "ip_key" text not null, "window_start" timestamptz not null, "scanned_at" timestamptz not null, constraint "unit_scan_pkey" primary key ("id"));`);
    this.addSql(`create index "unit_scan_unit_id_index" on "unit_scan" ("unit_id");`);
    this.addSql(`alter table "unit_scan" add constraint "unit_scan_unit_id_ip_key_window_start_unique" unique ("unit_id", "ip_key", "window_start");`);

    this.addSql(`create table "unit_sale" ("id" uuid not null, "unit_id" uuid not null, "sold_at" timestamptz not null, "sold_by_id" uuid not null, "customer_id" uuid null, "claim_code_hash" text not null, "claimed_at" timestamptz null, "claimed_via" text null, "claimed_by_id" uuid null, "claim_ip_key" text null, constraint "unit_sale_pkey" primary key ("id"));`);
    this.addSql(`alter table "unit_sale" add constraint "unit_sale_unit_id_unique" unique ("unit_id");`);

    this.addSql(`alter table "unit_sale" add constraint "unit_sale_sold_by_id_foreign" foreign key ("sold_by_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "unit_sale" add constraint "unit_sale_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "unit_sale" add constraint "unit_sale_claimed_by_id_foreign" foreign key ("claimed_by_id") references "customer" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "unit_scan" cascade;`);
    this.addSql(`drop table if exists "unit_sale" cascade;`);
  }

}
