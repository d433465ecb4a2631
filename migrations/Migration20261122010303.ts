import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the identity sweep (expired or used codes and tokens, long-ended sessions) and for sign-in's
 * lookup of a pending sign-up by email. Ended sessions only are indexed by `revoked_at` (most are open).
 */
export class Migration20261122010303 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "registration_email_index" on "registration" ("email");`);

    this.addSql(`create index "auth_session_created_at_index" on "auth_session" ("created_at");`);
    this.addSql(`create index "auth_session_revoked_at_index" on "auth_session" ("revoked_at") where "revoked_at" is not null;`);

    this.addSql(`create index "refresh_token_expires_at_index" on "refresh_token" ("expires_at");`);

    this.addSql(`create index "password_reset_expires_at_index" on "password_reset" ("expires_at");`);
    this.addSql(`create index "password_reset_consumed_at_index" on "password_reset" ("consumed_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "auth_session_created_at_index";`);
    this.addSql(`drop index "auth_session_revoked_at_index";`);

    this.addSql(`drop index "password_reset_expires_at_index";`);
    this.addSql(`drop index "password_reset_consumed_at_index";`);

    this.addSql(`drop index "refresh_token_expires_at_index";`);

    this.addSql(`drop index "registration_email_index";`);
  }

}
