import { Migration } from '@mikro-orm/migrations';

export class Migration20261122083304 extends Migration {

  override async up(): Promise<void> {
    // Ticket numbers (TK-2026-000123) come from a sequence, like the other readable numbers.
    this.addSql(`create sequence "ticket_number_seq";`);
    this.addSql(`create type "ticket_source" as enum ('PORTAL', 'PHONE', 'EMAIL', 'CHAT', 'LEAD', 'SYSTEM');`);
    this.addSql(`create type "ticket_category" as enum ('QUOTE', 'PAYMENT', 'SHIPPING', 'PRODUCT', 'ACCOUNT', 'OTHER');`);
    this.addSql(`create type "ticket_priority" as enum ('LOW', 'NORMAL', 'HIGH', 'URGENT');`);
    this.addSql(`create type "ticket_state" as enum ('OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'ESCALATED', 'RESOLVED', 'CLOSED');`);
    this.addSql(`create type "ticket_rule" as enum ('QUOTE_NOT_SENT', 'PAYMENT_NOT_VALIDATED', 'STUCK_IN_CUSTOMS');`);
    this.addSql(`create type "sla_kind" as enum ('FIRST_RESPONSE', 'RESOLUTION');`);
    this.addSql(`create type "ticket_interaction_kind" as enum ('MESSAGE', 'CALL', 'EMAIL', 'INTERNAL_NOTE', 'SYSTEM');`);
    this.addSql(`create type "ticket_interaction_direction" as enum ('FROM_CUSTOMER', 'TO_CUSTOMER', 'INTERNAL');`);
    this.addSql(`create type "faq_state" as enum ('PROPOSED', 'PUBLISHED', 'REJECTED');`);
    this.addSql(`create table "ticket" ("id" uuid not null, "number" text not null, "customer_id" uuid not null, "source" "ticket_source" not null, "subject" text not null, "description" text not null, "category" "ticket_category" not null, "suggested_category" "ticket_category" not null, "category_confirmed" boolean not null default false, "priority" "ticket_priority" not null default 'NORMAL', "state" "ticket_state" not null default 'OPEN', "state_changed_at" timestamptz not null, "assignee_id" uuid null, "created_by_id" uuid null, "conversation_id" uuid null, "rule" "ticket_rule" null, "rule_subject_id" uuid null, "created_at" timestamptz not null, "first_responded_at" timestamptz null, "resolved_at" timestamptz null, "solution" text null, "paused_seconds" int not null default 0, "paused_since" timestamptz null, "last_activity_at" timestamptz not null, constraint "ticket_pkey" primary key ("id"));`);
    this.addSql(`alter table "ticket" add constraint "ticket_number_unique" unique ("number");`);
    this.addSql(`create index "ticket_subject_trgm_index" on "ticket" using gin ("subject" gin_trgm_ops);`);
    this.addSql(`create index "ticket_number_trgm_index" on "ticket" using gin ("number" gin_trgm_ops);`);
    this.addSql(`create index "ticket_created_at_id_index" on "ticket" ("created_at", "id");`);
    this.addSql(`create index "ticket_assignee_id_state_index" on "ticket" ("assignee_id", "state");`);
    this.addSql(`create index "ticket_state_created_at_index" on "ticket" ("state", "created_at");`);
    this.addSql(`create index "ticket_customer_id_created_at_index" on "ticket" ("customer_id", "created_at");`);

    this.addSql(`create table "ticket_sla_breach" ("id" uuid not null, "ticket_id" uuid not null, "kind" "sla_kind" not null, "at" timestamptz not null, constraint "ticket_sla_breach_pkey" primary key ("id"));`);
    this.addSql(`alter table "ticket_sla_breach" add constraint "ticket_sla_breach_ticket_id_kind_unique" unique ("ticket_id", "kind");`);

    this.addSql(`create table "ticket_rule_hit" ("rule" text not null, "subject_id" uuid not null, "ticket_id" uuid null, "at" timestamptz not null, constraint "ticket_rule_hit_pkey" primary key ("rule", "subject_id"));`);

    this.addSql(`create table "ticket_interaction" ("id" uuid not null, "ticket_id" uuid not null, "kind" "ticket_interaction_kind" not null, "direction" "ticket_interaction_direction" not null, "body" text not null, "customer_visible" boolean not null, "author_id" uuid null, "author_name" text not null, "at" timestamptz not null, constraint "ticket_interaction_pkey" primary key ("id"));`);
    this.addSql(`create index "ticket_interaction_ticket_id_at_index" on "ticket_interaction" ("ticket_id", "at");`);

    this.addSql(`create table "ticket_event" ("id" uuid not null, "ticket_id" uuid not null, "from_state" "ticket_state" null, "to_state" "ticket_state" not null, "actor_id" uuid null, "actor_name" text not null, "note" text null, "at" timestamptz not null, constraint "ticket_event_pkey" primary key ("id"));`);
    this.addSql(`create index "ticket_event_ticket_id_at_index" on "ticket_event" ("ticket_id", "at");`);

    this.addSql(`create table "faq_entry" ("id" uuid not null, "question" text not null, "answer" text not null, "category" "ticket_category" not null, "state" "faq_state" not null default 'PROPOSED', "source_ticket_id" uuid null, "proposed_by_id" uuid null, "reviewed_by_id" uuid null, "created_at" timestamptz not null, "published_at" timestamptz null, "search_vector" tsvector generated always as (setweight(to_tsvector('spanish', question), 'A') || setweight(to_tsvector('spanish', answer), 'B')) stored null, constraint "faq_entry_pkey" primary key ("id"));`);
    this.addSql(`create index "faq_entry_search_index" on "faq_entry" using gin ("search_vector");`);
    this.addSql(`create index "faq_entry_state_created_at_index" on "faq_entry" ("state", "created_at");`);

    this.addSql(`create table "agent_profile" ("user_id" uuid not null, "skills" text[] not null, "last_seen_at" timestamptz null, constraint "agent_profile_pkey" primary key ("user_id"));`);

    this.addSql(`alter table "ticket" add constraint "ticket_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "ticket" add constraint "ticket_assignee_id_foreign" foreign key ("assignee_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "ticket" add constraint "ticket_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "ticket_sla_breach" add constraint "ticket_sla_breach_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update cascade;`);

    this.addSql(`alter table "ticket_rule_hit" add constraint "ticket_rule_hit_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "ticket_interaction" add constraint "ticket_interaction_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update cascade;`);
    this.addSql(`alter table "ticket_interaction" add constraint "ticket_interaction_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "ticket_event" add constraint "ticket_event_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update cascade;`);
    this.addSql(`alter table "ticket_event" add constraint "ticket_event_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "faq_entry" add constraint "faq_entry_source_ticket_id_foreign" foreign key ("source_ticket_id") references "ticket" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "faq_entry" add constraint "faq_entry_proposed_by_id_foreign" foreign key ("proposed_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "faq_entry" add constraint "faq_entry_reviewed_by_id_foreign" foreign key ("reviewed_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "agent_profile" add constraint "agent_profile_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "survey" add column "ticket_id" uuid null;`);
    this.addSql(`alter table "survey" alter column "order_id" drop not null;`);
    this.addSql(`alter table "survey" add constraint "survey_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update cascade;`);
    this.addSql(`alter table "survey" add constraint "survey_ticket_id_unique" unique ("ticket_id");`);
    this.addSql(`alter table "survey" add constraint survey_subject_check check((order_id is null) <> (ticket_id is null));`);

    this.addSql(`alter table "business_parameters" add column "ticket_reopen_days" int not null default 7, add column "agent_online_minutes" int not null default 5, add column "sla_first_response_minutes_low" int not null default 480, add column "sla_first_response_minutes_normal" int not null default 240, add column "sla_first_response_minutes_high" int not null default 60, add column "sla_first_response_minutes_urgent" int not null default 15, add column "sla_resolution_hours_low" int not null default 120, add column "sla_resolution_hours_normal" int not null default 72, add column "sla_resolution_hours_high" int not null default 24, add column "sla_resolution_hours_urgent" int not null default 8, add column "ticket_quote_not_sent_hours" int not null default 48, add column "ticket_payment_not_validated_hours" int not null default 24, add column "ticket_customs_stuck_days" int not null default 10;`);

  }

