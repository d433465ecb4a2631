import { Migration } from '@mikro-orm/migrations';

/** Alerts in English too (issue 7): the English message beside the Spanish one; null on older alerts. */
export class Migration20261122051909 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "alert" add column "message_en" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "alert" drop column "message_en";`);
  }

}
