import { Migration } from '@mikro-orm/migrations';

/** Claims on work items (issue 7): one row per subject, so two concurrent claims cannot both win. */
export class Migration20261122034044 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "work_subject_type" as enum ('PURCHASE_REQUEST', 'PAYMENT', 'ORDER');`);
    this.addSql(`create table "work_claim" ("id" uuid not null, "subject_type" "work_subject_type" not null, "subject_id" uuid not null, "holder_id" uuid not null, "stage" text not null, "claimed_at" timestamptz not null, "last_active_at" timestamptz not null, constraint "work_claim_pkey" primary key ("id"));`);
    this.addSql(`create index "work_claim_holder_id_index" on "work_claim" ("holder_id");`);
    this.addSql(`alter table "work_claim" add constraint "work_claim_subject_type_subject_id_unique" unique ("subject_type", "subject_id");`);

    this.addSql(`alter table "work_claim" add constraint "work_claim_holder_id_foreign" foreign key ("holder_id") references "app_user" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "work_claim" cascade;`);
    this.addSql(`drop type "work_subject_type";`);
  }

}
