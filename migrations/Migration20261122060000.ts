import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 8, fast reads. (1) The staff order list pages newest first over all orders by (created_at, id): an
 * index in that order, so a page is an index range scan instead of a sort of the table. (2) Principals are
 * cached in-process (auth/principal-cache.ts): any change of a user or of a session row NOTIFYs
 * `morna_principal` with the user id at commit, whichever code wrote it, so every instance forgets that user.
 */
export class Migration20261122060000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "purchase_order_created_at_id_index" on "purchase_order" ("created_at", "id");`);
    // The trigger's argument names the column holding the user id (app_user.id, auth_session.user_id).
    this.addSql(`create function "principal_changed"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('morna_principal', to_jsonb(case when tg_op = 'DELETE' then old else new end) ->> tg_argv[0]);
        return null;
      end $$;`);
    this.addSql(`create trigger "app_user_principal_changed" after update or delete on "app_user" for each row execute function "principal_changed"('id');`);
    this.addSql(`create trigger "auth_session_principal_changed" after update or delete on "auth_session" for each row execute function "principal_changed"('user_id');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "auth_session_principal_changed" on "auth_session";`);
    this.addSql(`drop trigger "app_user_principal_changed" on "app_user";`);
    this.addSql(`drop function "principal_changed"();`);
    this.addSql(`drop index "purchase_order_created_at_id_index";`);
  }

}
