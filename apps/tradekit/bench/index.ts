// The main job's bar (issue 14): a backtest of the moving-average cross over a year of 1m candles
// (525,600) read from the candle store, through the whole order path (runner, order manager, risk
// checks, paper venue), to its report — against the floor measured in the same run: the same
// candles read from the store into a frame plus the same indicator loop (trading-signals EMAs,
// the cross), no strategy dispatch, no orders. Bar: >= 0.25 of the floor's candles/s.
// Also reported: the trades, the time to the report, and where the time goes (reading the candles
// exactly, the replay with a strategy that never trades, the order path).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measure, runBench } from "@tradekit/bench";
import { MemoryStore } from "@tradekit/cache";
import { loadConfig } from "@tradekit/config";
import { TimeseriesRepository } from "@tradekit/ohlcv";
import { Database, withDatabase } from "@tradekit/orm";
import { DEMO_NAMES, DEMO_PARAMS, init, openDatabases } from "@tradekit/setup";
import { storeCandles, timeseriesCandleStore } from "@tradekit/strategy-runner";
import { createTestDatabase } from "@tradekit/test-services";
import { pino } from "pino";
import { EMA } from "trading-signals";
import { createRunBot, generateMarket, openCaches, type RunAndReport, runAndReport } from "../src/index.js";

const DAYS = Number(process.env.TK_BENCH_DAYS ?? 365);
const BARS = DAYS * 1440;
const logger = pino({ level: process.env.LOG_LEVEL ?? "warn" });

await runBench("tradekit", async (bench) => {
  const testDb = await createTestDatabase("tk_bench");
  const reports = mkdtempSync(join(tmpdir(), "tk-bench-"));
  try {
    await using databases = await openDatabases({ tradingUrl: testDb.url, env: {} });
    await init(databases, { demo: true });
    const database = await Database.connect({ url: testDb.url, poolSize: 4, credentialsKey: null });
    const { candles } = generateMarket({ days: DAYS, gaps: false });
    if (candles.length !== BARS) throw new Error(`the market has ${candles.length} candles, not ${BARS}`);
    const from = new Date(candles[0]?.time as number);
    const to = new Date(candles.at(-1)?.time as number);
    {
      await using repo = await TimeseriesRepository.open({
        url: testDb.url,
        exchange: "paper",
        symbol: "BTC/USDT",
        create: true,
      });
      await repo.insertMany(candles);
      console.log(`  ${BARS} candles stored (${repo.engine}, TimescaleDB ${repo.timescale ? "on" : "off"})`);
    }
    const store = timeseriesCandleStore({ url: testDb.url });
    const fastPeriod = Number(DEMO_PARAMS.fastPeriod);
    const slowPeriod = Number(DEMO_PARAMS.slowPeriod);

    let crosses = 0;
    const floor = await measure(
      async () => {
        await using repo = await TimeseriesRepository.open({ url: testDb.url, exchange: "paper", symbol: "BTC/USDT" });
        const frame = await repo.fetchOhlcv("1m", from, to);
        const fast = new EMA(fastPeriod);
        const slow = new EMA(slowPeriod);
        let was: boolean | null = null;
        crosses = 0;
        for (let i = 0; i < frame.length; i++) {
          const close = frame.close[i] as number;
          fast.add(close);
          slow.add(close);
          if (i < 3 * slowPeriod) continue;
          const above = (fast.getResult() as number) > (slow.getResult() as number);
          if (was === false && above) crosses++;
          was = above;
        }
        if (frame.length !== BARS) throw new Error(`the frame has ${frame.length} rows`);
      },
      { runs: 3, warmup: 1 },
    );

    const backtest = async (params: Record<string, string> | null): Promise<RunAndReport> => {
      const bot = await createRunBot(database, { template: DEMO_NAMES.botName, kind: "backtest" });
      if (params)
        await withDatabase(async (db) => {
          const [s] = await db.strategies.getBotStrategies(bot.botId);
          await db.strategies.editBotStrategy((s as { id: number }).id, { params });
        }, database);
      const caches = await openCaches(new MemoryStore(), `bench-${bot.botId}:`);
      return runAndReport(
        { database, caches, candles: store, risk: loadConfig({}).risk, logger },
        { bot, from, to, expectedBars: BARS, reportsDir: reports, progress: "none", notes: [] },
        logger,
      );
    };

    let last: RunAndReport | null = null;
    const ours = await measure(
      async () => {
        last = await backtest(null);
      },
      { runs: 1, warmup: 0 },
    );
    const done = last as RunAndReport | null;
    if (!done) throw new Error("the backtest did not run");
    await bench.rate("backtest of the MA cross, a year of 1m candles from the store, to the report", BARS, ours, floor, 0.25);
    bench.value("trades (closed) in the year", done.report.statistics.totalTrades, "trades");
    bench.value("fills in the year", done.report.fills, "fills");
    bench.value("time to the report (replay, report, page)", ours.seconds, "s");
    bench.value("  of which the replay", done.run.seconds, "s");
    bench.value("  of which the report and its page", done.reportSeconds, "s");
    bench.value("floor (frame + the same EMA loop)", floor.seconds, "s");
    console.log(`  the floor's loop saw ${crosses} crosses up`);

    // Where the time goes: the exact candles alone, and the replay of a strategy that never trades.
    const read = await measure(
      async () => {
        let n = 0;
        for await (const _ of storeCandles(store, "paper", "BTC/USDT", "1m", from, to)) n++;
        if (n !== BARS) throw new Error(`read ${n} candles`);
      },
      { runs: 1, warmup: 0 },
    );
    bench.value("reading the year as exact candles (storeCandles)", read.seconds, "s");
    let idle: RunAndReport | null = null;
    await measure(
      async () => {
        idle = await backtest({ fastPeriod: "5000", slowPeriod: "9000" });
      },
      { runs: 1, warmup: 0 },
    );
    const quiet = idle as RunAndReport | null;
    if (quiet) {
      bench.value("replay of a strategy that never trades (ticks, venue, runner)", quiet.run.seconds, "s");
      bench.value("  its candles/s", BARS / quiet.run.seconds, "candles/s");
    }
    await database.close();
  } finally {
    rmSync(reports, { recursive: true, force: true });
    await testDb.drop();
  }
});
