import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 10, support chat: conversations (state, read marks, "nobody answers" once), numbered messages with
 * image attachments, agents' and customers' presence heartbeats, canned replies, and the Master's
 * `supportChatAnswerMinutes`. Attachments are looked up by upload (who may see an image).
 */
export class Migration20261122083033 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "chat_side" as enum ('CUSTOMER', 'AGENT');`);
    this.addSql(`create type "chat_state" as enum ('WAITING_AGENT', 'ACTIVE', 'CLOSED');`);
    this.addSql(`create type "chat_subject_type" as enum ('PURCHASE_REQUEST', 'ORDER');`);
    this.addSql(`create type "chat_unanswered_reason" as enum ('NO_AGENT_ONLINE', 'NO_ANSWER_IN_TIME');`);
    this.addSql(`create table "chat_presence" ("user_id" uuid not null, "side" "chat_side" not null, "seen_at" timestamptz not null, constraint "chat_presence_pkey" primary key ("user_id"));`);

    this.addSql(`create table "chat_conversation" ("id" uuid not null, "customer_id" uuid not null, "state" "chat_state" not null default 'WAITING_AGENT', "subject_type" "chat_subject_type" null, "subject_id" uuid null, "agent_id" uuid null, "last_seq" int not null default 0, "customer_read_seq" int not null default 0, "agent_read_seq" int not null default 0, "awaiting_reply_since" timestamptz null, "unanswered_at" timestamptz null, "unanswered_reason" "chat_unanswered_reason" null, "created_at" timestamptz not null, "taken_at" timestamptz null, "closed_at" timestamptz null, "last_message_at" timestamptz not null, constraint "chat_conversation_pkey" primary key ("id"));`);
    this.addSql(`create index "chat_conversation_agent_id_index" on "chat_conversation" ("agent_id");`);
    this.addSql(`create index "chat_conversation_customer_id_created_at_id_index" on "chat_conversation" ("customer_id", "created_at", "id");`);
    this.addSql(`create index "chat_conversation_state_created_at_index" on "chat_conversation" ("state", "created_at");`);

    this.addSql(`create table "chat_message" ("id" uuid not null, "conversation_id" uuid not null, "seq" int not null, "side" "chat_side" not null, "author_id" uuid not null, "body" text not null, "created_at" timestamptz not null, constraint "chat_message_pkey" primary key ("id"));`);
    this.addSql(`alter table "chat_message" add constraint "chat_message_conversation_id_seq_unique" unique ("conversation_id", "seq");`);

    this.addSql(`create table "chat_message_attachments" ("chat_message_id" uuid not null, "upload_id" uuid not null, constraint "chat_message_attachments_pkey" primary key ("chat_message_id", "upload_id"));`);

    this.addSql(`create index "chat_message_attachments_upload_id_index" on "chat_message_attachments" ("upload_id");`);
    this.addSql(`create index "chat_conversation_awaiting_reply_index" on "chat_conversation" ("awaiting_reply_since") where "unanswered_at" is null and "awaiting_reply_since" is not null;`);

    this.addSql(`create table "canned_reply" ("id" uuid not null, "title" text not null, "body" text not null, "updated_by_id" uuid not null, "updated_at" timestamptz not null, constraint "canned_reply_pkey" primary key ("id"));`);
    this.addSql(`alter table "canned_reply" add constraint "canned_reply_title_unique" unique ("title");`);

    this.addSql(`alter table "chat_presence" add constraint "chat_presence_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "chat_conversation" add constraint "chat_conversation_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "chat_conversation" add constraint "chat_conversation_agent_id_foreign" foreign key ("agent_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "chat_message" add constraint "chat_message_conversation_id_foreign" foreign key ("conversation_id") references "chat_conversation" ("id") on update cascade;`);
    this.addSql(`alter table "chat_message" add constraint "chat_message_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "chat_message_attachments" add constraint "chat_message_attachments_chat_message_id_foreign" foreign key ("chat_message_id") references "chat_message" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "chat_message_attachments" add constraint "chat_message_attachments_upload_id_foreign" foreign key ("upload_id") references "upload" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "canned_reply" add constraint "canned_reply_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "business_parameters" add column "support_chat_answer_minutes" int not null default 5;`);

  }

  override async down(): Promise<void> {
    this.addSql(`alter table "chat_message" drop constraint "chat_message_conversation_id_foreign";`);

    this.addSql(`alter table "chat_message_attachments" drop constraint "chat_message_attachments_chat_message_id_foreign";`);

    this.addSql(`drop table if exists "chat_presence" cascade;`);

    this.addSql(`drop table if exists "chat_conversation" cascade;`);

    this.addSql(`drop table if exists "chat_message" cascade;`);

    this.addSql(`drop table if exists "chat_message_attachments" cascade;`);

    this.addSql(`drop table if exists "canned_reply" cascade;`);

    this.addSql(`alter table "business_parameters" drop column "support_chat_answer_minutes";`);

    this.addSql(`drop type "chat_side";`);
    this.addSql(`drop type "chat_state";`);
    this.addSql(`drop type "chat_subject_type";`);
    this.addSql(`drop type "chat_unanswered_reason";`);
  }

}
