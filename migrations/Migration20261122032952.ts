import { Migration } from '@mikro-orm/migrations';

/** Notifications in English beside Spanish (Notification.title/body(language)); null on older rows. */
export class Migration20261122032952 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "notification" add column "title_en" text null, add column "body_en" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "notification" drop column "title_en", drop column "body_en";`);
  }

}
