import { type Candle, Decimal, Order } from "@tradekit/domain";
import { withDatabase } from "@tradekit/orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientOrderIdFor, createStrategyRunner, ManualClock, type RunnerCaches, replayCandles } from "../src/index.js";
import { installCatalog, PAPER_BTC, seedBot } from "./support/bot-fixture.js";
import { generatedCandles, storeInCandleStore } from "./support/candles.js";
import { ManagerSide } from "./support/manager-side.js";
import { openTestEnv, type TestEnv, testLogger } from "./support/test-env.js";
import { records, TEST_CATALOG, testRegistry } from "./support/test-strategies.js";

const START = new Date("2024-03-04T00:00:00Z");
const HISTORY = 30;

let env: TestEnv;
let caches: RunnerCaches;
let candles: Candle[];

// The embedded mode's pool: one connection shared by everything of the process.
beforeAll(async () => {
  env = await openTestEnv("runner_paper", { poolSize: 1 });
  await installCatalog(env.database, TEST_CATALOG);
  candles = generatedCandles({ seed: 7, start: START, count: 120 });
  await storeInCandleStore(env.db.url, PAPER_BTC, candles);
  caches = await env.caches();
});
afterAll(async () => env?.close());

async function paperRun(name: string, params: Record<string, string>, manager: ManagerSide, bars = 20) {
  const bot = await seedBot(env.database, { name, dryRun: false, strategies: [{ strategy: "test-probe", params }] });
  const clock = new ManualClock((candles[HISTORY] as Candle).time);
  const runner = createStrategyRunner({
    bot: name,
    database: env.database,
    caches,
    candles: env.candles,
    clock,
    mode: "stepped",
    strategies: testRegistry(),
    logger: testLogger,
  });
  await runner.start();
  await replayCandles({
    series: {
      exchange: PAPER_BTC.exchange,
      symbol: PAPER_BTC.symbol,
      timeframe: "1m",
      candles: candles.slice(HISTORY, HISTORY + bars),
    },
    ticks: caches.ticks,
    clock,
    listeners: [manager, runner],
    settle: () => manager.take(),
  });
  const summary = await runner.stop();
  return { bot, runner, summary, seen: records.get(bot.botStrategyIds[0] as number) };
}

describe("a paper bot's orders (the order manager's side of the seam played by the test through the real OrdersCache)", () => {
  it("sends domain Orders in status new with the seam's fields and a client order id from bot, signal and time; follows them to filled", async () => {
    const manager = new ManagerSide(caches.orders);
    const { bot, seen, summary } = await paperRun("paper-buy", { buyAt: "2", closeAt: "6" }, manager);
    expect(manager.taken).toHaveLength(2);
    const [buy, sell] = manager.taken.map((o) => Order.fromDict(o));
    const signalBar = candles[HISTORY + 2] as Candle;
    const closeTime = new Date(signalBar.time.getTime() + 59_999);
    expect(buy).toMatchObject({
      status: "new",
      botId: bot.botId,
      exId: bot.accountId,
      exchange: "paper",
      symbol: "BTC/USDT",
      orderType: "market",
      side: "buy",
      createdAt: closeTime,
    });
    expect(buy?.clientOrderId).toBe(
      clientOrderIdFor({
        botId: bot.botId,
        botStrategyId: bot.botStrategyIds[0] as number,
        signal: "probe-buy",
        time: closeTime,
      }),
    );
    // Sized from 1000 USDT at the signal bar's close, cut to 6 decimals; stop 1% below and target 3% above on the 0.01 grid.
    const price = signalBar.close;
    expect(buy?.price?.toFixed()).toBe(price.toFixed());
    expect(buy?.volume.toFixed()).toBe(new Decimal(1000).div(price).toDecimalPlaces(6, Decimal.ROUND_DOWN).toFixed());
    expect(buy?.stopLoss?.toFixed()).toBe(price.times("0.99").toDecimalPlaces(2, Decimal.ROUND_CEIL).toFixed());
    expect(buy?.takeProfit?.toFixed()).toBe(price.times("1.03").toDecimalPlaces(2, Decimal.ROUND_CEIL).toFixed());
    // The sell closes exactly what the buy filled.
    expect(sell).toMatchObject({ side: "sell", orderType: "market", volume: buy?.volume, stopLoss: null, takeProfit: null });
    // Filled at the next bar's open, which the strategy saw as an update and a fill.
    const nextOpen = (candles[HISTORY + 3] as Candle).open;
    expect(seen?.fills.map((f) => [f.side, f.volume.toFixed(), f.price.toFixed()])).toEqual([
      ["buy", buy?.volume.toFixed(), nextOpen.toFixed()],
      ["sell", buy?.volume.toFixed(), (candles[HISTORY + 7] as Candle).open.toFixed()],
    ]);
    expect(seen?.updates.map((u) => u.status)).toEqual(["filled", "filled"]);
    expect(summary.fills).toBe(2);
  });

  it("a restarted runner replaying the same candle sends the same client order id: a retried request is one order", async () => {
    const a = new ManagerSide(caches.orders);
    await paperRun("paper-restart", { buyAt: "1" }, a, 3);
    const first = a.taken[0]?.clientOrderId;
    // The same bot again (its lease was released at stop). No fill was stored (no real manager here), so it is
    // flat again and takes the same decision on the same bar.
    const b = new ManagerSide(caches.orders);
    const bot = await withDatabase((db) => db.bots.getById(Number(a.taken[0]?.botId)), env.database);
    const clock = new ManualClock((candles[HISTORY] as Candle).time);
    const runner = createStrategyRunner({
      bot: bot.id,
      database: env.database,
      caches,
      candles: env.candles,
      clock,
      mode: "stepped",
      strategies: testRegistry(),
      logger: testLogger,
    });
    await runner.start();
    await replayCandles({
      series: { exchange: "paper", symbol: "BTC/USDT", timeframe: "1m", candles: candles.slice(HISTORY, HISTORY + 3) },
      clock,
      listeners: [b, runner],
      settle: () => b.take(),
    });
    await runner.stop();
    expect(b.taken[0]?.clientOrderId).toBe(first);
  });

  it("a denied order reaches onOrderUpdate with its reasons and leaves no open order", async () => {
    const manager = new ManagerSide(caches.orders);
    manager.decide = () => "deny";
    const { seen } = await paperRun("paper-denied", { buyAt: "0" }, manager, 4);
    expect(seen?.updates.map((u) => [u.status, u.reasons])).toEqual([["denied", ["risk/reward 1.2 is below the minimum 2"]]]);
    expect(seen?.fills).toEqual([]);
  });

  it("partial fills: each part reaches onTrade with its own exact price, and the parts add up to the order", async () => {
    const manager = new ManagerSide(caches.orders);
    manager.decide = () => "halves";
    const { seen } = await paperRun("paper-halves", { buyAt: "0" }, manager, 4);
    const order = Order.fromDict(manager.taken[0] as Record<string, unknown>);
    const p1 = (candles[HISTORY + 1] as Candle).open;
    // The first half at the next bar's open, the second at the ticker after it (that bar's high).
    const p2 = (candles[HISTORY + 1] as Candle).high;
    expect(seen?.updates.map((u) => u.status)).toEqual(["partially_filled", "filled"]);
    expect(seen?.fills.map((f) => f.price.toFixed())).toEqual([p1.toFixed(), p2.toFixed()]);
    expect(seen?.fills.reduce((v, f) => v.plus(f.volume), new Decimal(0)).toFixed()).toBe(order.volume.toFixed());
    expect(seen?.fills.map((f) => f.fee.toFixed())).toEqual(["0.5", "0.5"]);
  });
});
