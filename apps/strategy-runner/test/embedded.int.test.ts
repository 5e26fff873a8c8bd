import { BotCache, MemoryStore, OrdersCache, TickCache } from "@tradekit/cache";
import { type Candle, Position } from "@tradekit/domain";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "@tradekit/embedded-db";
import { closeOhlcvPools, TimeseriesRepository } from "@tradekit/ohlcv";
import { Database, migrate, withDatabase } from "@tradekit/orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createStrategyRunner,
  ManualClock,
  type RunnerCaches,
  replayCandles,
  storeCandles,
  timeseriesCandleStore,
} from "../src/index.js";
import { installCatalog, seedBot } from "./support/bot-fixture.js";
import { generatedCandles } from "./support/candles.js";
import { startPaperManager } from "./support/paper-manager.js";
import { testLogger } from "./support/test-env.js";

const START = new Date("2024-09-02T00:00:00Z");

// The main job's composition: two embedded servers (the trading database behind a pool of ONE
// connection, the candle store on TimescaleDB) and the in-memory cache store, all in this process.
let trading: EmbeddedDatabase;
let ohlcv: EmbeddedDatabase;
let database: Database;
let caches: RunnerCaches & { store: MemoryStore };
let candles: Candle[];

beforeAll(async () => {
  [trading, ohlcv] = await Promise.all([startEmbeddedDatabase({ timescale: false }), startEmbeddedDatabase()]);
  await migrate({ url: trading.url });
  database = await Database.connect({ url: trading.url, poolSize: 1, statementTimeoutMs: 60_000, credentialsKey: null });
  await installCatalog(database);
  candles = generatedCandles({ seed: 21, start: START, count: 24 * 60, gapEvery: 97 });
  await using repo = await TimeseriesRepository.open({ url: ohlcv.url, exchange: "paper", symbol: "BTC/USDT", create: true });
  expect(repo.timescale).toBe(true);
  await repo.insertMany(candles);
  const store = new MemoryStore();
  caches = {
    store,
    ticks: await TickCache.open({ store, keyPrefix: "t:" }),
    orders: await OrdersCache.open({ store, keyPrefix: "t:" }),
    bots: await BotCache.open({ store, keyPrefix: "t:" }),
  };
}, 180_000);
afterAll(async () => {
  await database?.close();
  await closeOhlcvPools();
  await Promise.all([trading?.stop(), ohlcv?.stop()]);
});

describe("embedded mode: one trading connection, TimescaleDB candles, the in-memory cache", () => {
  it("a paper MA cross over a day of stored candles (with gaps), read from the store a page at a time, orders filled by the real order manager on the paper venue", async () => {
    const bot = await seedBot(database, {
      name: "embedded-ma",
      dryRun: false,
      strategies: [{ strategy: "ma-cross", params: { fastPeriod: "8", slowPeriod: "21" } }],
    });
    const store = timeseriesCandleStore({ url: ohlcv.url });
    const from = candles[120] as Candle;
    const clock = new ManualClock(from.time);
    const runner = createStrategyRunner({
      bot: bot.botId,
      database,
      caches,
      candles: store,
      clock,
      mode: "stepped",
      logger: testLogger,
    });
    // The order manager books through the same single connection the runner uses.
    const manager = await startPaperManager({ database, caches, keyPrefix: "t:", bot, clock });
    await runner.start();
    expect(runner.status().strategies[0]?.indicatorsReady).toBe(true);
    const replay = await replayCandles({
      series: {
        exchange: "paper",
        symbol: "BTC/USDT",
        timeframe: "1m",
        candles: storeCandles(store, "paper", "BTC/USDT", "1m", from.time, (candles.at(-1) as Candle).time, 500),
      },
      ticks: caches.ticks,
      clock,
      listeners: [manager.listener, runner],
      settle: () => manager.drain(),
      onProgress: (n) => {
        if (n % 200 === 0) testLogger.info({ n }, "replayed");
      },
    });
    expect(replay.bars).toBe(candles.length - 120);
    await manager.drain();
    await runner.syncOrders();
    const summary = await runner.stop();
    await manager.stop();
    const fills = await withDatabase((db) => db.trades.getTrades({ botId: bot.botId }), database);
    expect(fills.length).toBeGreaterThanOrEqual(2);
    expect(summary.fills).toBe(fills.length);
    // The run's PnL is its stored fills through a domain Position, marked at the last close.
    const position = new Position({ symbol: "BTC/USDT" });
    for (const f of fills) position.addTrade({ volume: f.signedVolume, price: f.price, fee: f.fee });
    expect(summary.pnl).toBe(position.calculatePnl((candles.at(-1) as Candle).close).totalPnl.toFixed());
    const [run] = await withDatabase((db) => db.botRuns.getRuns(bot.botId), database);
    expect(run).toMatchObject({ status: "stopped", totalTrades: summary.fills });
    expect(run?.totalPnl.toFixed()).toBe(summary.pnl);
  }, 180_000);
});
