import { Migration } from "@mikro-orm/migrations";

export class Migration20261203113442_position_version extends Migration {
  override name = "Migration20261203113442_position_version";

  override up(): void | Promise<void> {
    this.addSql(`alter table "position_snapshots" add "version" int not null default 1;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "position_snapshots" drop column "version";`);
  }
}
