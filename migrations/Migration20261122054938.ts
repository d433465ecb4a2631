import { Migration } from '@mikro-orm/migrations';

/** API keys for third parties (issue 8): one row per key, with its hashed secret and its usage counters. */
export class Migration20261122054938 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_key" ("id" uuid not null, "name" text not null, "role" text check ("role" in ('CUSTOMER', 'CHINA_AGENT', 'VENEZUELA_AGENT', 'PAYMENT_VALIDATOR', 'SALES', 'SUPPORT', 'SUPERVISOR', 'MASTER')) not null, "customer_id" uuid null, "actor_id" uuid not null, "created_by_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "rotated_at" timestamptz null, "secret_hash" text not null, "previous_secret_hash" text null, "previous_valid_until" timestamptz null, "requests_per_minute" int not null, "requests_per_day" int not null, "last_used_at" timestamptz null, "minute_start" timestamptz null, "minute_count" int not null default 0, "day_start" timestamptz null, "day_count" int not null default 0, "previous_day_count" int not null default 0, constraint "api_key_pkey" primary key ("id"));`);
    this.addSql(`create index "api_key_created_at_index" on "api_key" ("created_at");`);
    // A customer key names its customer; a staff key none (api-key.rules roleCustomerRefusal).
    this.addSql(`alter table "api_key" add constraint "api_key_customer_role_check" check (("role" = 'CUSTOMER') = ("customer_id" is not null));`);
    this.addSql(`alter table "api_key" add constraint "api_key_limits_check" check ("requests_per_minute" > 0 and "requests_per_day" > 0);`);

    this.addSql(`alter table "api_key" add constraint "api_key_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "api_key" add constraint "api_key_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "api_key" add constraint "api_key_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_key" cascade;`);
  }

}
