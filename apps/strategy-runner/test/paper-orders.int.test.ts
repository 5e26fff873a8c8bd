import { type Candle, Decimal, type Order } from "@tradekit/domain";
import { withDatabase } from "@tradekit/orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientOrderIdFor, createStrategyRunner, ManualClock, type RunnerCaches, replayCandles } from "../src/index.js";
import { installCatalog, PAPER_BTC, type SeededBot, seedBot } from "./support/bot-fixture.js";
import { generatedCandles, storeInCandleStore } from "./support/candles.js";
import { type PaperManager, startPaperManager } from "./support/paper-manager.js";
import { openTestEnv, type TestEnv, testLogger } from "./support/test-env.js";
import { records, TEST_CATALOG, testRegistry } from "./support/test-strategies.js";

const START = new Date("2024-03-04T00:00:00Z");
const HISTORY = 30;

let env: TestEnv;
let caches: RunnerCaches & { store: Awaited<ReturnType<TestEnv["caches"]>>["store"] };
let candles: Candle[];

// The embedded mode's pool: one connection shared by the runner and the order manager.
beforeAll(async () => {
  env = await openTestEnv("runner_paper", { poolSize: 1 });
  await installCatalog(env.database, TEST_CATALOG);
  candles = generatedCandles({ seed: 7, start: START, count: 120 });
  await storeInCandleStore(env.db.url, PAPER_BTC, candles);
  caches = await env.caches();
});
afterAll(async () => env?.close());

const bar = (i: number) => candles[HISTORY + i] as Candle;

interface PaperRunOptions {
  bars?: number;
  riskEnv?: Record<string, string>;
  maxFillPerTicker?: string;
}

/** Seeds a bot on a paper account of its own, starts the real order manager on it, and replays `bars` bars. */
async function paperRun(name: string, params: Record<string, string>, options: PaperRunOptions = {}) {
  const bot = await seedBot(env.database, {
    name,
    dryRun: false,
    account: `${name}-account`,
    strategies: [{ strategy: "test-probe", params }],
  });
  const clock = new ManualClock(bar(0).time);
  const manager = await startPaperManager({
    database: env.database,
    caches,
    keyPrefix: env.keyPrefix,
    bot,
    clock,
    ...(options.riskEnv ? { riskEnv: options.riskEnv } : {}),
    ...(options.maxFillPerTicker ? { maxFillPerTicker: options.maxFillPerTicker } : {}),
  });
  try {
    const summary = await replayBot(bot, clock, manager, options.bars ?? 20);
    return { bot, summary, orders: await ordersOf(bot), seen: records.get(bot.botStrategyIds[0] as number) };
  } finally {
    await manager.stop();
  }
}

/** A runner of `bot` over `bars` bars from HISTORY, the venue before it, the manager drained after every step. */
async function replayBot(bot: SeededBot, clock: ManualClock, manager: PaperManager | null, bars: number) {
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
    listeners: manager ? [manager.listener, runner] : [runner],
    settle: async () => manager?.drain(),
  });
  if (manager) {
    await manager.drain();
    await runner.syncOrders();
  }
  return runner.stop();
}

/** The bot's stored orders, oldest first. */
async function ordersOf(bot: SeededBot): Promise<Order[]> {
  const orders = await withDatabase((db) => db.orders.getAllOrders({ botId: bot.botId }), env.database);
  return orders.sort((a, b) => (a.id as number) - (b.id as number));
}

