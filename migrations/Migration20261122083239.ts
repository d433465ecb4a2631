import { Migration } from '@mikro-orm/migrations';

export class Migration20261122083239 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "location_kind" as enum ('WAREHOUSE', 'STORE', 'VENUE');`);
    this.addSql(`create type "product_kind" as enum ('PHYSICAL', 'SERVICE');`);
    this.addSql(`create type "sale_payment_status" as enum ('PENDING', 'PARTIALLY_PAID', 'PAID', 'VOID');`);
    this.addSql(`create type "movement_type" as enum ('ENTRY', 'SALE', 'VOID', 'ADJUSTMENT', 'TRANSFER');`);
    this.addSql(`create type "sale_payment_method" as enum ('CASH', 'CARD', 'PAGO_MOVIL', 'BANK_TRANSFER', 'ZELLE');`);
    this.addSql(`create table "stock_location" ("id" uuid not null, "code" text not null, "name" text not null, "kind" "location_kind" not null, "active" boolean not null default true, "created_at" timestamptz not null, constraint "stock_location_pkey" primary key ("id"));`);
    this.addSql(`alter table "stock_location" add constraint "stock_location_code_unique" unique ("code");`);

    this.addSql(`create table "product" ("id" uuid not null, "sku" text not null, "name" text not null, "category" text not null, "price_minor" bigint not null, "currency" text not null, "kind" "product_kind" not null, "capacity" int null, "session_at" timestamptz null, "low_stock_threshold" int not null default 0, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "product_pkey" primary key ("id"));`);
    this.addSql(`alter table "product" add constraint "product_sku_unique" unique ("sku");`);
    this.addSql(`create index "product_name_trgm_index" on "product" using gin ("name" gin_trgm_ops);`);
    this.addSql(`create index "product_category_index" on "product" ("category");`);
    this.addSql(`create index "product_created_at_id_index" on "product" ("created_at", "id");`);
    this.addSql(`create index "product_name_id_index" on "product" ("name", "id");`);

    this.addSql(`create table "stock" ("id" uuid not null, "product_id" uuid not null, "location_id" uuid not null, "quantity" int not null default 0, "updated_at" timestamptz not null, constraint "stock_pkey" primary key ("id"), constraint stock_quantity_not_negative check (quantity >= 0));`);
    this.addSql(`alter table "stock" add constraint "stock_product_id_location_id_unique" unique ("product_id", "location_id");`);

    this.addSql(`create table "direct_sale" ("id" uuid not null, "number" text not null, "customer_id" uuid null, "buyer_name" text null, "seller_id" uuid not null, "currency" text not null, "total_minor" bigint not null, "paid_minor" bigint not null default 0, "payment_status" "sale_payment_status" not null default 'PENDING', "note" text null, "created_at" timestamptz not null, "voided_at" timestamptz null, "voided_by_id" uuid null, "void_reason" text null, constraint "direct_sale_pkey" primary key ("id"));`);
    this.addSql(`alter table "direct_sale" add constraint "direct_sale_number_unique" unique ("number");`);
    this.addSql(`create index "direct_sale_seller_id_index" on "direct_sale" ("seller_id");`);
    this.addSql(`create index "direct_sale_customer_id_index" on "direct_sale" ("customer_id");`);
    this.addSql(`create index "direct_sale_payment_status_created_at_id_index" on "direct_sale" ("payment_status", "created_at", "id");`);
    this.addSql(`create index "direct_sale_created_at_id_index" on "direct_sale" ("created_at", "id");`);

    this.addSql(`create table "stock_movement" ("id" uuid not null, "product_id" uuid not null, "location_id" uuid not null, "type" "movement_type" not null, "quantity" int not null, "reason" text null, "counterpart_location_id" uuid null, "transfer_id" uuid null, "sale_id" uuid null, "actor_id" uuid not null, "created_at" timestamptz not null, constraint "stock_movement_pkey" primary key ("id"));`);
    this.addSql(`create index "stock_movement_sale_id_index" on "stock_movement" ("sale_id");`);
    this.addSql(`create index "stock_movement_type_created_at_index" on "stock_movement" ("type", "created_at");`);
    this.addSql(`create index "stock_movement_location_id_created_at_index" on "stock_movement" ("location_id", "created_at");`);
    this.addSql(`create index "stock_movement_product_id_location_id_created_at_index" on "stock_movement" ("product_id", "location_id", "created_at");`);
    this.addSql(`create index "stock_movement_created_at_id_index" on "stock_movement" ("created_at", "id");`);

    this.addSql(`create table "sale_payment" ("id" uuid not null, "sale_id" uuid not null, "amount_minor" bigint not null, "method" "sale_payment_method" not null, "reference" text null, "recorded_by_id" uuid not null, "created_at" timestamptz not null, constraint "sale_payment_pkey" primary key ("id"));`);
    this.addSql(`create index "sale_payment_sale_id_created_at_index" on "sale_payment" ("sale_id", "created_at");`);

    this.addSql(`create table "sale_line" ("id" uuid not null, "sale_id" uuid not null, "product_id" uuid not null, "location_id" uuid not null, "quantity" int not null, "unit_price_minor" bigint not null, "line_total_minor" bigint not null, constraint "sale_line_pkey" primary key ("id"));`);
    this.addSql(`create index "sale_line_sale_id_index" on "sale_line" ("sale_id");`);

    this.addSql(`alter table "stock" add constraint "stock_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`);
    this.addSql(`alter table "stock" add constraint "stock_location_id_foreign" foreign key ("location_id") references "stock_location" ("id") on update cascade;`);

    this.addSql(`alter table "direct_sale" add constraint "direct_sale_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "direct_sale" add constraint "direct_sale_seller_id_foreign" foreign key ("seller_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "direct_sale" add constraint "direct_sale_voided_by_id_foreign" foreign key ("voided_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "stock_movement" add constraint "stock_movement_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`);
    this.addSql(`alter table "stock_movement" add constraint "stock_movement_location_id_foreign" foreign key ("location_id") references "stock_location" ("id") on update cascade;`);
    this.addSql(`alter table "stock_movement" add constraint "stock_movement_counterpart_location_id_foreign" foreign key ("counterpart_location_id") references "stock_location" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "stock_movement" add constraint "stock_movement_sale_id_foreign" foreign key ("sale_id") references "direct_sale" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "stock_movement" add constraint "stock_movement_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "sale_payment" add constraint "sale_payment_sale_id_foreign" foreign key ("sale_id") references "direct_sale" ("id") on update cascade;`);
    this.addSql(`alter table "sale_payment" add constraint "sale_payment_recorded_by_id_foreign" foreign key ("recorded_by_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "sale_line" add constraint "sale_line_sale_id_foreign" foreign key ("sale_id") references "direct_sale" ("id") on update cascade;`);
    this.addSql(`alter table "sale_line" add constraint "sale_line_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`);
    this.addSql(`alter table "sale_line" add constraint "sale_line_location_id_foreign" foreign key ("location_id") references "stock_location" ("id") on update cascade;`);

    // Hand-written: the sale number sequence and the checks the entities cannot declare.
    this.addSql(`create sequence "direct_sale_number_seq";`);
    this.addSql(`alter table "stock_movement" add constraint stock_movement_quantity_check check (quantity <> 0);`);
    this.addSql(`alter table "sale_payment" add constraint sale_payment_amount_check check (amount_minor > 0);`);
    this.addSql(`alter table "sale_line" add constraint sale_line_quantity_check check (quantity > 0);`);
    this.addSql(`alter table "product" add constraint product_threshold_check check (low_stock_threshold >= 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "stock" drop constraint "stock_location_id_foreign";`);

    this.addSql(`alter table "stock_movement" drop constraint "stock_movement_location_id_foreign";`);

    this.addSql(`alter table "stock_movement" drop constraint "stock_movement_counterpart_location_id_foreign";`);

    this.addSql(`alter table "sale_line" drop constraint "sale_line_location_id_foreign";`);

    this.addSql(`alter table "stock" drop constraint "stock_product_id_foreign";`);

    this.addSql(`alter table "stock_movement" drop constraint "stock_movement_product_id_foreign";`);

    this.addSql(`alter table "sale_line" drop constraint "sale_line_product_id_foreign";`);

    this.addSql(`alter table "stock_movement" drop constraint "stock_movement_sale_id_foreign";`);

    this.addSql(`alter table "sale_payment" drop constraint "sale_payment_sale_id_foreign";`);

    this.addSql(`alter table "sale_line" drop constraint "sale_line_sale_id_foreign";`);

    this.addSql(`drop table if exists "stock_location" cascade;`);

    this.addSql(`drop table if exists "product" cascade;`);

    this.addSql(`drop table if exists "stock" cascade;`);

    this.addSql(`drop table if exists "direct_sale" cascade;`);

    this.addSql(`drop table if exists "stock_movement" cascade;`);

    this.addSql(`drop table if exists "sale_payment" cascade;`);

    this.addSql(`drop table if exists "sale_line" cascade;`);

    this.addSql(`drop sequence if exists "direct_sale_number_seq";`);

    this.addSql(`drop type "location_kind";`);
    this.addSql(`drop type "product_kind";`);
    this.addSql(`drop type "sale_payment_status";`);
    this.addSql(`drop type "movement_type";`);
    this.addSql(`drop type "sale_payment_method";`);
  }

}
