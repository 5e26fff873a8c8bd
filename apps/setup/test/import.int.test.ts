import { readFileSync } from "node:fs";
import { TimeseriesRepository } from "@tradekit/ohlcv";
import { sharedDataPath } from "@tradekit/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCandles, importTrades, init, openDatabases, type SetupDatabases } from "../src/index.js";
import { runSetup } from "./support/run-setup.js";
import { type PlannedDatabase, plannedDatabase } from "./support/server-database.js";

describe("import of the shared data files", { timeout: 90_000 }, () => {
  let planned: PlannedDatabase;
  let databases: SetupDatabases;
  const candles = sharedDataPath("freqtrade/UNITTEST_BTC-1m.json");
  const kraken = sharedDataPath("freqtrade/kraken-BCHEUR-trades.csv");
  const xrp = sharedDataPath("freqtrade/XRP_ETH-trades.json.gz");

  beforeAll(async () => {
    planned = plannedDatabase("setup_import");
    databases = await openDatabases({ env: { TRADING_DATABASE_URL: planned.url } });
    await init(databases);
  });
  afterAll(async () => {
    await databases?.stop();
    await planned?.drop();
  });

  it("stores every candle of UNITTEST_BTC-1m.json once; a second import inserts 0 and reports them present", async () => {
    const rows = (JSON.parse(readFileSync(candles, "utf8")) as unknown[]).length;
    const first = await importCandles(databases, [candles], { exchange: "binance", symbol: "BTC/USDT" });
    expect(first.files[0]).toMatchObject({ format: "freqtrade", read: rows, inserted: rows, alreadyPresent: 0, rejected: 0 });
    const second = await importCandles(databases, [candles], { exchange: "binance", symbol: "BTC/USDT" });
    expect(second.files[0]).toMatchObject({ read: rows, inserted: 0, updated: 0, alreadyPresent: rows, rejected: 0 });

    await using repo = await TimeseriesRepository.open({ exchange: "binance", symbol: "BTC/USDT", url: databases.ohlcvUrl });
    expect((await repo.coverage("1m"))?.count).toBe(rows);
  });

  it("stores every trade of kraken-BCHEUR-trades.csv once, through the CLI, with the summary line", async () => {
    const lines = readFileSync(kraken, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "").length;
    const args = ["import", "trades", kraken, "--exchange", "kraken", "--symbol", "BCH/EUR"];
    const first = await runSetup(args, { TRADING_DATABASE_URL: planned.url });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe(`${kraken} (kraken): ${lines} read, ${lines} inserted, 0 already present, 0 rejected`);
    // Not a terminal: progress comes as pino lines with rows, rows/s and the time left.
    const progress = first.stderr
      .split("\n")
      .filter((l) => l.includes('"import progress"'))
      .map((l) => JSON.parse(l));
    expect(progress.at(-1)).toMatchObject({ file: "kraken-BCHEUR-trades.csv", done: lines, total: lines });
    expect(progress.at(-1)).toHaveProperty("rowsPerSecond");

    const second = await runSetup([...args, "--json"], { TRADING_DATABASE_URL: planned.url });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).files[0]).toMatchObject({ read: lines, inserted: 0, alreadyPresent: lines, rejected: 0 });
  });

  it("reads gzipped freqtrade trades, keeping each trade id", async () => {
    const first = await importTrades(databases, [xrp], { exchange: "binance", symbol: "XRP/ETH" });
    expect(first.totals).toMatchObject({ read: 12_477, inserted: 12_477, rejected: 0 });
    const second = await importTrades(databases, [xrp], { exchange: "binance", symbol: "XRP/ETH" });
    expect(second.totals).toMatchObject({ inserted: 0, alreadyPresent: 12_477 });
  });
});
