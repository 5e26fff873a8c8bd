import { Migration } from "@mikro-orm/migrations";

export class Migration20261123155059_initial extends Migration {
  override name = "Migration20261123155059_initial";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "catalog_exchanges" ("id" serial primary key, "name" varchar(255) not null, "description" text null, "url" varchar(255) null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "catalog_exchanges" add constraint "catalog_exchanges_name_unique" unique ("name");`);

    this.addSql(
      `create table "catalog_exchange_params" ("id" serial primary key, "exchange_id" int not null, "name" varchar(255) not null, "value" text null, "description" text null);`,
    );
    this.addSql(
      `alter table "catalog_exchange_params" add constraint "catalog_exchange_params_exchange_id_name_unique" unique ("exchange_id", "name");`,
    );

    this.addSql(
      `create table "catalog_strategies" ("id" serial primary key, "name" varchar(255) not null, "module" varchar(255) null, "description" text null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "catalog_strategies" add constraint "catalog_strategies_name_unique" unique ("name");`);

    this.addSql(
      `create table "catalog_strategy_params" ("id" serial primary key, "strategy_id" int not null, "name" varchar(255) not null, "default_value" text null, "description" text null);`,
    );
    this.addSql(
      `alter table "catalog_strategy_params" add constraint "catalog_strategy_params_strategy_id_name_unique" unique ("strategy_id", "name");`,
    );

    this.addSql(
      `create table "symbols" ("id" serial primary key, "catalog_exchange_id" int not null, "symbol" varchar(255) not null, "base_currency" varchar(255) not null, "quote_currency" varchar(255) not null, "price_precision" int not null, "volume_precision" int not null, "tick_size" numeric not null, "min_lot" numeric not null, "active" boolean not null default true);`,
    );
    this.addSql(
      `alter table "symbols" add constraint "symbols_catalog_exchange_id_symbol_unique" unique ("catalog_exchange_id", "symbol");`,
    );

    this.addSql(
      `create table "users" ("id" serial primary key, "username" varchar(255) not null, "email" varchar(255) null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "users" add constraint "users_username_unique" unique ("username");`);

    this.addSql(
      `create table "exchange_accounts" ("id" serial primary key, "user_id" int not null, "catalog_exchange_id" int not null, "name" varchar(255) not null, "api_key" text null, "api_secret" text null, "api_passphrase" text null, "testnet" boolean not null default false, "active" boolean not null default true, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "exchange_accounts_catalog_exchange_id_index" on "exchange_accounts" ("catalog_exchange_id");`);
    this.addSql(
      `alter table "exchange_accounts" add constraint "exchange_accounts_user_id_name_unique" unique ("user_id", "name");`,
    );

    this.addSql(
      `create table "reconciliation_log" ("id" bigserial primary key, "time" timestamptz not null, "account_id" int null, "symbol" varchar(255) null, "issue_type" varchar(255) not null, "severity" varchar(255) not null, "description" text not null, "expected" jsonb null, "actual" jsonb null, "resolved" boolean not null default false, "resolved_at" timestamptz null, "resolution" text null);`,
    );
    this.addSql(`create index "reconciliation_log_account_id_index" on "reconciliation_log" ("account_id");`);
    this.addSql(`create index "reconciliation_log_resolved_time_index" on "reconciliation_log" ("resolved", "time");`);

    this.addSql(
      `create table "daily_statistics" ("id" serial primary key, "account_id" int not null, "day" date not null, "realized_pnl" numeric not null default '0', "fees" numeric not null default '0', "order_count" int not null default 0, "trade_count" int not null default 0, "updated_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "daily_statistics" add constraint "daily_statistics_account_id_day_unique" unique ("account_id", "day");`,
    );

    this.addSql(
      `create table "balance_history" ("id" bigserial primary key, "account_id" int not null, "currency" varchar(255) not null, "free" numeric not null, "locked" numeric not null, "total" numeric not null, "time" timestamptz not null);`,
    );
    this.addSql(
      `create index "balance_history_account_id_currency_time_index" on "balance_history" ("account_id", "currency", "time");`,
    );

    this.addSql(
      `create table "balances" ("id" serial primary key, "account_id" int not null, "currency" varchar(255) not null, "free" numeric not null, "locked" numeric not null, "total" numeric not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "balances" add constraint "balances_account_id_currency_unique" unique ("account_id", "currency");`);

    this.addSql(
      `create table "bots" ("id" serial primary key, "user_id" int not null, "account_id" int null, "name" varchar(255) not null, "description" text null, "active" boolean not null default false, "dry_run" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index "bots_account_id_index" on "bots" ("account_id");`);
    this.addSql(`alter table "bots" add constraint "bots_user_id_name_unique" unique ("user_id", "name");`);

    this.addSql(
      `create table "position_snapshots" ("id" serial primary key, "account_id" int not null, "bot_id" int null, "symbol" varchar(255) not null, "method" text not null, "volume" numeric not null, "avg_price" numeric not null, "realized_pnl" numeric not null, "open_cost" numeric not null, "closed_cost" numeric not null, "state" jsonb not null, "is_open" boolean not null, "opened_at" timestamptz not null, "updated_at" timestamptz not null, "closed_at" timestamptz null, "final_pnl" numeric null);`,
    );
    this.addSql(`create index "position_snapshots_bot_id_index" on "position_snapshots" ("bot_id");`);
    this.addSql(
      `create index "position_snapshots_account_id_symbol_is_open_index" on "position_snapshots" ("account_id", "symbol", "is_open");`,
    );
    this.addSql(
      `create unique index "position_snapshots_one_open" on "position_snapshots" ("account_id", "symbol") where "is_open" = true;`,
    );

    this.addSql(
      `create table "orders" ("id" bigserial primary key, "bot_id" int null, "user_id" int null, "account_id" int null, "catalog_exchange_id" int null, "exchange" varchar(255) not null, "symbol" varchar(255) not null, "order_type" text not null, "side" text not null, "volume" numeric not null, "final_volume" numeric null, "price" numeric null, "plimit" numeric null, "tick" numeric null, "futures" boolean not null default false, "leverage" numeric not null default '1', "status" varchar(255) not null, "command" varchar(255) null, "reason" text null, "ex_order_id" varchar(255) null, "client_order_id" varchar(255) not null, "stop_loss" numeric null, "take_profit" numeric null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index "orders_catalog_exchange_id_index" on "orders" ("catalog_exchange_id");`);
    this.addSql(`alter table "orders" add constraint "orders_client_order_id_unique" unique ("client_order_id");`);
    this.addSql(`create index "orders_bot_id_status_index" on "orders" ("bot_id", "status");`);
    this.addSql(`create index "orders_bot_id_created_at_index" on "orders" ("bot_id", "created_at");`);
    this.addSql(`create index "orders_user_id_status_index" on "orders" ("user_id", "status");`);
    this.addSql(`create index "orders_account_id_status_index" on "orders" ("account_id", "status");`);
    this.addSql(`create index "orders_account_id_ex_order_id_index" on "orders" ("account_id", "ex_order_id");`);
    this.addSql(`create index "orders_created_at_index" on "orders" ("created_at");`);

    this.addSql(
      `create table "trades" ("id" bigserial primary key, "account_id" int not null, "user_id" int null, "catalog_exchange_id" int null, "order_id" bigint null, "bot_id" int null, "ex_trade_id" varchar(255) not null, "ex_order_id" varchar(255) null, "symbol" varchar(255) not null, "order_type" varchar(255) null, "side" text not null, "volume" numeric not null, "price" numeric not null, "cost" numeric not null, "fee" numeric not null, "fee_currency" varchar(255) null, "leverage" numeric not null, "time" timestamptz not null, "roi" numeric null, "roi_pct" numeric null, "total_fee" numeric null, "cur_volume" numeric null, "cur_avg_price" numeric null, "cur_avg_cost" numeric null, "cur_fee" numeric null, "closed_volume" numeric null);`,
    );
    this.addSql(`create index "trades_user_id_index" on "trades" ("user_id");`);
    this.addSql(`create index "trades_catalog_exchange_id_index" on "trades" ("catalog_exchange_id");`);
    this.addSql(`create index "trades_order_id_index" on "trades" ("order_id");`);
    this.addSql(`create index "trades_account_id_symbol_time_index" on "trades" ("account_id", "symbol", "time");`);
    this.addSql(`create index "trades_account_id_ex_order_id_index" on "trades" ("account_id", "ex_order_id");`);
    this.addSql(`create index "trades_bot_id_time_index" on "trades" ("bot_id", "time");`);
    this.addSql(`create index "trades_time_index" on "trades" ("time");`);
    this.addSql(
      `alter table "trades" add constraint "trades_account_id_ex_trade_id_unique" unique ("account_id", "ex_trade_id");`,
    );

    this.addSql(
      `create table "system_events" ("id" bigserial primary key, "time" timestamptz not null, "type" varchar(255) not null, "severity" text not null, "message" text not null, "details" jsonb null, "symbol" varchar(255) null, "trade_id" bigint null);`,
    );
    this.addSql(`create index "system_events_trade_id_index" on "system_events" ("trade_id");`);
    this.addSql(`create index "system_events_time_index" on "system_events" ("time");`);
    this.addSql(`create index "system_events_severity_time_index" on "system_events" ("severity", "time");`);

    this.addSql(
      `create table "kill_switch_events" ("id" bigserial primary key, "time" timestamptz not null, "active" boolean not null, "reason" text not null, "triggered_by" varchar(255) not null, "account_id" int null, "bot_id" int null, "details" jsonb null);`,
    );
    this.addSql(`create index "kill_switch_events_account_id_index" on "kill_switch_events" ("account_id");`);
    this.addSql(`create index "kill_switch_events_bot_id_index" on "kill_switch_events" ("bot_id");`);
    this.addSql(`create index "kill_switch_events_time_index" on "kill_switch_events" ("time");`);

    this.addSql(
      `create table "dry_trades" ("id" bigserial primary key, "bot_id" int not null, "account_id" int null, "user_id" int null, "catalog_exchange_id" int null, "ex_trade_id" varchar(255) null, "ex_order_id" varchar(255) null, "symbol" varchar(255) not null, "order_type" varchar(255) null, "side" text not null, "volume" numeric not null, "price" numeric not null, "cost" numeric not null, "fee" numeric not null, "fee_currency" varchar(255) null, "leverage" numeric not null, "time" timestamptz not null, "reason" text null, "closing_trade" boolean not null default false, "roi" numeric null, "roi_pct" numeric null, "total_fee" numeric null, "cur_volume" numeric null, "cur_avg_price" numeric null, "cur_avg_cost" numeric null, "cur_fee" numeric null, "closed_volume" numeric null);`,
    );
    this.addSql(`create index "dry_trades_account_id_index" on "dry_trades" ("account_id");`);
    this.addSql(`create index "dry_trades_user_id_index" on "dry_trades" ("user_id");`);
    this.addSql(`create index "dry_trades_catalog_exchange_id_index" on "dry_trades" ("catalog_exchange_id");`);
    this.addSql(`create index "dry_trades_bot_id_symbol_time_index" on "dry_trades" ("bot_id", "symbol", "time");`);

    this.addSql(
      `create table "bot_strategies" ("id" serial primary key, "bot_id" int not null, "strategy_id" int not null, "name" varchar(255) null, "active" boolean not null default true, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "bot_strategies_bot_id_index" on "bot_strategies" ("bot_id");`);
    this.addSql(`create index "bot_strategies_strategy_id_index" on "bot_strategies" ("strategy_id");`);

    this.addSql(
      `create table "feeds" ("id" serial primary key, "bot_strategy_id" int not null, "symbol_id" int not null, "period" text not null, "compression" int not null, "feed_order" int not null);`,
    );
    this.addSql(`create index "feeds_symbol_id_index" on "feeds" ("symbol_id");`);
    this.addSql(
      `alter table "feeds" add constraint "feeds_bot_strategy_id_feed_order_unique" unique ("bot_strategy_id", "feed_order");`,
    );

    this.addSql(
      `create table "bot_strategy_params" ("id" serial primary key, "bot_strategy_id" int not null, "name" varchar(255) not null, "value" text null);`,
    );
    this.addSql(
      `alter table "bot_strategy_params" add constraint "bot_strategy_params_bot_strategy_id_name_unique" unique ("bot_strategy_id", "name");`,
    );

    this.addSql(
      `create table "bot_runs" ("id" serial primary key, "bot_id" int not null, "started_at" timestamptz not null, "ended_at" timestamptz null, "status" varchar(255) not null, "total_trades" int not null default 0, "total_pnl" numeric not null default '0', "max_drawdown" numeric not null default '0');`,
    );
    this.addSql(`create index "bot_runs_bot_id_started_at_index" on "bot_runs" ("bot_id", "started_at");`);

    this.addSql(
      `create table "bot_logs" ("id" bigserial primary key, "bot_id" int not null, "time" timestamptz not null, "level" varchar(255) not null, "message" text not null, "details" jsonb null);`,
    );
    this.addSql(`create index "bot_logs_bot_id_time_index" on "bot_logs" ("bot_id", "time");`);

    this.addSql(
      `alter table "catalog_exchange_params" add constraint "catalog_exchange_params_exchange_id_foreign" foreign key ("exchange_id") references "catalog_exchanges" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "catalog_strategy_params" add constraint "catalog_strategy_params_strategy_id_foreign" foreign key ("strategy_id") references "catalog_strategies" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "symbols" add constraint "symbols_catalog_exchange_id_foreign" foreign key ("catalog_exchange_id") references "catalog_exchanges" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "exchange_accounts" add constraint "exchange_accounts_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "exchange_accounts" add constraint "exchange_accounts_catalog_exchange_id_foreign" foreign key ("catalog_exchange_id") references "catalog_exchanges" ("id");`,
    );

    this.addSql(
      `alter table "reconciliation_log" add constraint "reconciliation_log_account_id_foreign" foreign key ("account_id") references "exchange_accounts" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "daily_statistics" add constraint "daily_statistics_account_id_foreign" foreign key ("account_id") references "exchange_accounts" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "balance_history" add constraint "balance_history_account_id_foreign" foreign key ("account_id") references "exchange_accounts" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "balances" add constraint "balances_account_id_foreign" foreign key ("account_id") references "exchange_accounts" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "bots" add constraint "bots_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "bots" add constraint "bots_account_id_foreign" foreign key ("account_id") references "exchange_accounts" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "position_snapshots" add constraint "position_snapshots_account_id_foreign" foreign key ("account_id") references "exchange_accounts" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "position_snapshots" add constraint "position_snapshots_bot_id_foreign" foreign key ("bot_id") references "bots" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "position_snapshots" add constraint "position_snapshots_method_check" check ("method" in ('fifo', 'average'));`,
    );

    this.addSql(
      `alter table "orders" add constraint "orders_bot_id_foreign" foreign key ("bot_id") references "bots" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_account_id_foreign" foreign key ("account_id") references "exchange_accounts" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_catalog_exchange_id_foreign" foreign key ("catalog_exchange_id") references "catalog_exchanges" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_order_type_check" check ("order_type" in ('market', 'limit', 'stop', 'stop_limit'));`,
    );
    this.addSql(`alter table "orders" add constraint "orders_side_check" check ("side" in ('buy', 'sell'));`);

    this.addSql(
      `alter table "trades" add constraint "trades_account_id_foreign" foreign key ("account_id") references "exchange_accounts" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "trades" add constraint "trades_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "trades" add constraint "trades_catalog_exchange_id_foreign" foreign key ("catalog_exchange_id") references "catalog_exchanges" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "trades" add constraint "trades_order_id_foreign" foreign key ("order_id") references "orders" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "trades" add constraint "trades_bot_id_foreign" foreign key ("bot_id") references "bots" ("id") on delete set null;`,
    );
    this.addSql(`alter table "trades" add constraint "trades_side_check" check ("side" in ('buy', 'sell'));`);

    this.addSql(
      `alter table "system_events" add constraint "system_events_trade_id_foreign" foreign key ("trade_id") references "trades" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "system_events" add constraint "system_events_severity_check" check ("severity" in ('debug', 'info', 'warning', 'error', 'critical'));`,
    );

    this.addSql(
      `alter table "kill_switch_events" add constraint "kill_switch_events_account_id_foreign" foreign key ("account_id") references "exchange_accounts" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "kill_switch_events" add constraint "kill_switch_events_bot_id_foreign" foreign key ("bot_id") references "bots" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "dry_trades" add constraint "dry_trades_bot_id_foreign" foreign key ("bot_id") references "bots" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "dry_trades" add constraint "dry_trades_account_id_foreign" foreign key ("account_id") references "exchange_accounts" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "dry_trades" add constraint "dry_trades_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "dry_trades" add constraint "dry_trades_catalog_exchange_id_foreign" foreign key ("catalog_exchange_id") references "catalog_exchanges" ("id") on delete set null;`,
    );
    this.addSql(`alter table "dry_trades" add constraint "dry_trades_side_check" check ("side" in ('buy', 'sell'));`);

    this.addSql(
      `alter table "bot_strategies" add constraint "bot_strategies_bot_id_foreign" foreign key ("bot_id") references "bots" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "bot_strategies" add constraint "bot_strategies_strategy_id_foreign" foreign key ("strategy_id") references "catalog_strategies" ("id");`,
    );

    this.addSql(
      `alter table "feeds" add constraint "feeds_bot_strategy_id_foreign" foreign key ("bot_strategy_id") references "bot_strategies" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "feeds" add constraint "feeds_symbol_id_foreign" foreign key ("symbol_id") references "symbols" ("id");`,
    );
    this.addSql(
      `alter table "feeds" add constraint "feeds_period_check" check ("period" in ('minutes', 'hours', 'days', 'weeks'));`,
    );

    this.addSql(
      `alter table "bot_strategy_params" add constraint "bot_strategy_params_bot_strategy_id_foreign" foreign key ("bot_strategy_id") references "bot_strategies" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "bot_runs" add constraint "bot_runs_bot_id_foreign" foreign key ("bot_id") references "bots" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "bot_logs" add constraint "bot_logs_bot_id_foreign" foreign key ("bot_id") references "bots" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "catalog_exchange_params" drop constraint "catalog_exchange_params_exchange_id_foreign";`);
    this.addSql(`alter table "symbols" drop constraint "symbols_catalog_exchange_id_foreign";`);
    this.addSql(`alter table "exchange_accounts" drop constraint "exchange_accounts_catalog_exchange_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_catalog_exchange_id_foreign";`);
    this.addSql(`alter table "trades" drop constraint "trades_catalog_exchange_id_foreign";`);
    this.addSql(`alter table "dry_trades" drop constraint "dry_trades_catalog_exchange_id_foreign";`);
    this.addSql(`alter table "catalog_strategy_params" drop constraint "catalog_strategy_params_strategy_id_foreign";`);
    this.addSql(`alter table "bot_strategies" drop constraint "bot_strategies_strategy_id_foreign";`);
    this.addSql(`alter table "feeds" drop constraint "feeds_symbol_id_foreign";`);
    this.addSql(`alter table "exchange_accounts" drop constraint "exchange_accounts_user_id_foreign";`);
    this.addSql(`alter table "bots" drop constraint "bots_user_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_user_id_foreign";`);
    this.addSql(`alter table "trades" drop constraint "trades_user_id_foreign";`);
    this.addSql(`alter table "dry_trades" drop constraint "dry_trades_user_id_foreign";`);
    this.addSql(`alter table "reconciliation_log" drop constraint "reconciliation_log_account_id_foreign";`);
    this.addSql(`alter table "daily_statistics" drop constraint "daily_statistics_account_id_foreign";`);
    this.addSql(`alter table "balance_history" drop constraint "balance_history_account_id_foreign";`);
    this.addSql(`alter table "balances" drop constraint "balances_account_id_foreign";`);
    this.addSql(`alter table "bots" drop constraint "bots_account_id_foreign";`);
    this.addSql(`alter table "position_snapshots" drop constraint "position_snapshots_account_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_account_id_foreign";`);
    this.addSql(`alter table "trades" drop constraint "trades_account_id_foreign";`);
    this.addSql(`alter table "kill_switch_events" drop constraint "kill_switch_events_account_id_foreign";`);
    this.addSql(`alter table "dry_trades" drop constraint "dry_trades_account_id_foreign";`);
    this.addSql(`alter table "position_snapshots" drop constraint "position_snapshots_bot_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_bot_id_foreign";`);
    this.addSql(`alter table "trades" drop constraint "trades_bot_id_foreign";`);
    this.addSql(`alter table "kill_switch_events" drop constraint "kill_switch_events_bot_id_foreign";`);
    this.addSql(`alter table "dry_trades" drop constraint "dry_trades_bot_id_foreign";`);
    this.addSql(`alter table "bot_strategies" drop constraint "bot_strategies_bot_id_foreign";`);
    this.addSql(`alter table "bot_runs" drop constraint "bot_runs_bot_id_foreign";`);
    this.addSql(`alter table "bot_logs" drop constraint "bot_logs_bot_id_foreign";`);
    this.addSql(`alter table "trades" drop constraint "trades_order_id_foreign";`);
    this.addSql(`alter table "system_events" drop constraint "system_events_trade_id_foreign";`);
    this.addSql(`alter table "feeds" drop constraint "feeds_bot_strategy_id_foreign";`);
    this.addSql(`alter table "bot_strategy_params" drop constraint "bot_strategy_params_bot_strategy_id_foreign";`);

    this.addSql(`drop table if exists "catalog_exchanges" cascade;`);
    this.addSql(`drop table if exists "catalog_exchange_params" cascade;`);
    this.addSql(`drop table if exists "catalog_strategies" cascade;`);
    this.addSql(`drop table if exists "catalog_strategy_params" cascade;`);
    this.addSql(`drop table if exists "symbols" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "exchange_accounts" cascade;`);
    this.addSql(`drop table if exists "reconciliation_log" cascade;`);
    this.addSql(`drop table if exists "daily_statistics" cascade;`);
    this.addSql(`drop table if exists "balance_history" cascade;`);
    this.addSql(`drop table if exists "balances" cascade;`);
    this.addSql(`drop table if exists "bots" cascade;`);
    this.addSql(`drop table if exists "position_snapshots" cascade;`);
    this.addSql(`drop table if exists "orders" cascade;`);
    this.addSql(`drop table if exists "trades" cascade;`);
    this.addSql(`drop table if exists "system_events" cascade;`);
    this.addSql(`drop table if exists "kill_switch_events" cascade;`);
    this.addSql(`drop table if exists "dry_trades" cascade;`);
    this.addSql(`drop table if exists "bot_strategies" cascade;`);
    this.addSql(`drop table if exists "feeds" cascade;`);
    this.addSql(`drop table if exists "bot_strategy_params" cascade;`);
    this.addSql(`drop table if exists "bot_runs" cascade;`);
    this.addSql(`drop table if exists "bot_logs" cascade;`);
  }
}
