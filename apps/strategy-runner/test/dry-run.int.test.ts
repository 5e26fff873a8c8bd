import { type Candle, Position } from "@tradekit/domain";
import { withDatabase } from "@tradekit/orm";
import { SMA } from "trading-signals";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_FIELD, createStrategyRunner, ManualClock, replayCandles } from "../src/index.js";
import { installCatalog, seedBot, UNITTEST_BTC } from "./support/bot-fixture.js";
import { storeInCandleStore, unittestCandles } from "./support/candles.js";
import { openTestEnv, type TestEnv, testLogger } from "./support/test-env.js";
import { records, TEST_CATALOG, testRegistry } from "./support/test-strategies.js";

const HISTORY = 300;

let env: TestEnv;
let candles: Candle[];

beforeAll(async () => {
  env = await openTestEnv("runner_dry");
  await installCatalog(env.database, TEST_CATALOG);
  candles = await unittestCandles();
  // The whole file is in the store: the replayed candles too, which the warm-up must not read.
  await storeInCandleStore(env.db.url, UNITTEST_BTC, candles);
});
afterAll(async () => env?.close());

async function dryRun(
  name: string,
  strategies: Parameters<typeof seedBot>[1]["strategies"],
  from = HISTORY,
  to = candles.length,
) {
  const bot = await seedBot(env.database, { name, dryRun: true, market: UNITTEST_BTC, strategies });
  const caches = await env.caches();
  const clock = new ManualClock((candles[from] as Candle).time);
  const runner = createStrategyRunner({
    bot: bot.botId,
    database: env.database,
    caches,
    candles: env.candles,
    clock,
    mode: "stepped",
    strategies: testRegistry(),
    logger: testLogger,
  });
  const started = await runner.start();
  const replay = await replayCandles({
    series: { exchange: UNITTEST_BTC.exchange, symbol: UNITTEST_BTC.symbol, timeframe: "1m", candles: candles.slice(from, to) },
    ...(to - from <= 100 ? { ticks: caches.ticks } : {}),
    clock,
    listeners: [runner],
  });
  const summary = await runner.stop();
  const trades = await withDatabase((db) => db.dryTrades.getDryTrades(bot.botId), env.database);
  const runs = await withDatabase((db) => db.botRuns.getRuns(bot.botId), env.database);
  return { bot, caches, started, replay, summary, trades, runs };
}

