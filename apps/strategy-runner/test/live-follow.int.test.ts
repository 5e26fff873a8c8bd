import { setTimeout as sleep } from "node:timers/promises";
import type { Candle } from "@tradekit/domain";
import { withDatabase } from "@tradekit/orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStrategyRunner, ManualClock } from "../src/index.js";
import { installCatalog, PAPER_BTC, seedBot } from "./support/bot-fixture.js";
import { generatedCandles, storeInCandleStore } from "./support/candles.js";
import { startPaperManager } from "./support/paper-manager.js";
import { openTestEnv, type TestEnv, testLogger } from "./support/test-env.js";
import { records, TEST_CATALOG, testRegistry } from "./support/test-strategies.js";

const START = new Date("2024-08-05T00:00:00Z");

let env: TestEnv;
let caches: Awaited<ReturnType<TestEnv["caches"]>>;
let candles: Candle[];

beforeAll(async () => {
  env = await openTestEnv("runner_live");
  await installCatalog(env.database, TEST_CATALOG);
  candles = generatedCandles({ seed: 3, start: START, count: 60 });
  await storeInCandleStore(env.db.url, PAPER_BTC, candles.slice(0, 30));
  caches = await env.caches();
});
afterAll(async () => env?.close());

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe("a live bot (real Redis, the candle store on PostgreSQL)", () => {
  it("follows closed candles from the store as a feed writes them, and its order to filled by the real order manager (its own background loop) on the paper venue", async () => {
    const bot = await seedBot(env.database, {
      name: "live-store",
      dryRun: false,
      account: "live-store-account",
      strategies: [{ strategy: "test-probe", params: { buyAt: "1" } }],
    });
    const id = bot.botStrategyIds[0] as number;
    const clock = new ManualClock(new Date(START.getTime() + 30 * 60_000 + 10_000));
    // The order manager as its own process runs it: taking requests in the background.
    const manager = await startPaperManager({
      database: env.database,
      caches,
      keyPrefix: env.keyPrefix,
      bot,
      clock,
      manual: false,
    });
    const runner = createStrategyRunner({
      bot: bot.botId,
      database: env.database,
      caches,
      candles: env.candles,
      clock,
      strategies: testRegistry(),
      logger: testLogger,
      timing: { storePollMs: 50, orderPollMs: 50, barCloseGraceMs: 1_000 },
    });
    await runner.start();
    // Warmed up on the 30 stored minutes; the bucket in progress (minute 30) is not a closed candle yet.
    expect(runner.status().strategies[0]?.indicatorsReady).toBe(true);
    await sleep(200);
    expect(records.get(id)?.candles ?? []).toHaveLength(0);

    // A feed writes minutes 30 and 31; the clock passes their ends (plus the grace): the runner reads them, once each.
    await storeInCandleStore(env.db.url, PAPER_BTC, candles.slice(30, 32));
    const later = new Date(START.getTime() + 32 * 60_000 + 1_000);
    // The market as the manager's risk checks will see it, fresh at the time the clock moves to.
    await caches.ticks.updateTicker("paper", { symbol: "BTC/USDT", last: (candles[31] as Candle).close, time: later });
    clock.set(later);
    const now = () => clock.now();
    await until("two live candles", () => (records.get(id)?.candles.length ?? 0) === 2);
    expect(records.get(id)?.candles.map((c) => c.time)).toEqual([30, 31].map((m) => START.getTime() + m * 60_000));

    const orders = () => withDatabase((db) => db.orders.getAllOrders({ botId: bot.botId }), env.database);
    // Submitted, then open once the manager books the venue's acknowledgement (a few ms later,
    // in its background loop): waiting for "submitted" alone could miss that window.
    await until("the buy accepted by the venue", async () => (await orders())[0]?.status === "open");
    expect((await orders())[0]).toMatchObject({ side: "buy", price: (candles[31] as Candle).close });
    // The venue's next ticker fills it.
    await manager.venue.onTicker({ symbol: "BTC/USDT", last: "30000.5", exchangeTime: now() });
    await until("the fill", () => (records.get(id)?.fills.length ?? 0) === 1);
    expect((await orders())[0]?.status).toBe("filled");
    expect(records.get(id)?.fills[0]?.price.toFixed()).toBe("30000.5");
    // Polled: an intermediate status may be written and replaced between two reads.
    const statuses = records.get(id)?.updates.map((u) => u.status) ?? [];
    expect(statuses.at(-1)).toBe("filled");
    const lifecycle = ["submitted", "open", "filled"];
    expect(
      statuses.map((s) => lifecycle.indexOf(s)),
      statuses.join(", "),
    ).toEqual([...new Set(statuses.map((s) => lifecycle.indexOf(s)))].filter((i) => i >= 0).sort());
    await sleep(200);
    expect(records.get(id)?.candles).toHaveLength(2);
    await runner.stop();
    await manager.stop();
  });

  it("builds closed candles from the ticks it follows when the candles come from the ticks, exactly", async () => {
    const bot = await seedBot(env.database, { name: "live-ticks", dryRun: true, strategies: [{ strategy: "test-probe" }] });
    const id = bot.botStrategyIds[0] as number;
    const clock = new ManualClock(new Date(START.getTime() + 30 * 60_000 + 5_000));
    const runner = createStrategyRunner({
      bot: bot.botId,
      database: env.database,
      caches,
      candles: env.candles,
      clock,
      candleSource: "ticks",
      strategies: testRegistry(),
      logger: testLogger,
      timing: { barCloseGraceMs: 200 },
    });
    await runner.start();
    const minute = (m: number, s: number) => new Date(START.getTime() + m * 60_000 + s * 1_000);
    for (const [time, last] of [
      [minute(30, 1), "30000.1"],
      [minute(30, 20), "30100.25"],
      [minute(30, 40), "29950"],
      [minute(30, 59), "30010"],
      [minute(31, 0), "30020"],
    ] as const) {
      await caches.ticks.updateTicker("paper", { symbol: "BTC/USDT", last, volume: "0.5", time });
    }
    await until("the bar of minute 30", () => (records.get(id)?.candles.length ?? 0) === 1);
    expect(runner.status().counts.candles).toBe(1);
    expect(records.get(id)?.candles[0]?.bar).toEqual({
      time: minute(30, 0).toISOString(),
      open: "30000.1",
      high: "30100.25",
      low: "29950",
      close: "30010",
      volume: "2",
      quoteVolume: null,
      tradeCount: null,
    });
    // Minute 31 closes when the clock is past its end and its ticks have gone quiet.
    clock.set(minute(32, 1));
    await until("the bar of minute 31", () => (records.get(id)?.candles.length ?? 0) === 2);
    expect(records.get(id)?.candles[1]?.bar).toMatchObject({ open: "30020", close: "30020", volume: "0.5" });
    await runner.stop();
  });
});