describe("a paper bot's orders through the real order manager and paper venue (manual drains, one shared connection)", () => {
  it("sends Orders with the seam's fields and a client order id from bot, signal and time; follows them to filled", async () => {
    const { bot, orders, seen, summary } = await paperRun("paper-buy", { buyAt: "2", closeAt: "6" });
    expect(orders).toHaveLength(2);
    const [buy, sell] = orders;
    const closeTime = new Date(bar(2).time.getTime() + 59_999);
    expect(buy).toMatchObject({
      status: "filled",
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
    const price = bar(2).close;
    expect(buy?.volume.toFixed()).toBe(new Decimal(1000).div(price).toDecimalPlaces(6, Decimal.ROUND_DOWN).toFixed());
    expect(buy?.stopLoss?.toFixed()).toBe(price.times("0.99").toDecimalPlaces(2, Decimal.ROUND_CEIL).toFixed());
    expect(buy?.takeProfit?.toFixed()).toBe(price.times("1.03").toDecimalPlaces(2, Decimal.ROUND_CEIL).toFixed());
    // The sell closes exactly what the buy filled.
    expect(sell).toMatchObject({ status: "filled", side: "sell", orderType: "market", volume: buy?.volume });
    // Each filled at the open of the bar after its signal (no slippage), with the venue's 0.1 % fee; the strategy saw both.
    const fee = (p: Decimal) => buy?.volume.times(p).times("0.001").toDecimalPlaces(12).toFixed();
    expect(seen?.fills.map((f) => [f.side, f.volume.toFixed(), f.price.toFixed(), f.fee.toFixed()])).toEqual([
      ["buy", buy?.volume.toFixed(), bar(3).open.toFixed(), fee(bar(3).open)],
      ["sell", buy?.volume.toFixed(), bar(7).open.toFixed(), fee(bar(7).open)],
    ]);
    expect(seen?.updates.map((u) => u.status).filter((s) => s === "filled")).toEqual(["filled", "filled"]);
    expect(summary.fills).toBe(2);
    const trades = await withDatabase((db) => db.trades.getTradesForOrder(buy?.id as number), env.database);
    expect(trades.map((t) => [t.volume.toFixed(), t.price.toFixed()])).toEqual([[buy?.volume.toFixed(), bar(3).open.toFixed()]]);
  });

  it("a runner restarted before the manager took its request sends the same client order id: the retry is one order", async () => {
    const bot = await seedBot(env.database, {
      name: "paper-restart",
      dryRun: false,
      account: "paper-restart-account",
      strategies: [{ strategy: "test-probe", params: { buyAt: "1" } }],
    });
    // The first runner decides and stops with its request still on the stream: no manager is running yet.
    await replayBot(bot, new ManualClock(bar(0).time), null, 3);
    // The same bot again (its lease was released at stop), now with the manager: flat, so the same decision on the same bar.
    const clock = new ManualClock(bar(0).time);
    const manager = await startPaperManager({ database: env.database, caches, keyPrefix: env.keyPrefix, bot, clock });
    try {
      await replayBot(bot, clock, manager, 4);
    } finally {
      await manager.stop();
    }
    const orders = await ordersOf(bot);
    const closeTime = new Date(bar(1).time.getTime() + 59_999);
    expect(orders.map((o) => [o.clientOrderId, o.status])).toEqual([
      [
        clientOrderIdFor({
          botId: bot.botId,
          botStrategyId: bot.botStrategyIds[0] as number,
          signal: "probe-buy",
          time: closeTime,
        }),
        "filled",
      ],
    ]);
    const trades = await withDatabase((db) => db.trades.getTradesForOrder(orders[0]?.id as number), env.database);
    expect(trades).toHaveLength(1);
  });

  it("an order the risk checks deny reaches onOrderUpdate with the manager's reason and leaves no open order", async () => {
    // Stop 1 % below, target 3 % above: a risk/reward of 3, below a minimum of 5.
    const { bot, seen, orders } = await paperRun(
      "paper-denied",
      { buyAt: "0" },
      { bars: 4, riskEnv: { RISK_MIN_RISK_REWARD: "5" } },
    );
    expect(seen?.updates.map((u) => u.status)).toEqual(["denied"]);
    expect(seen?.updates[0]?.reasons.join("; ")).toMatch(/^risk\/reward 3(\.\d{1,4})? is below the minimum 5$/);
    expect(seen?.fills).toEqual([]);
    expect(orders.map((o) => o.status)).toEqual(["denied"]);
    const open = await withDatabase((db) => db.orders.getOpenOrders({ botId: bot.botId }), env.database);
    expect(open).toEqual([]);
  });

  it("partial fills: each part reaches onTrade with its own exact price and fee, and the parts add up to the order", async () => {
    // About 0.033 BTC at ~30,000; at most 0.015 per ticker: three parts over the next bar's open, high and low.
    const { seen, orders } = await paperRun("paper-parts", { buyAt: "0" }, { bars: 4, maxFillPerTicker: "0.015" });
    const order = orders[0] as Order;
    expect(order.status).toBe("filled");
    const parts = seen?.fills ?? [];
    expect(parts.map((f) => f.volume.toFixed())).toEqual(["0.015", "0.015", order.volume.minus("0.03").toFixed()]);
    expect(parts.map((f) => f.price.toFixed())).toEqual([bar(1).open, bar(1).high, bar(1).low].map((p) => p.toFixed()));
    expect(parts.map((f) => f.fee.toFixed())).toEqual(
      parts.map((f) => f.volume.times(f.price).times("0.001").toDecimalPlaces(12).toFixed()),
    );
    expect(parts.reduce((v, f) => v.plus(f.volume), new Decimal(0)).toFixed()).toBe(order.volume.toFixed());
    expect(seen?.updates.map((u) => u.status).at(-1)).toBe("filled");
  });
});
