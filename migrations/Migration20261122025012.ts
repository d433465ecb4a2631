import { Migration } from '@mikro-orm/migrations';

/** The supplier's page of a sourced request (SubmitSourcingInput.supplierUrl). */
export class Migration20261122025012 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "purchase_request" add column "supplier_url" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "purchase_request" drop column "supplier_url";`);
  }

}
