import { checkSchema, Database, withDatabase } from "@tradekit/orm";
import { STRATEGY_CATALOG } from "@tradekit/strategy-runner";
import { EXCHANGE_SEEDS } from "../catalog/exchange-seeds.js";
import type { SetupDatabases } from "../databases/open-databases.js";
import { serverOf } from "../databases/postgres-url.js";
import { probe } from "../databases/probe.js";
import { type Check, fail, pass, skip } from "./check.js";

/** What the trading database checks found, for health(). */
export interface TradingFacts {
  readonly url: string;
  readonly reachable: boolean;
  readonly exists: boolean;
  readonly serverVersion: string | null;
  readonly migrationsApplied: readonly string[];
  readonly migrationsPending: readonly string[];
  /** SQL that would bring the schema to the entities; empty when it matches. */
  readonly schemaDiff: readonly string[];
  readonly catalogs: { exchanges: number; symbols: number; strategies: number; missing: readonly string[] } | null;
}

const INIT = "run `tradekit-setup init`";
const TITLES = {
  reachable: "trading database reachable",
  migrations: "migrations applied",
  schema: "tables and indexes match the entities",
  catalogs: "catalogs seeded",
};

async function catalogFacts(url: string): Promise<NonNullable<TradingFacts["catalogs"]>> {
  const database = await Database.connect({ url, poolSize: 1, statementTimeoutMs: 0, credentialsKey: null });
  try {
    return await withDatabase(async (db) => {
      const missing: string[] = [];
      const exchanges = new Set((await db.exchanges.list()).map((e) => e.name));
      let symbols = 0;
      for (const seed of EXCHANGE_SEEDS) {
        if (!exchanges.has(seed.name)) {
          missing.push(`exchange ${seed.name}`);
          continue;
        }
        const have = new Set((await db.symbols.getByExchange(seed.name)).map((s) => s.symbol));
        for (const s of seed.symbols) {
          if (have.has(s.symbol)) symbols++;
          else missing.push(`symbol ${s.symbol} on ${seed.name}`);
        }
      }
      const strategies = new Set((await db.strategies.listCatalog()).map((s) => s.name));
      for (const s of STRATEGY_CATALOG) if (!strategies.has(s.name)) missing.push(`strategy ${s.name}`);
      return {
        exchanges: EXCHANGE_SEEDS.filter((e) => exchanges.has(e.name)).length,
        symbols,
        strategies: STRATEGY_CATALOG.filter((s) => strategies.has(s.name)).length,
        missing,
      };
    }, database);
  } finally {
    await database.close();
  }
}

const list = (items: readonly string[], max = 5): string =>
  items.slice(0, max).join("; ") + (items.length > max ? `; and ${items.length - max} more` : "");

/** The trading database's checks: reachable, migrations, schema against the entities, catalogs. */
export async function checkTrading(databases: SetupDatabases): Promise<{ checks: Check[]; facts: TradingFacts }> {
  const endpoint = databases.trading;
  const t = endpoint.target;
  const facts = {
    url: t.masked,
    reachable: false,
    exists: false,
    serverVersion: null as string | null,
    migrationsApplied: [] as string[],
    migrationsPending: [] as string[],
    schemaDiff: [] as string[],
    catalogs: null as TradingFacts["catalogs"],
  };
  const skipped = (why: string) => [
    skip("trading.migrations", TITLES.migrations, why),
    skip("trading.schema", TITLES.schema, why),
    skip("catalogs", TITLES.catalogs, why),
  ];
  let found: Awaited<ReturnType<typeof probe>>;
  try {
    found = await probe(t, "checking the trading database", endpoint.source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const checks = [fail("trading.reachable", TITLES.reachable, message, `start the server or fix ${endpoint.source}`, true)];
    return { checks: [...checks, ...skipped("not checked: the trading database is not reachable")], facts };
  }
  facts.reachable = true;
  if (!found.exists) {
    const where = `database ${t.database} does not exist on ${serverOf(t)}`;
    return {
      checks: [fail("trading.reachable", TITLES.reachable, where, INIT), ...skipped("not checked: the database does not exist")],
      facts,
    };
  }
  facts.exists = true;
  facts.serverVersion = found.serverVersion;
  const where = endpoint.embedded ? `embedded, ${endpoint.dataDir}` : `${t.database} on ${serverOf(t)}`;
  const checks: Check[] = [pass("trading.reachable", TITLES.reachable, `PostgreSQL ${found.serverVersion} (${where})`)];

  const schema = await checkSchema({ url: endpoint.url, poolSize: 1, statementTimeoutMs: 0 });
  facts.migrationsApplied = schema.executed;
  facts.migrationsPending = schema.pending;
  facts.schemaDiff = schema.diff;
  checks.push(
    schema.pending.length === 0
      ? pass("trading.migrations", TITLES.migrations, `${schema.executed.length} applied, none pending`)
      : fail(
          "trading.migrations",
          TITLES.migrations,
          `${schema.pending.length} pending: ${schema.pending.join(", ")}`,
          "run `tradekit-setup migrate`",
        ),
  );
  if (schema.diff.length === 0) {
    checks.push(pass("trading.schema", TITLES.schema, "the ORM's schema diff is empty"));
  } else {
    const detail = `${schema.diff.length} difference(s) from the entities: ${list(schema.diff)}`;
    const fix =
      schema.pending.length > 0
        ? "run `tradekit-setup migrate`"
        : `run on the trading database: ${schema.diff.map((s) => `${s};`).join(" ")}`;
    checks.push(fail("trading.schema", TITLES.schema, detail, fix));
  }

  if (schema.pending.length > 0 || schema.executed.length === 0) {
    checks.push(skip("catalogs", TITLES.catalogs, "not checked: migrations are pending"));
    return { checks, facts };
  }
  const catalogs = await catalogFacts(endpoint.url);
  facts.catalogs = catalogs;
  const counts = `${catalogs.exchanges} exchanges, ${catalogs.symbols} symbols, ${catalogs.strategies} strategies`;
  checks.push(
    catalogs.missing.length === 0
      ? pass("catalogs", TITLES.catalogs, counts)
      : fail("catalogs", TITLES.catalogs, `${counts}; missing ${list(catalogs.missing)}`, INIT),
  );
  return { checks, facts };
}
