import { Migration } from '@mikro-orm/migrations';

export class Migration20261121001249 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "user_kind" as enum ('CUSTOMER', 'STAFF');`);
    this.addSql(`create type "purchase_type" as enum ('RETAIL', 'WHOLESALE');`);
    this.addSql(`create type "national_delivery" as enum ('COURIER', 'OFFICE_PICKUP');`);
    this.addSql(`create type "purchase_request_state" as enum ('SUBMITTED', 'SOURCING', 'PRICING', 'QUOTED', 'MODIFICATION_REQUESTED', 'ACCEPTED', 'REJECTED', 'EXPIRED');`);
    this.addSql(`create type "staff_queue" as enum ('CHINA', 'VENEZUELA');`);
    this.addSql(`create type "shipping_method" as enum ('AIR', 'SEA', 'DOOR_TO_DOOR');`);
    this.addSql(`create type "chargeable_basis" as enum ('ACTUAL_WEIGHT', 'VOLUMETRIC_WEIGHT', 'VOLUME');`);
    this.addSql(`create type "order_state" as enum ('PENDING_PAYMENT', 'PARTIALLY_PAID', 'PAID', 'PURCHASED', 'AT_CHINA_WAREHOUSE', 'DEPARTED_CHINA', 'IN_CUSTOMS', 'AT_LOCAL_WAREHOUSE', 'OUT_FOR_DELIVERY', 'READY_FOR_PICKUP', 'DELIVERED', 'CANCELLED');`);
    this.addSql(`create type "nps_category" as enum ('PROMOTER', 'PASSIVE', 'DETRACTOR');`);
    this.addSql(`create type "payment_method" as enum ('PAGO_MOVIL', 'BANK_TRANSFER', 'ZELLE', 'BINANCE', 'PAYPAL');`);
    this.addSql(`create type "payment_state" as enum ('SUBMITTED', 'VALIDATED', 'REJECTED');`);
    this.addSql(`create table "alert" ("id" uuid not null, "kind" text not null, "subject_type" text not null, "subject_id" uuid not null, "subject_state" text not null, "reference" text not null, "message" text not null, "waiting_since" timestamptz not null, "created_at" timestamptz not null, "acknowledged_at" timestamptz null, constraint "alert_pkey" primary key ("id"));`);
    this.addSql(`create index "alert_acknowledged_at_created_at_index" on "alert" ("acknowledged_at", "created_at");`);
    this.addSql(`alter table "alert" add constraint "alert_kind_subject_id_subject_state_unique" unique ("kind", "subject_id", "subject_state");`);

    this.addSql(`create table "box" ("id" uuid not null, "number" text not null, "weight_kg" numeric(10,3) null, "created_at" timestamptz not null, constraint "box_pkey" primary key ("id"));`);
    this.addSql(`alter table "box" add constraint "box_number_unique" unique ("number");`);

    this.addSql(`create table "domain_event" ("id" bigserial primary key, "topic" text not null, "payload" jsonb not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "domain_event_topic_index" on "domain_event" ("topic");`);

    this.addSql(`create table "outbound_message" ("id" uuid not null, "channel" text not null default 'WHATSAPP', "recipient" text not null, "body" text not null, "status" text not null default 'PENDING', "attempts" int not null default 0, "last_error" text null, "created_at" timestamptz not null, "sent_at" timestamptz null, constraint "outbound_message_pkey" primary key ("id"));`);
    this.addSql(`create index "outbound_message_recipient_index" on "outbound_message" ("recipient");`);
    this.addSql(`create index "outbound_message_status_created_at_index" on "outbound_message" ("status", "created_at");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "username" text not null, "email" text null, "password_hash" text not null, "display_name" text not null, "kind" "user_kind" not null, "roles" text[] not null, "active" boolean not null default true, "created_at" timestamptz not null, "last_sign_in_at" timestamptz null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "upload" ("id" uuid not null, "owner_id" uuid not null, "content_type" text not null, "size" int not null, "sha256" text not null, "storage_key" text not null, "created_at" timestamptz not null, constraint "upload_pkey" primary key ("id"));`);
    this.addSql(`create index "upload_owner_id_index" on "upload" ("owner_id");`);

    this.addSql(`create table "refresh_token" ("id" uuid not null, "user_id" uuid not null, "token_hash" text not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "created_at" timestamptz not null, constraint "refresh_token_pkey" primary key ("id"));`);
    this.addSql(`create index "refresh_token_user_id_index" on "refresh_token" ("user_id");`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "notification" ("id" uuid not null, "recipient_id" uuid not null, "kind" text not null, "title" text not null, "body" text not null, "data" jsonb not null, "read_at" timestamptz null, "created_at" timestamptz not null, constraint "notification_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_recipient_id_created_at_index" on "notification" ("recipient_id", "created_at");`);

    this.addSql(`create table "customer" ("id" uuid not null, "user_id" uuid not null, "code" text not null, "full_name" text not null, "email" text null, "phone" text not null, "phone_verified_at" timestamptz null, "first_purchase_at" timestamptz null, "created_at" timestamptz not null, constraint "customer_pkey" primary key ("id"));`);
    this.addSql(`alter table "customer" add constraint "customer_user_id_unique" unique ("user_id");`);
    this.addSql(`alter table "customer" add constraint "customer_code_unique" unique ("code");`);
    this.addSql(`alter table "customer" add constraint "customer_phone_unique" unique ("phone");`);

    this.addSql(`create table "purchase_request" ("id" uuid not null, "number" text not null, "customer_id" uuid not null, "product_url" text null, "description" text not null, "quantity" int not null, "specifications" text null, "purchase_type" "purchase_type" not null, "shipping_methods" text[] not null, "national_delivery" "national_delivery" not null, "state" "purchase_request_state" not null default 'SUBMITTED', "queue" "staff_queue" null, "state_changed_at" timestamptz not null, "modifications_used" int not null default 0, "round" int not null default 0, "supplier_unit_price_minor" int null, "china_shipping_minor" int null, "length_cm" int null, "width_cm" int null, "height_cm" int null, "weight_kg" numeric(10,3) null, "supplier_dispatch_days" int null, "sourcing_notes" text null, "sourced_by_id" uuid null, "quoted_by_id" uuid null, "quoted_at" timestamptz null, "response_deadline" timestamptz null, "parameters_version" int null, "last_customer_note" text null, "created_at" timestamptz not null, constraint "purchase_request_pkey" primary key ("id"));`);
    this.addSql(`alter table "purchase_request" add constraint "purchase_request_number_unique" unique ("number");`);
    this.addSql(`create index "purchase_request_queue_state_created_at_index" on "purchase_request" ("queue", "state", "created_at");`);
    this.addSql(`create index "purchase_request_customer_id_created_at_index" on "purchase_request" ("customer_id", "created_at");`);

    this.addSql(`create table "quote_option" ("id" uuid not null, "request_id" uuid not null, "round" int not null, "shipping_method" "shipping_method" not null, "actual_weight_kg" numeric(12,3) not null, "volumetric_weight_kg" numeric(12,3) not null, "chargeable_weight_kg" numeric(12,3) not null, "volume_cubic_meters" numeric(14,6) not null, "chargeable_basis" "chargeable_basis" not null, "product_minor" bigint not null, "china_shipping_minor" bigint not null, "freight_minor" bigint not null, "national_delivery_minor" bigint not null, "subtotal_minor" bigint not null, "margin_minor" bigint not null, "total_usd_minor" bigint not null, "total_ves_minor" bigint not null, "suggested_total_usd_minor" bigint not null, "override_reason" text null, "ves_per_usd" numeric(18,6) not null, "estimated_delivery_at" timestamptz not null, "created_at" timestamptz not null, constraint "quote_option_pkey" primary key ("id"));`);
    this.addSql(`create index "quote_option_request_id_round_index" on "quote_option" ("request_id", "round");`);

    this.addSql(`create table "purchase_request_event" ("id" uuid not null, "request_id" uuid not null, "from_state" "purchase_request_state" null, "to_state" "purchase_request_state" not null, "actor_id" uuid null, "actor_name" text null, "note" text null, "at" timestamptz not null, constraint "purchase_request_event_pkey" primary key ("id"));`);
    this.addSql(`create index "purchase_request_event_request_id_at_index" on "purchase_request_event" ("request_id", "at");`);

    this.addSql(`create table "purchase_request_photos" ("purchase_request_id" uuid not null, "upload_id" uuid not null, constraint "purchase_request_photos_pkey" primary key ("purchase_request_id", "upload_id"));`);

    this.addSql(`create table "phone_verification" ("id" uuid not null, "customer_id" uuid not null, "code_hash" text not null, "expires_at" timestamptz not null, "attempts" int not null default 0, "consumed_at" timestamptz null, "created_at" timestamptz not null, constraint "phone_verification_pkey" primary key ("id"));`);
    this.addSql(`create index "phone_verification_customer_id_index" on "phone_verification" ("customer_id");`);

    this.addSql(`create table "purchase_order" ("id" uuid not null, "number" text not null, "customer_id" uuid not null, "request_id" uuid not null, "accepted_option_id" uuid not null, "shipping_method" "shipping_method" not null, "national_delivery" "national_delivery" not null, "state" "order_state" not null default 'PENDING_PAYMENT', "state_changed_at" timestamptz not null, "total_usd_minor" bigint not null, "total_ves_minor" bigint not null, "ves_per_usd" numeric(18,6) not null, "usd_payment_discount" numeric(8,6) not null, "settled_usd_minor" bigint not null default 0, "payment_deadline" timestamptz not null, "created_at" timestamptz not null, constraint "purchase_order_pkey" primary key ("id"));`);
    this.addSql(`alter table "purchase_order" add constraint "purchase_order_number_unique" unique ("number");`);
    this.addSql(`alter table "purchase_order" add constraint "purchase_order_request_id_unique" unique ("request_id");`);
    this.addSql(`alter table "purchase_order" add constraint "purchase_order_accepted_option_id_unique" unique ("accepted_option_id");`);
    this.addSql(`create index "purchase_order_state_created_at_index" on "purchase_order" ("state", "created_at");`);
    this.addSql(`create index "purchase_order_customer_id_created_at_index" on "purchase_order" ("customer_id", "created_at");`);

    this.addSql(`create table "tracking_event" ("id" uuid not null, "order_id" uuid not null, "box_id" uuid null, "phase" "order_state" not null, "occurred_at" timestamptz not null, "place" text not null, "note" text null, "actor_id" uuid not null, "actor_name" text not null, "recorded_at" timestamptz not null, constraint "tracking_event_pkey" primary key ("id"));`);
    this.addSql(`create index "tracking_event_order_id_occurred_at_index" on "tracking_event" ("order_id", "occurred_at");`);

    this.addSql(`create table "tracking_event_photos" ("tracking_event_id" uuid not null, "upload_id" uuid not null, constraint "tracking_event_photos_pkey" primary key ("tracking_event_id", "upload_id"));`);

    this.addSql(`create table "survey" ("id" uuid not null, "order_id" uuid not null, "customer_id" uuid not null, "invited_at" timestamptz not null, "submitted_at" timestamptz null, "general_score" smallint null, "response_time_score" smallint null, "quality_score" smallint null, "price_score" smallint null, "attention_score" smallint null, "recommend_score" smallint null, "nps_category" "nps_category" null, "comments" text null, constraint "survey_pkey" primary key ("id"));`);
    this.addSql(`alter table "survey" add constraint "survey_order_id_unique" unique ("order_id");`);

    this.addSql(`create table "supplier_payment" ("id" uuid not null, "order_id" uuid not null, "currency" text not null, "amount_minor" bigint not null, "reference" text not null, "registered_by_id" uuid not null, "registered_at" timestamptz not null, "confirmed_by_id" uuid null, "confirmed_at" timestamptz null, constraint "supplier_payment_pkey" primary key ("id"));`);
    this.addSql(`alter table "supplier_payment" add constraint "supplier_payment_order_id_unique" unique ("order_id");`);

    this.addSql(`create table "payment" ("id" uuid not null, "order_id" uuid not null, "customer_id" uuid not null, "method" "payment_method" not null, "currency" text not null, "amount_minor" bigint not null, "credited_usd_minor" bigint not null, "reference" text not null, "proof_id" uuid null, "state" "payment_state" not null default 'SUBMITTED', "rejection_reason" text null, "decided_by_id" uuid null, "decided_at" timestamptz null, "created_at" timestamptz not null, constraint "payment_pkey" primary key ("id"));`);
    this.addSql(`create index "payment_state_created_at_index" on "payment" ("state", "created_at");`);
    this.addSql(`create index "payment_order_id_created_at_index" on "payment" ("order_id", "created_at");`);

    this.addSql(`create table "shipment_package" ("id" uuid not null, "number" text not null, "order_id" uuid not null, "box_id" uuid null, "weight_kg" numeric(10,3) not null, "length_cm" int not null, "width_cm" int not null, "height_cm" int not null, "repacked" boolean not null default false, "note" text null, "registered_by_id" uuid not null, "created_at" timestamptz not null, constraint "shipment_package_pkey" primary key ("id"));`);
    this.addSql(`alter table "shipment_package" add constraint "shipment_package_number_unique" unique ("number");`);
    this.addSql(`create index "shipment_package_order_id_index" on "shipment_package" ("order_id");`);
    this.addSql(`create index "shipment_package_box_id_index" on "shipment_package" ("box_id");`);

    this.addSql(`create table "order_event" ("id" uuid not null, "order_id" uuid not null, "from_state" "order_state" null, "to_state" "order_state" not null, "actor_id" uuid null, "actor_name" text null, "note" text null, "at" timestamptz not null, constraint "order_event_pkey" primary key ("id"));`);
    this.addSql(`create index "order_event_order_id_at_index" on "order_event" ("order_id", "at");`);

    this.addSql(`create table "business_parameters" ("version" int not null, "effective_from" timestamptz not null, "changed_by_id" uuid null, "change_reason" text null, "ves_per_usd" numeric(18,6) not null, "profit_margin" numeric(8,6) not null, "air_rate_per_kg_minor" int not null, "door_to_door_rate_per_kg_minor" int not null, "sea_rate_per_cubic_meter_minor" int not null, "volumetric_divisor" int not null, "courier_fee_minor" int not null, "office_pickup_fee_minor" int not null, "usd_payment_discount" numeric(8,6) not null, "quote_response_hours" int not null, "payment_deadline_hours" int not null, "monthly_quote_limit" int not null, "modification_limit" int not null, "staff_response_alert_hours" int not null, "time_zone" text not null, constraint "business_parameters_pkey" primary key ("version"));`);

    this.addSql(`create table "audit_log_entry" ("id" bigserial primary key, "at" timestamptz not null, "actor_id" uuid null, "actor_name" text null, "action" text not null, "target_type" text null, "target_id" text null, "detail" jsonb not null, "ip" text null);`);
    this.addSql(`create index "audit_log_entry_action_index" on "audit_log_entry" ("action");`);
    this.addSql(`create index "audit_log_entry_at_index" on "audit_log_entry" ("at");`);

    this.addSql(`alter table "upload" add constraint "upload_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "refresh_token" add constraint "refresh_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "notification" add constraint "notification_recipient_id_foreign" foreign key ("recipient_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "customer" add constraint "customer_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "purchase_request" add constraint "purchase_request_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "purchase_request" add constraint "purchase_request_sourced_by_id_foreign" foreign key ("sourced_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "purchase_request" add constraint "purchase_request_quoted_by_id_foreign" foreign key ("quoted_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "quote_option" add constraint "quote_option_request_id_foreign" foreign key ("request_id") references "purchase_request" ("id") on update cascade;`);

    this.addSql(`alter table "purchase_request_event" add constraint "purchase_request_event_request_id_foreign" foreign key ("request_id") references "purchase_request" ("id") on update cascade;`);
    this.addSql(`alter table "purchase_request_event" add constraint "purchase_request_event_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "purchase_request_photos" add constraint "purchase_request_photos_purchase_request_id_foreign" foreign key ("purchase_request_id") references "purchase_request" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "purchase_request_photos" add constraint "purchase_request_photos_upload_id_foreign" foreign key ("upload_id") references "upload" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "phone_verification" add constraint "phone_verification_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);

    this.addSql(`alter table "purchase_order" add constraint "purchase_order_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "purchase_order" add constraint "purchase_order_request_id_foreign" foreign key ("request_id") references "purchase_request" ("id") on update cascade;`);
    this.addSql(`alter table "purchase_order" add constraint "purchase_order_accepted_option_id_foreign" foreign key ("accepted_option_id") references "quote_option" ("id") on update cascade;`);

    this.addSql(`alter table "tracking_event" add constraint "tracking_event_order_id_foreign" foreign key ("order_id") references "purchase_order" ("id") on update cascade;`);
    this.addSql(`alter table "tracking_event" add constraint "tracking_event_box_id_foreign" foreign key ("box_id") references "box" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "tracking_event" add constraint "tracking_event_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "tracking_event_photos" add constraint "tracking_event_photos_tracking_event_id_foreign" foreign key ("tracking_event_id") references "tracking_event" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "tracking_event_photos" add constraint "tracking_event_photos_upload_id_foreign" foreign key ("upload_id") references "upload" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "survey" add constraint "survey_order_id_foreign" foreign key ("order_id") references "purchase_order" ("id") on update cascade;`);
    this.addSql(`alter table "survey" add constraint "survey_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);

    this.addSql(`alter table "supplier_payment" add constraint "supplier_payment_order_id_foreign" foreign key ("order_id") references "purchase_order" ("id") on update cascade;`);
    this.addSql(`alter table "supplier_payment" add constraint "supplier_payment_registered_by_id_foreign" foreign key ("registered_by_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "supplier_payment" add constraint "supplier_payment_confirmed_by_id_foreign" foreign key ("confirmed_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "payment" add constraint "payment_order_id_foreign" foreign key ("order_id") references "purchase_order" ("id") on update cascade;`);
    this.addSql(`alter table "payment" add constraint "payment_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "payment" add constraint "payment_proof_id_foreign" foreign key ("proof_id") references "upload" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "payment" add constraint "payment_decided_by_id_foreign" foreign key ("decided_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "shipment_package" add constraint "shipment_package_order_id_foreign" foreign key ("order_id") references "purchase_order" ("id") on update cascade;`);
    this.addSql(`alter table "shipment_package" add constraint "shipment_package_box_id_foreign" foreign key ("box_id") references "box" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "shipment_package" add constraint "shipment_package_registered_by_id_foreign" foreign key ("registered_by_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "order_event" add constraint "order_event_order_id_foreign" foreign key ("order_id") references "purchase_order" ("id") on update cascade;`);
    this.addSql(`alter table "order_event" add constraint "order_event_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "business_parameters" add constraint "business_parameters_changed_by_id_foreign" foreign key ("changed_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "audit_log_entry" add constraint "audit_log_entry_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade on delete set null;`);

    // Readable numbers (PO-2026-000042 ...) come from sequences: unique without locking a counter row.
    this.addSql(`create sequence "purchase_request_number_seq";`);
    this.addSql(`create sequence "purchase_order_number_seq";`);
    this.addSql(`create sequence "package_number_seq";`);
    this.addSql(`create sequence "box_number_seq";`);

    // Last line of defence behind the services' validation.
    this.addSql(`alter table "purchase_request" add constraint "purchase_request_quantity_check" check ("quantity" > 0);`);
    this.addSql(`alter table "purchase_request" add constraint "purchase_request_methods_check" check (cardinality("shipping_methods") > 0);`);
    this.addSql(`alter table "payment" add constraint "payment_amount_check" check ("amount_minor" > 0);`);
    this.addSql(`alter table "purchase_order" add constraint "purchase_order_settled_check" check ("settled_usd_minor" >= 0);`);
    this.addSql(`alter table "survey" add constraint "survey_scores_check" check (
      coalesce("general_score", 1) between 1 and 10 and coalesce("response_time_score", 1) between 1 and 10 and
      coalesce("quality_score", 1) between 1 and 10 and coalesce("price_score", 1) between 1 and 10 and
      coalesce("attention_score", 1) between 1 and 10 and coalesce("recommend_score", 0) between 0 and 10);`);
    this.addSql(`create unique index "quote_option_round_method_unique" on "quote_option" ("request_id", "round", "shipping_method");`);

    // The access/audit log is append-only, also for anyone with SQL access through the application role.
    this.addSql(`create function "audit_log_entry_append_only"() returns trigger language plpgsql as $$
      begin raise exception 'audit_log_entry is append-only'; end $$;`);
    this.addSql(`create trigger "audit_log_entry_no_change" before update or delete on "audit_log_entry"
      for each statement execute function "audit_log_entry_append_only"();`);
  }

}
