import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sharedDataPath } from "@tradekit/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCandles, init, openDatabases, verify } from "../src/index.js";
import { runSetup } from "./support/run-setup.js";

describe("init on the embedded default", { timeout: 240_000 }, () => {
  let state: string;
  beforeAll(async () => {
    state = await mkdtemp(join(tmpdir(), "tradekit-setup-state-"));
  });
  afterAll(async () => {
    await rm(state, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it("with no database set, creates two embedded databases under the state directory and prints where", async () => {
    // No TRADING_DATABASE_URL, OHLCV_DATABASE_URL or TRADEKIT_DATA_DIR: only the XDG state directory, as on a user's machine.
    const run = await runSetup(["init", "--demo"], { XDG_STATE_HOME: state });
    expect(run.code, run.stderr).toBe(0);
    const dataDir = join(state, "tradekit");
    expect(run.stdout).toContain(`data folder:      ${dataDir}`);
    expect(run.stdout).toContain(`+ trading database: created the embedded database in ${join(dataDir, "trading")}`);
    expect(run.stdout).toContain("+ candle store schema: applied 4 step(s) on TimescaleDB");
    expect(run.stdout).toMatch(/demo: user \d+, exchange account \d+, bot \d+/);
    expect(existsSync(join(dataDir, "trading", "PG_VERSION"))).toBe(true);
    expect(existsSync(join(dataDir, "ohlcv", "PG_VERSION"))).toBe(true);
  });

  it("reopened, is up to date, passes verify with its hypertables and continuous aggregates, and imports candles", async () => {
    await using databases = await openDatabases({ env: { XDG_STATE_HOME: state } });
    expect(databases.embedded).toBe(true);
    expect(databases.dataDir).toBe(join(state, "tradekit"));
    expect(databases.tradingUrl).not.toBe(databases.ohlcvUrl);

    const again = await init(databases, { demo: true });
    expect(again.changed).toBe(false);
    expect(again.timescale).toBe(true);

    const report = await verify(databases);
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(status["ohlcv.hypertables"]).toBe("pass");
    expect(status["ohlcv.aggregates"]).toBe("pass");
    expect(report.ohlcv.schema?.continuousAggregates).toHaveLength(6);

    const file = sharedDataPath("freqtrade/UNITTEST_BTC-1m.json");
    const first = await importCandles(databases, [file], { exchange: "paper", symbol: "BTC/USDT" });
    expect(first.totals).toMatchObject({ read: 13_681, inserted: 13_681, rejected: 0 });
  });
});
