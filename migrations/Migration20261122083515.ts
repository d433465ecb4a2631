import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 9, traceability: product units, hash chains (units and orders) and their events, the anchoring
 * outbox (batches with Merkle roots and their transactions) and the anchor contract deployed per chain.
 */
export class Migration20261122083515 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "anchor_batch_status" as enum ('SUBMITTED', 'CONFIRMED', 'RETRYING');`);
    this.addSql(`create table "anchor_batch" ("id" uuid not null, "root" text not null, "leaf_count" int not null, "status" "anchor_batch_status" not null, "chain_id" int not null, "contract_address" text not null, "tx_hash" text null, "block_number" bigint null, "block_hash" text null, "attempts" int not null default 0, "reanchors" int not null default 0, "next_attempt_at" timestamptz null, "last_error" text null, "last_error_at" timestamptz null, "created_at" timestamptz not null, "confirmed_at" timestamptz null, constraint "anchor_batch_pkey" primary key ("id"));`);
    this.addSql(`create index "anchor_batch_status_next_attempt_at_index" on "anchor_batch" ("status", "next_attempt_at");`);

    this.addSql(`create table "chain_deployment" ("chain_id" int not null primary key, "contract_address" text not null, "tx_hash" text not null, "deployer" text not null, "deployed_at" timestamptz not null);`);

    this.addSql(`create table "trace_chain" ("id" uuid not null, "subject_type" text not null, "subject_id" uuid not null, "length" int not null default 0, "head_hash" text not null, "public_token" text not null, "created_at" timestamptz not null, constraint "trace_chain_pkey" primary key ("id"));`);
    this.addSql(`alter table "trace_chain" add constraint "trace_chain_public_token_unique" unique ("public_token");`);
    this.addSql(`alter table "trace_chain" add constraint "trace_chain_subject_type_subject_id_unique" unique ("subject_type", "subject_id");`);

    this.addSql(`create table "trace_event" ("id" uuid not null, "chain_id" uuid not null, "seq" int not null, "data" jsonb not null, "prev_hash" text not null, "hash" text not null, "batch_id" uuid null, "leaf_index" int null, "proof" jsonb null, "recorded_at" timestamptz not null, constraint "trace_event_pkey" primary key ("id"));`);
    this.addSql(`create index "trace_event_batch_id_index" on "trace_event" ("batch_id");`);
    this.addSql(`create index "trace_event_pending_index" on "trace_event" ("recorded_at", "id") where "batch_id" is null;`);
    this.addSql(`alter table "trace_event" add constraint "trace_event_chain_id_seq_unique" unique ("chain_id", "seq");`);

    this.addSql(`create table "trace_unit" ("id" uuid not null, "code" text not null, "product" text not null, "sku" text null, "lot" text null, "description" text null, "producer" text null, "registered_by_id" uuid not null, "registered_at" timestamptz not null, constraint "trace_unit_pkey" primary key ("id"));`);
    this.addSql(`alter table "trace_unit" add constraint "trace_unit_code_unique" unique ("code");`);
    this.addSql(`create index "trace_unit_registered_at_index" on "trace_unit" ("registered_at");`);

    this.addSql(`alter table "trace_event" add constraint "trace_event_chain_id_foreign" foreign key ("chain_id") references "trace_chain" ("id") on update cascade;`);
    this.addSql(`alter table "trace_event" add constraint "trace_event_batch_id_foreign" foreign key ("batch_id") references "anchor_batch" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "trace_unit" add constraint "trace_unit_registered_by_id_foreign" foreign key ("registered_by_id") references "app_user" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "trace_event" drop constraint "trace_event_batch_id_foreign";`);

    this.addSql(`alter table "trace_event" drop constraint "trace_event_chain_id_foreign";`);

    this.addSql(`drop table if exists "anchor_batch" cascade;`);

    this.addSql(`drop table if exists "chain_deployment" cascade;`);

    this.addSql(`drop table if exists "trace_chain" cascade;`);

    this.addSql(`drop table if exists "trace_event" cascade;`);

    this.addSql(`drop table if exists "trace_unit" cascade;`);

    this.addSql(`drop type "anchor_batch_status";`);
  }

}