  override async down(): Promise<void> {
    this.addSql(`alter table "ticket_sla_breach" drop constraint "ticket_sla_breach_ticket_id_foreign";`);

    this.addSql(`alter table "ticket_rule_hit" drop constraint "ticket_rule_hit_ticket_id_foreign";`);

    this.addSql(`alter table "ticket_interaction" drop constraint "ticket_interaction_ticket_id_foreign";`);

    this.addSql(`alter table "ticket_event" drop constraint "ticket_event_ticket_id_foreign";`);

    this.addSql(`alter table "faq_entry" drop constraint "faq_entry_source_ticket_id_foreign";`);

    this.addSql(`alter table "survey" drop constraint "survey_ticket_id_foreign";`);

    this.addSql(`drop table if exists "ticket" cascade;`);

    this.addSql(`drop table if exists "ticket_sla_breach" cascade;`);

    this.addSql(`drop table if exists "ticket_rule_hit" cascade;`);

    this.addSql(`drop table if exists "ticket_interaction" cascade;`);

    this.addSql(`drop table if exists "ticket_event" cascade;`);

    this.addSql(`drop table if exists "faq_entry" cascade;`);

    this.addSql(`drop table if exists "agent_profile" cascade;`);

    this.addSql(`alter table "business_parameters" drop column "ticket_reopen_days", drop column "agent_online_minutes", drop column "sla_first_response_minutes_low", drop column "sla_first_response_minutes_normal", drop column "sla_first_response_minutes_high", drop column "sla_first_response_minutes_urgent", drop column "sla_resolution_hours_low", drop column "sla_resolution_hours_normal", drop column "sla_resolution_hours_high", drop column "sla_resolution_hours_urgent", drop column "ticket_quote_not_sent_hours", drop column "ticket_payment_not_validated_hours", drop column "ticket_customs_stuck_days";`);

    this.addSql(`alter table "survey" drop constraint "survey_ticket_id_unique";`);
    this.addSql(`alter table "survey" drop constraint survey_subject_check;`);
    this.addSql(`alter table "survey" drop column "ticket_id";`);

    this.addSql(`alter table "survey" alter column "order_id" set not null;`);

    this.addSql(`drop sequence "ticket_number_seq";`);
    this.addSql(`drop type "ticket_source";`);
    this.addSql(`drop type "ticket_category";`);
    this.addSql(`drop type "ticket_priority";`);
    this.addSql(`drop type "ticket_state";`);
    this.addSql(`drop type "ticket_rule";`);
    this.addSql(`drop type "sla_kind";`);
    this.addSql(`drop type "ticket_interaction_kind";`);
    this.addSql(`drop type "ticket_interaction_direction";`);
    this.addSql(`drop type "faq_state";`);
  }

}
