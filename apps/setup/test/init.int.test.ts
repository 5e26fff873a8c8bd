import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { init, openDatabases, type SetupDatabases, verify } from "../src/index.js";
import { messages, runSetup } from "./support/run-setup.js";
import { databaseExists, type PlannedDatabase, plannedDatabase, query, snapshot } from "./support/server-database.js";

describe("init on a PostgreSQL server", { timeout: 90_000 }, () => {
  let planned: PlannedDatabase;
  let databases: SetupDatabases;

  beforeAll(async () => {
    planned = plannedDatabase("setup_init");
    databases = await openDatabases({ env: { TRADING_DATABASE_URL: planned.url } });
  });
  afterAll(async () => {
    await databases?.stop();
    await planned?.drop();
  });

  it("creates the missing database, migrates and seeds it, and verify passes", async () => {
    expect(await databaseExists(planned.name)).toBe(false);
    const result = await init(databases, { demo: true });

    expect(await databaseExists(planned.name)).toBe(true);
    const byStep = Object.fromEntries(result.steps.map((s) => [s.step, s]));
    expect(byStep["trading database"]?.message).toBe(`created database ${planned.name} on 127.0.0.1:5432`);
    expect(byStep.migrations?.changed).toBe(true);
    expect(byStep["candle store schema"]?.changed).toBe(true);
    expect(byStep.exchanges?.message).toBe("created 3 exchanges");
    expect(result.timescale).toBe(false); // the shared server has no TimescaleDB

    const exchanges = await query<{ name: string }>(planned.url, "select name from catalog_exchanges order by name");
    expect(exchanges.map((e) => e.name)).toEqual(["binance", "kraken", "paper"]);
    const [btc] = await query<{ tick_size: string; min_lot: string; price_precision: number; volume_precision: number }>(
      planned.url,
      `select s.tick_size, s.min_lot, s.price_precision, s.volume_precision from symbols s
       join catalog_exchanges e on e.id = s.catalog_exchange_id where e.name = 'binance' and s.symbol = 'BTC/USDT'`,
    );
    expect(btc).toEqual({ tick_size: "0.01", min_lot: "0.00001", price_precision: 2, volume_precision: 5 });
    // What the shared data files are imported as.
    for (const [exchange, symbol] of [
      ["kraken", "BCH/EUR"],
      ["binance", "XRP/ETH"],
      ["paper", "BTC/USDT"],
    ]) {
      const rows = await query(
        planned.url,
        "select 1 from symbols s join catalog_exchanges e on e.id = s.catalog_exchange_id where e.name = $1 and s.symbol = $2",
        [exchange, symbol],
      );
      expect(rows, `${symbol} on ${exchange}`).toHaveLength(1);
    }
    const strategies = await query<{ name: string }>(planned.url, "select name from catalog_strategies order by name");
    expect(strategies.map((s) => s.name)).toEqual(["ma-cross", "rsi-mean-reversion"]);

    const report = await verify(databases);
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("returns the demo's ids, which name the demo bot, its paper account, strategy and 1m feed", async () => {
    const result = await init(databases, { demo: true });
    const demo = result.demo;
    expect(demo).not.toBeNull();
    const [bot] = await query<{ name: string; active: boolean; dry_run: boolean; account_id: number; user_id: number }>(
      planned.url,
      "select name, active, dry_run, account_id, user_id from bots where id = $1",
      [demo?.botId],
    );
    expect(bot).toEqual({
      name: "demo-ma-cross",
      active: true,
      dry_run: false,
      account_id: demo?.exchangeAccountId,
      user_id: demo?.userId,
    });
    const [account] = await query<{ exchange: string; username: string }>(
      planned.url,
      `select e.name as exchange, u.username from exchange_accounts a join catalog_exchanges e on e.id = a.catalog_exchange_id
       join users u on u.id = a.user_id where a.id = $1`,
      [demo?.exchangeAccountId],
    );
    expect(account).toEqual({ exchange: "paper", username: "demo" });
    const feeds = await query<{
      id: number;
      symbol: string;
      exchange: string;
      period: string;
      compression: number;
      strategy: string;
    }>(
      planned.url,
      `select f.id, s.symbol, e.name as exchange, f.period, f.compression, c.name as strategy from feeds f
       join symbols s on s.id = f.symbol_id join catalog_exchanges e on e.id = s.catalog_exchange_id
       join bot_strategies b on b.id = f.bot_strategy_id join catalog_strategies c on c.id = b.strategy_id
       where b.id = $1`,
      [demo?.botStrategyId],
    );
    expect(feeds).toEqual([
      { id: demo?.feedIds[0], symbol: "BTC/USDT", exchange: "paper", period: "minutes", compression: 1, strategy: "ma-cross" },
    ]);
  });

  it("a second init changes nothing: every step is already up to date and the rows are the same", async () => {
    const before = await snapshot(planned.url);
    const again = await init(databases, { demo: true });
    expect(again.changed).toBe(false);
    for (const s of again.steps) expect(s.message, s.step).toMatch(/^already up to date/);
    expect(await snapshot(planned.url)).toEqual(before);
  });

  it("brings a catalog row changed since back to the seed, and a strategy to the runner's declaration", async () => {
    await query(
      planned.url,
      `update symbols set tick_size = 0.5 where symbol = 'ETH/USDT'
         and catalog_exchange_id = (select id from catalog_exchanges where name = 'binance')`,
    );
    await query(
      planned.url,
      `delete from catalog_strategy_params where name = 'fastPeriod'
         and strategy_id = (select id from catalog_strategies where name = 'ma-cross')`,
    );
    const result = await init(databases);
    const byStep = Object.fromEntries(result.steps.map((s) => [s.step, s.message]));
    expect(byStep.symbols).toBe("updated 1, 25 already present symbols");
    expect(byStep.strategies).toBe("updated 1, 1 already present strategies");
    const [eth] = await query<{ tick_size: string }>(
      planned.url,
      `select tick_size from symbols where symbol = 'ETH/USDT'
         and catalog_exchange_id = (select id from catalog_exchanges where name = 'binance')`,
    );
    expect(eth?.tick_size).toBe("0.01");
    const params = await query<{ name: string; default_value: string }>(
      planned.url,
      `select p.name, p.default_value from catalog_strategy_params p join catalog_strategies c on c.id = p.strategy_id
       where c.name = 'ma-cross' and p.name = 'fastPeriod'`,
    );
    expect(params).toEqual([{ name: "fastPeriod", default_value: "10" }]);
  });

  it("dropping one index makes verify fail on exactly that line, with the SQL to restore it and exit code 1", async () => {
    await query(planned.url, 'drop index "trades_time_index"');
    try {
      const run = await runSetup(["verify"], { TRADING_DATABASE_URL: planned.url });
      expect(run.code).toBe(1);
      const lines = run.stdout.trim().split("\n");
      const failed = lines.filter((l) => l.startsWith("✗"));
      expect(failed).toHaveLength(1);
      expect(failed[0]).toContain("tables and indexes match the entities");
      expect(failed[0]).toContain('run on the trading database: create index "trades_time_index" on "trades" ("time");');
      expect(lines.filter((l) => l.startsWith("✓")).length).toBeGreaterThanOrEqual(6);
      expect(lines.at(-1)).toBe("1 check(s) failed");
      expect(messages(run.stderr)).toEqual([]);
    } finally {
      await query(planned.url, 'create index "trades_time_index" on "trades" ("time")');
    }
    const healed = await runSetup(["verify"], { TRADING_DATABASE_URL: planned.url });
    expect(healed.stdout).toContain("all checks passed");
    expect(healed.code).toBe(0);
  });

  it("health prints the same facts as one JSON object, with Redis checked when REDIS_URL is set", async () => {
    const run = await runSetup(["health"], { TRADING_DATABASE_URL: planned.url, REDIS_URL: "redis://127.0.0.1:6379" });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.status).toBe("ok");
    expect(report.failing).toEqual([]);
    expect(report.checks["redis.reachable"].status).toBe("pass");
    expect(report.redis.version).toMatch(/^\d+\./);
    expect(report.trading.migrationsPending).toEqual([]);
    expect(report.trading.catalogs).toMatchObject({ exchanges: 3, symbols: 26, strategies: 2, missing: [] });
    expect(report.ohlcv).toMatchObject({ sameAsTrading: true, schema: { timescale: false, pending: [] } });
  });
});

describe("init with the candle store in a database of its own", { timeout: 90_000 }, () => {
  it("creates both databases, puts the store's tables in the second only, and verify passes", async () => {
    const trading = plannedDatabase("setup_two_trading");
    const ohlcv = plannedDatabase("setup_two_ohlcv");
    try {
      await using databases = await openDatabases({ env: { TRADING_DATABASE_URL: trading.url, OHLCV_DATABASE_URL: ohlcv.url } });
      expect(databases.sameDatabase).toBe(false);
      const result = await init(databases);
      const messages = Object.fromEntries(result.steps.map((s) => [s.step, s.message]));
      expect(messages["trading database"]).toBe(`created database ${trading.name} on 127.0.0.1:5432`);
      expect(messages["candle store database"]).toBe(`created database ${ohlcv.name} on 127.0.0.1:5432`);
      const tables = async (url: string) =>
        (
          await query<{ t: string }>(
            url,
            "select tablename as t from pg_tables where schemaname = 'public' and tablename like 'ohlcv_%'",
          )
        ).length;
      expect(await tables(trading.url)).toBe(0);
      expect(await tables(ohlcv.url)).toBe(6);
      const report = await verify(databases);
      expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    } finally {
      await trading.drop();
      await ohlcv.drop();
    }
  });
});
