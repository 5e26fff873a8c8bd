import { type Candle, ValidationError } from "@tradekit/domain";
import { withDatabase } from "@tradekit/orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BOT_FIELD,
  createStrategyRunner,
  feedField,
  ManualClock,
  REASON_FIELD,
  type RunnerCaches,
  replayCandles,
} from "../src/index.js";
import { installCatalog, PAPER_BTC, seedBot, type TestStrategy } from "./support/bot-fixture.js";
import { generatedCandles, storeInCandleStore } from "./support/candles.js";
import { openTestEnv, type TestEnv, testLogger } from "./support/test-env.js";
import { records, TEST_CATALOG, testRegistry } from "./support/test-strategies.js";

const START = new Date("2024-05-06T00:00:00Z");

let env: TestEnv;
let caches: RunnerCaches;
let candles: Candle[];

beforeAll(async () => {
  env = await openTestEnv("runner_failures");
  await installCatalog(env.database, TEST_CATALOG);
  candles = generatedCandles({ seed: 11, start: START, count: 80 });
  await storeInCandleStore(env.db.url, PAPER_BTC, candles);
  caches = await env.caches();
});
afterAll(async () => env?.close());

function runnerFor(bot: number) {
  const clock = new ManualClock((candles[40] as Candle).time);
  const runner = createStrategyRunner({
    bot,
    database: env.database,
    caches,
    candles: env.candles,
    clock,
    mode: "stepped",
    strategies: testRegistry(),
    logger: testLogger,
  });
  const replay = (bars: number) =>
    replayCandles({
      series: { exchange: "paper", symbol: "BTC/USDT", timeframe: "1m", candles: candles.slice(40, 40 + bars) },
      clock,
      listeners: [runner],
    });
  return { runner, replay };
}

const events = (type: string) => withDatabase((db) => db.events.getRecentEvents({ type }), env.database);

describe("a strategy that throws", () => {
  it("is stopped and reported (its feeds `error` in BotCache, a system event with the stack); the bot's other strategy keeps running", async () => {
    const strategies: TestStrategy[] = [
      { strategy: "test-explodes", params: { handler: "onCandle", after: "2" } },
      { strategy: "test-probe" },
    ];
    const bot = await seedBot(env.database, { name: "throws-on-candle", dryRun: true, strategies });
    const [bad, good] = bot.botStrategyIds as [number, number];
    const { runner, replay } = runnerFor(bot.botId);
    await runner.start();
    await replay(10);
    const status = runner.status();
    expect(status.state).toBe("running");
    expect(status.strategies.map((s) => [s.botStrategyId, s.state, s.error])).toEqual([
      [bad, "error", "onCandle threw: boom in onCandle"],
      [good, "running", null],
    ]);
    expect(records.get(good)?.candles).toHaveLength(10);
    expect(records.get(bad)?.cleanedUp).toBe(true);
    const cached = await caches.bots.getBot(bot.botId);
    expect(cached?.[feedField(bad, "paper", "BTC/USDT", "1m")]).toBe("error");
    expect(cached?.[feedField(good, "paper", "BTC/USDT", "1m")]).toBe("running");
    expect(cached?.[BOT_FIELD]).toBe("running");
    const [event] = (await events("strategy_error")).filter((e) => e.details?.botStrategyId === bad);
    expect(event?.severity).toBe("error");
    expect(event?.message).toContain("strategy test-explodes");
    expect(event?.message).toContain("onCandle threw: boom in onCandle");
    expect(String(event?.details?.stack)).toMatch(/Error: boom in onCandle\n\s+at /);
    expect(String(event?.details?.stack)).toContain("test-strategies.ts");
    const summary = await runner.stop();
    expect(summary.status).toBe("stopped");
    expect(records.get(good)?.cleanedUp).toBe(true);
  });

  it("when every strategy of the bot has thrown (here in init), the bot's status is `error` with the reason, and so is its run", async () => {
    const bot = await seedBot(env.database, {
      name: "throws-in-init",
      dryRun: true,
      strategies: [{ strategy: "test-explodes", params: { handler: "init" } }],
    });
    const { runner, replay } = runnerFor(bot.botId);
    const started = await runner.start();
    expect(started.state).toBe("error");
    expect(started.reason).toContain("init threw: boom in init");
    await replay(3);
    const cached = await caches.bots.getBot(bot.botId);
    expect(cached?.[BOT_FIELD]).toBe("error");
    expect(cached?.[REASON_FIELD]).toContain("boom in init");
    expect((await runner.stop()).status).toBe("error");
    const [run] = await withDatabase((db) => db.botRuns.getRuns(bot.botId), env.database);
    expect(run?.status).toBe("error");
  });
});

describe("a bot whose params fail validation", () => {
  async function startFails(name: string, params: Record<string, string>): Promise<ValidationError> {
    const bot = await seedBot(env.database, { name, dryRun: true, strategies: [{ strategy: "ma-cross", params }] });
    const { runner } = runnerFor(bot.botId);
    const error = await runner.start().then(
      () => new Error("started"),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(runner.status().state).toBe("error");
    const cached = await caches.bots.getBot(bot.botId);
    expect(cached?.[BOT_FIELD]).toBe("error");
    expect(cached?.[REASON_FIELD]).toBe((error as Error).message);
    expect(await withDatabase((db) => db.botRuns.getRuns(bot.botId), env.database)).toEqual([]);
    // The lease was given back: the next start fails on the params again, not on a held bot.
    await expect(runnerFor(bot.botId).runner.start()).rejects.toThrow(ValidationError);
    return error as ValidationError;
  }

  it("does not start: the message names the bot, the strategy, the param, its value and what it must be", async () => {
    const error = await startFails("bad-period", { fastPeriod: "ten" });
    expect(error.message).toMatch(
      /^bot bad-period \(\d+\), strategy ma-cross \(bot strategy \d+\): param fastPeriod must be a whole number from|at least/,
    );
    expect(error.message).toContain('got "ten"');
    expect(error.field).toBe("fastPeriod");
    expect(error.code).toBe("INVALID_STRATEGY_PARAM");
    const [event] = (await events("bot_start_failed")).filter(
      (e) => String(e.message).includes("bad-period") || String(e.details?.error).includes("bad-period"),
    );
    expect(event?.message).toContain("param fastPeriod");
  });

  it("refuses params that are each valid but contradict each other, and amounts that are not positive decimals", async () => {
    expect((await startFails("fast-above-slow", { fastPeriod: "40", slowPeriod: "30" })).message).toContain(
      'param fastPeriod must be less than slowPeriod (30); got "40"',
    );
    expect((await startFails("negative-target", { takeProfitPct: "-1" })).message).toContain(
      'param takeProfitPct must be a decimal number greater than 0; got "-1"',
    );
    expect((await startFails("bad-average", { average: "wma" })).message).toContain(
      'param average must be one of ema, sma; got "wma"',
    );
  });
});
