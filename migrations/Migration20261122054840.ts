import { Migration } from '@mikro-orm/migrations';

/** Signed webhooks (issue 8): endpoints, one delivery per (endpoint, event), and the fan-out cursor. */
export class Migration20261122054840 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "webhook_disabled_reason" as enum ('MANUAL', 'FAILURES');`);
    this.addSql(`create type "webhook_delivery_status" as enum ('PENDING', 'SUCCEEDED', 'FAILED');`);
    this.addSql(`create table "webhook_dispatch_cursor" ("id" int not null default 1, "last_event_id" bigint not null default '0', constraint "webhook_dispatch_cursor_pkey" primary key ("id"));`);

    this.addSql(`create table "webhook_endpoint" ("id" uuid not null, "url" text not null, "description" text not null default '', "secret" text not null, "secret_hint" text not null, "event_types" text[] not null, "customer_id" uuid null, "start_after_event_id" bigint not null default '0', "enabled" boolean not null default true, "disabled_reason" "webhook_disabled_reason" null, "disabled_at" timestamptz null, "consecutive_failures" int not null default 0, "failing_since" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "webhook_endpoint_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_endpoint_created_at_index" on "webhook_endpoint" ("created_at");`);

    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "endpoint_id" uuid not null, "event_id" bigint not null, "event_type" text not null, "body" jsonb not null, "status" "webhook_delivery_status" not null default 'PENDING', "attempts" int not null default 0, "replays" int not null default 0, "next_attempt_at" timestamptz null, "last_attempt_at" timestamptz null, "last_status_code" int null, "last_response_body" text null, "last_error" text null, "last_duration_ms" int null, "delivered_at" timestamptz null, "created_at" timestamptz not null, constraint "webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_status_next_attempt_at_index" on "webhook_delivery" ("status", "next_attempt_at");`);
    this.addSql(`create index "webhook_delivery_endpoint_id_created_at_index" on "webhook_delivery" ("endpoint_id", "created_at");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_id_event_id_unique" unique ("endpoint_id", "event_id");`);

    this.addSql(`alter table "webhook_endpoint" add constraint "webhook_endpoint_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoint" ("id") on update cascade on delete cascade;`);

    // The fan-out starts at the newest event: webhooks are for what happens from now on.
    this.addSql(`insert into "webhook_dispatch_cursor" ("id", "last_event_id") select 1, coalesce(max("id"), 0) from "domain_event";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
    this.addSql(`drop table if exists "webhook_endpoint" cascade;`);
    this.addSql(`drop table if exists "webhook_dispatch_cursor" cascade;`);
    this.addSql(`drop type "webhook_disabled_reason";`);
    this.addSql(`drop type "webhook_delivery_status";`);
  }

}
