import { Migration } from "@mikro-orm/migrations";

export class Migration20261123161632_trade_streams extends Migration {
  override name = "Migration20261123161632_trade_streams";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "trade_streams" ("id" serial primary key, "account_id" int not null, "symbol" varchar(255) not null, "method" text not null, "last_time" timestamptz not null, "last_trade_id" bigint not null, "state" jsonb not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "trade_streams" add constraint "trade_streams_account_id_symbol_unique" unique ("account_id", "symbol");`,
    );

    this.addSql(
      `alter table "trade_streams" add constraint "trade_streams_account_id_foreign" foreign key ("account_id") references "exchange_accounts" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "trade_streams" add constraint "trade_streams_method_check" check ("method" in ('fifo', 'average'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "trade_streams" cascade;`);
  }
}
