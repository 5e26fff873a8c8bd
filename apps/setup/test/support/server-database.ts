import { adminDatabaseUrl, databaseUrlFor, uniqueName } from "@tradekit/test-services";
import pg from "pg";

/** A database name unique to this test, not created yet (init creates it); drop() removes it if it came to be. */
export interface PlannedDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Runs one statement on a lone connection to `url`. */
export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Whether database `name` exists on the test server. */
export async function databaseExists(name: string): Promise<boolean> {
  return (await query(adminDatabaseUrl(), "select 1 from pg_database where datname = $1", [name])).length > 0;
}

/** A fresh name on the test server for a test that lets setup create its database. */
export function plannedDatabase(label: string): PlannedDatabase {
  const name = uniqueName(label);
  return {
    name,
    url: databaseUrlFor(name),
    // The name comes from uniqueName: lower-case letters, digits and underscores only.
    drop: async () => {
      await query(adminDatabaseUrl(), `drop database if exists "${name}" with (force)`);
    },
  };
}

/** The rows init writes, as comparable JSON: the catalogs, the demo, and both migration tables. */
export async function snapshot(url: string): Promise<Record<string, unknown[]>> {
  const tables: Record<string, string> = {
    catalog_exchanges: "select * from catalog_exchanges order by id",
    catalog_exchange_params: "select * from catalog_exchange_params order by id",
    symbols: "select * from symbols order by id",
    catalog_strategies: "select * from catalog_strategies order by id",
    catalog_strategy_params: "select * from catalog_strategy_params order by id",
    users: "select * from users order by id",
    exchange_accounts: "select * from exchange_accounts order by id",
    bots: "select * from bots order by id",
    bot_strategies: "select * from bot_strategies order by id",
    bot_strategy_params: "select * from bot_strategy_params order by id",
    feeds: "select * from feeds order by id",
    mikro_orm_migrations: "select * from mikro_orm_migrations order by id",
    ohlcv_migrations: "select * from ohlcv_migrations order by version",
    ohlcv_settings: "select * from ohlcv_settings order by key",
  };
  const out: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(tables)) out[name] = JSON.parse(JSON.stringify(await query(url, sql)));
  return out;
}