describe("a dry-run bot over freqtrade's UNITTEST/BTC candles", () => {
  it("MA cross: records its dry trades (filled at the next bar's open, with the fee), never touches the new-orders stream, records the run", async () => {
    const { bot, caches, started, replay, summary, trades, runs } = await dryRun("dry-ma", [
      { strategy: "ma-cross", params: { fastPeriod: "10", slowPeriod: "30", quoteAmount: "1" } },
    ]);
    expect(started.strategies[0]?.indicatorsReady).toBe(true);
    expect(replay.bars).toBe(candles.length - HISTORY);
    expect(trades.length).toBeGreaterThanOrEqual(4);
    const byStart = new Map(candles.map((c) => [c.time.getTime(), c]));
    trades.forEach((t, i) => {
      expect(t.side).toBe(i % 2 === 0 ? "buy" : "sell");
      expect(["cross-up", "cross-down", "stop-loss", "take-profit"]).toContain(t.reason);
      // Stamped at a bar's close (its last millisecond), at the first tick after the signal: the open of
      // the next bar for a signal on a closed candle, the next of the bar's ticks for a stop or target seen on a tick.
      const bar = byStart.get(t.time.getTime() - 59_999) as Candle;
      if (t.reason === "cross-up" || t.reason === "cross-down") expect(t.price.toFixed()).toBe(bar.open.toFixed());
      else expect([bar.high, bar.low, bar.close].map((p) => p.toFixed())).toContain(t.price.toFixed());
      expect(t.fee.toFixed()).toBe(t.volume.times(t.price).times("0.001").toFixed());
      expect(t.exOrderId).toMatch(new RegExp(`^tk${bot.botId}-[0-9a-f]{24}$`));
    });
    // The entries are sized from 1 BTC at the signal price, cut to the lot precision.
    expect(trades[0]?.volume.decimalPlaces()).toBeLessThanOrEqual(UNITTEST_BTC.volumePrecision);
    expect(await caches.orders.takeNewOrders("probe", { reclaimIdleMs: 60_000 })).toEqual([]);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "stopped", totalTrades: trades.length });
    expect(runs[0]?.totalPnl.toFixed()).toBe(summary.pnl);
    expect(runs[0]?.maxDrawdown.toFixed()).toBe(summary.maxDrawdown);
    expect(summary.fills).toBe(trades.length);
    expect((await caches.bots.getBot(bot.botId))?.[BOT_FIELD]).toBe("stopped");
    // The run's PnL is the dry trades replayed through a domain Position, marked at the last close.
    const position = new Position({ symbol: UNITTEST_BTC.symbol });
    for (const t of trades) position.addTrade({ volume: t.signedVolume, price: t.price, fee: t.fee });
    expect(position.calculatePnl((candles.at(-1) as Candle).close).totalPnl.toFixed()).toBe(summary.pnl);
  }, 240_000);

  it("is deterministic: the same candles give the same trades, prices, fees and PnL to the last digit", async () => {
    const params = { period: "10", oversold: "35", overbought: "60", quoteAmount: "1" };
    const half = Math.floor(candles.length / 2);
    const a = await dryRun("dry-rsi-a", [{ strategy: "rsi-mean-reversion", params }], HISTORY, half);
    const b = await dryRun("dry-rsi-b", [{ strategy: "rsi-mean-reversion", params }], HISTORY, half);
    const shape = (t: (typeof a.trades)[number]) => [
      t.side,
      t.volume.toFixed(),
      t.price.toFixed(),
      t.fee.toFixed(),
      t.time.toISOString(),
      t.reason,
      t.result?.roi.toFixed(),
    ];
    expect(a.trades.length).toBeGreaterThan(0);
    expect(b.trades.map(shape)).toEqual(a.trades.map(shape));
    expect(b.summary.pnl).toBe(a.summary.pnl);
    expect(b.summary.maxDrawdown).toBe(a.summary.maxDrawdown);
  }, 240_000);

  it("warms up from the store before the first replayed candle, so the indicator equals one fed the same closes from the start, with no look-ahead", async () => {
    const { bot } = await dryRun("dry-probe", [{ strategy: "test-probe", params: { period: "7" } }], HISTORY, HISTORY + 50);
    const seen = records.get(bot.botStrategyIds[0] as number);
    expect(seen?.candles).toHaveLength(50);
    expect(seen?.cleanedUp).toBe(true);
    expect(seen?.ticks).toBe(4 * 50);
    const reference = new SMA(7);
    for (const c of candles.slice(0, HISTORY)) reference.add(c.close.toNumber());
    seen?.candles.forEach((got, i) => {
      const c = candles[HISTORY + i] as Candle;
      reference.add(c.close.toNumber());
      expect(got.time).toBe(c.time.getTime());
      expect(got.ready).toBe(true);
      expect(got.sma).toBe(reference.getResult());
    });
  });

  it("with too little history, indicatorsReady stays false until the warm-up has passed live, and the strategy gets every candle", async () => {
    const { bot, started } = await dryRun("dry-short", [{ strategy: "test-probe", params: { period: "20" } }], 5, 40);
    expect(started.strategies[0]?.indicatorsReady).toBe(false);
    const seen = records.get(bot.botStrategyIds[0] as number)?.candles ?? [];
    // 5 candles of history: the 20-candle SMA is ready from the 15th live candle on (5 + 15 = 20).
    expect(seen.findIndex((c) => c.ready)).toBe(14);
    expect(seen.slice(0, 14).every((c) => !c.ready && c.sma === null)).toBe(true);
  });
});
