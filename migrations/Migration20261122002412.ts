import { Migration } from '@mikro-orm/migrations';

/**
 * Identity hardening: throttle counters (rate-limiter-flexible's table), pending sign-ups kept apart from
 * accounts, password-reset codes, and sessions as refresh-token families. Existing refresh tokens cannot be
 * given a session: they are deleted (everyone signs in again). Unverified customers of the old flow are
 * pending sign-ups that could never sign in: they are deleted, releasing their username, email and phone.
 */
export class Migration20261122002412 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "rate_limit" ("key" varchar(255) not null, "points" int not null default 0, "expire" bigint null, constraint "rate_limit_pkey" primary key ("key"));`);
    this.addSql(`create index "rate_limit_expire_index" on "rate_limit" ("expire");`);

    this.addSql(`create table "registration" ("id" uuid not null, "phone" text not null, "username" text not null, "email" text null, "full_name" text not null, "password_hash" text not null, "code_hash" text null, "attempts" int not null default 0, "expires_at" timestamptz not null, "sent_at" timestamptz not null, "created_at" timestamptz not null, constraint "registration_pkey" primary key ("id"));`);
    this.addSql(`alter table "registration" add constraint "registration_phone_unique" unique ("phone");`);
    this.addSql(`create index "registration_username_index" on "registration" ("username");`);
    this.addSql(`create index "registration_expires_at_index" on "registration" ("expires_at");`);

    this.addSql(`create table "auth_session" ("id" uuid not null, "user_id" uuid not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" text null, constraint "auth_session_pkey" primary key ("id"));`);
    this.addSql(`create index "auth_session_user_id_index" on "auth_session" ("user_id");`);
    this.addSql(`alter table "auth_session" add constraint "auth_session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`create table "password_reset" ("id" uuid not null, "user_id" uuid not null, "code_hash" text not null, "expires_at" timestamptz not null, "attempts" int not null default 0, "consumed_at" timestamptz null, "created_at" timestamptz not null, constraint "password_reset_pkey" primary key ("id"));`);
    this.addSql(`create index "password_reset_user_id_index" on "password_reset" ("user_id");`);
    this.addSql(`alter table "password_reset" add constraint "password_reset_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`drop table if exists "phone_verification" cascade;`);
    this.addSql(`delete from "refresh_token";`);
    this.addSql(`with pending as (delete from "customer" where "phone_verified_at" is null returning "user_id") delete from "app_user" where "id" in (select "user_id" from pending);`);

    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_user_id_foreign";`);
    this.addSql(`drop index "refresh_token_user_id_index";`);
    this.addSql(`alter table "refresh_token" rename column "user_id" to "session_id";`);
    this.addSql(`alter table "refresh_token" rename column "revoked_at" to "rotated_at";`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_session_id_foreign" foreign key ("session_id") references "auth_session" ("id") on update cascade;`);
    this.addSql(`create index "refresh_token_session_id_index" on "refresh_token" ("session_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "refresh_token";`);
    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_session_id_foreign";`);
    this.addSql(`drop index "refresh_token_session_id_index";`);
    this.addSql(`alter table "refresh_token" rename column "session_id" to "user_id";`);
    this.addSql(`alter table "refresh_token" rename column "rotated_at" to "revoked_at";`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`create index "refresh_token_user_id_index" on "refresh_token" ("user_id");`);

    this.addSql(`create table "phone_verification" ("id" uuid not null, "customer_id" uuid not null, "code_hash" text not null, "expires_at" timestamptz not null, "attempts" int not null default 0, "consumed_at" timestamptz null, "created_at" timestamptz not null, constraint "phone_verification_pkey" primary key ("id"));`);
    this.addSql(`create index "phone_verification_customer_id_index" on "phone_verification" ("customer_id");`);
    this.addSql(`alter table "phone_verification" add constraint "phone_verification_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);

    this.addSql(`drop table if exists "password_reset" cascade;`);
    this.addSql(`drop table if exists "auth_session" cascade;`);
    this.addSql(`drop table if exists "registration" cascade;`);
    this.addSql(`drop table if exists "rate_limit" cascade;`);
  }

}
