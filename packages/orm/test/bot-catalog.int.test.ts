import { ConstraintViolation, DuplicateError, NotFoundError, Timeframe, ValidationError } from "@tradekit/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseContext, withDatabase } from "../src/index.js";
import { type MigratedTestDatabase, openTestDatabase } from "./test-database.js";

interface Setup {
  userId: number;
  accountId: number;
  btcId: number;
  ethId: number;
}

async function setup(db: DatabaseContext): Promise<Setup> {
  const user = await db.users.create({ username: "trader" });
  await db.exchanges.install({ name: "binance" });
  const account = await db.exchanges.addAccount({ userId: user.id, exchange: "binance", name: "spot" });
  const common = {
    exchange: "binance",
    quoteCurrency: "USDT",
    pricePrecision: 2,
    volumePrecision: 5,
    tickSize: "0.01",
    minLot: "0.00001",
  };
  const btc = await db.symbols.create({ ...common, symbol: "BTC/USDT", baseCurrency: "BTC" });
  const eth = await db.symbols.create({ ...common, symbol: "ETH/USDT", baseCurrency: "ETH" });
  await db.strategies.install({
    name: "sma-cross",
    module: "strategies/sma-cross",
    params: [
      { name: "fast", defaultValue: "10" },
      { name: "slow", defaultValue: "50", description: "slow window" },
    ],
  });
  return { userId: user.id, accountId: account.id, btcId: btc.id, ethId: eth.id };
}

describe("bots, strategies, feeds, logs and runs", () => {
  let testDb: MigratedTestDatabase;
  let s: Setup;
  beforeAll(async () => {
    testDb = await openTestDatabase("orm_bot_catalog");
    s = await withDatabase(setup);
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("adds and edits bots; duplicates, unknown ids and bad input are typed errors", async () => {
    const bot = await withDatabase((db) => db.bots.add({ userId: s.userId, name: "alpha" }));
    expect(bot).toMatchObject({ name: "alpha", active: false, dryRun: true, accountId: null });
    await expect(withDatabase((db) => db.bots.add({ userId: s.userId, name: "alpha" }))).rejects.toBeInstanceOf(DuplicateError);
    const edited = await withDatabase((db) =>
      db.bots.edit(bot.id, { accountId: s.accountId, dryRun: false, description: "live" }),
    );
    expect(edited).toMatchObject({ accountId: s.accountId, dryRun: false, description: "live", name: "alpha" });
    expect(edited.updatedAt.getTime()).toBeGreaterThanOrEqual(bot.updatedAt.getTime());
    await expect(withDatabase((db) => db.bots.edit(999_999, { name: "x" }))).rejects.toBeInstanceOf(NotFoundError);
    const bad = await withDatabase((db) => db.bots.add({ userId: s.userId, name: "beta", dryRun: "yes" as never })).catch(
      (e: unknown) => e,
    );
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).field).toBe("dryRun");
    await expect(withDatabase((db) => db.bots.add({ userId: 999_999, name: "orphan" }))).rejects.toBeInstanceOf(
      ConstraintViolation,
    );
    expect((await withDatabase((db) => db.bots.getByUser(s.userId))).map((b) => b.name)).toContain("alpha");
  });

  it("attaches strategies with checked params, merges defaults, edits and deletes them", async () => {
    const bot = await withDatabase((db) => db.bots.add({ userId: s.userId, name: "strategist" }));
    const strategy = await withDatabase((db) =>
      db.strategies.addBotStrategy({ botId: bot.id, strategy: "sma-cross", params: { fast: "5" } }),
    );
    expect(strategy).toMatchObject({ strategyName: "sma-cross", active: true, params: { fast: "5" } });
    expect(await withDatabase((db) => db.strategies.getParams(strategy.id))).toEqual({ fast: "5", slow: "50" });

    const unknown = await withDatabase((db) =>
      db.strategies.addBotStrategy({ botId: bot.id, strategy: "sma-cross", params: { fastt: "5" } }),
    ).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).message).toContain("fastt");
    await expect(withDatabase((db) => db.strategies.addBotStrategy({ botId: bot.id, strategy: "nope" }))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      withDatabase((db) => db.strategies.addBotStrategy({ botId: 999_999, strategy: "sma-cross" })),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(withDatabase((db) => db.strategies.install({ name: "sma-cross" }))).rejects.toBeInstanceOf(DuplicateError);

    const edited = await withDatabase((db) =>
      db.strategies.editBotStrategy(strategy.id, { name: "fast sma", active: false, params: { fast: null, slow: "100" } }),
    );
    expect(edited).toMatchObject({ name: "fast sma", active: false, params: { slow: "100" } });
    expect(await withDatabase((db) => db.strategies.getParams(strategy.id))).toEqual({ fast: "10", slow: "100" });
    expect((await withDatabase((db) => db.strategies.getBotStrategies(bot.id))).map((b) => b.id)).toEqual([strategy.id]);
    // A catalog strategy in use cannot be uninstalled.
    await expect(withDatabase((db) => db.strategies.uninstall("sma-cross"))).rejects.toBeInstanceOf(ConstraintViolation);
    await withDatabase((db) => db.strategies.deleteBotStrategy(strategy.id));
    await expect(withDatabase((db) => db.strategies.getBotStrategy(strategy.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(withDatabase((db) => db.strategies.deleteBotStrategy(strategy.id))).rejects.toBeInstanceOf(NotFoundError);
    expect((await withDatabase((db) => db.strategies.listCatalog())).map((c) => c.name)).toEqual(["sma-cross"]);
  });

  it("orders feeds, refuses a taken position, and returns full bot details", async () => {
    const bot = await withDatabase((db) =>
      db.bots.add({ userId: s.userId, name: "feeder", accountId: s.accountId, active: true }),
    );
    const strategy = await withDatabase((db) => db.strategies.addBotStrategy({ botId: bot.id, strategy: "sma-cross" }));
    const first = await withDatabase((db) => db.feeds.add({ botStrategyId: strategy.id, symbolId: s.btcId, timeframe: "5m" }));
    const second = await withDatabase((db) =>
      db.feeds.add({ botStrategyId: strategy.id, symbolId: s.ethId, timeframe: Timeframe.parse("1h") }),
    );
    expect([first.order, second.order]).toEqual([0, 1]);
    expect(first).toMatchObject({ symbol: "BTC/USDT", exchange: "binance" });
    expect(second.timeframe.name).toBe("1h");
    await expect(
      withDatabase((db) => db.feeds.add({ botStrategyId: strategy.id, symbolId: s.ethId, timeframe: "1d", order: 1 })),
    ).rejects.toBeInstanceOf(DuplicateError);
    const badTf = await withDatabase((db) =>
      db.feeds.add({ botStrategyId: strategy.id, symbolId: s.btcId, timeframe: "5x" }),
    ).catch((e: unknown) => e);
    expect((badTf as ValidationError).field).toBe("timeframe");
    await expect(
      withDatabase((db) => db.feeds.add({ botStrategyId: strategy.id, symbolId: 999_999, timeframe: "1m" })),
    ).rejects.toBeInstanceOf(NotFoundError);
    const moved = await withDatabase((db) => db.feeds.update(first.id, { order: 5, timeframe: "15m" }));
    expect([moved.order, moved.timeframe.name]).toEqual([5, "15m"]);
    expect((await withDatabase((db) => db.feeds.getByBotStrategy(strategy.id))).map((f) => f.id)).toEqual([second.id, first.id]);
    expect((await withDatabase((db) => db.feeds.getByBot(bot.id))).length).toBe(2);
    // A symbol a feed uses cannot be deleted.
    await expect(withDatabase((db) => db.symbols.delete(s.ethId))).rejects.toBeInstanceOf(ConstraintViolation);

    const details = await withDatabase((db) => db.bots.getDetails(bot.id));
    expect(details.bot.id).toBe(bot.id);
    expect(details.strategies).toHaveLength(1);
    expect(details.strategies[0]?.effectiveParams).toEqual({ fast: "10", slow: "50" });
    expect(details.strategies[0]?.feeds.map((f) => `${f.symbol} ${f.timeframe.name}`)).toEqual(["ETH/USDT 1h", "BTC/USDT 15m"]);

    const run = await withDatabase((db) => db.botRuns.start(bot.id));
    const summary = (await withDatabase((db) => db.bots.getActiveSummary())).find((b) => b.botId === bot.id);
    expect(summary).toMatchObject({
      username: "trader",
      accountName: "spot",
      exchange: "binance",
      strategyCount: 1,
      feedCount: 2,
    });
    expect(summary?.runningSince?.getTime()).toBe(run.startedAt.getTime());
    await withDatabase((db) => db.feeds.delete(second.id));
    await expect(withDatabase((db) => db.feeds.getById(second.id))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("appends and lists bot logs, newest first, filtered by level", async () => {
    const bot = await withDatabase((db) => db.bots.add({ userId: s.userId, name: "logger" }));
    await withDatabase(async (db) => {
      await db.bots.appendLog(bot.id, "info", "started", { pid: 42 });
      await db.bots.appendLog(bot.id, "error", "order refused");
      await db.bots.appendLog(bot.id, "debug", "tick");
    });
    const logs = await withDatabase((db) => db.bots.getLogs(bot.id));
    expect(logs.map((l) => l.message)).toEqual(["tick", "order refused", "started"]);
    expect(logs[2]?.details).toEqual({ pid: 42 });
    expect((await withDatabase((db) => db.bots.getLogs(bot.id, { minLevel: "info" }))).map((l) => l.level)).toEqual([
      "error",
      "info",
    ]);
    expect((await withDatabase((db) => db.bots.getLogs(bot.id, { limit: 1 }))).length).toBe(1);
    await expect(withDatabase((db) => db.bots.appendLog(bot.id, "loud" as never, "x"))).rejects.toBeInstanceOf(ValidationError);
    await expect(withDatabase((db) => db.bots.appendLog(999_999, "info", "x"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(withDatabase((db) => db.bots.getLogs(bot.id, { limit: 0 }))).rejects.toBeInstanceOf(ValidationError);
  });

  it("starts one run per bot at a time, updates its statistics and stops it", async () => {
    const bot = await withDatabase((db) => db.bots.add({ userId: s.userId, name: "runner" }));
    const run = await withDatabase((db) => db.botRuns.start(bot.id));
    expect(run).toMatchObject({ status: "running", endedAt: null, totalTrades: 0 });
    await expect(withDatabase((db) => db.botRuns.start(bot.id))).rejects.toBeInstanceOf(DuplicateError);
    const updated = await withDatabase((db) =>
      db.botRuns.updateStatistics(run.id, { totalTrades: 3, totalPnl: "-12.345678901234567890", maxDrawdown: "20.5" }),
    );
    expect([updated.totalTrades, updated.totalPnl.toFixed(), updated.maxDrawdown.toFixed()]).toEqual([
      3,
      "-12.34567890123456789",
      "20.5",
    ]);
    await expect(
      withDatabase((db) => db.botRuns.updateStatistics(run.id, { totalTrades: 1, totalPnl: "0", maxDrawdown: "-1" })),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await withDatabase((db) => db.botRuns.findRunning(bot.id)))?.id).toBe(run.id);
    const stopped = await withDatabase((db) => db.botRuns.stop(run.id, "crashed"));
    expect(stopped.status).toBe("crashed");
    expect(stopped.endedAt).toBeInstanceOf(Date);
    expect(stopped.totalPnl.toFixed()).toBe("-12.34567890123456789");
    await expect(withDatabase((db) => db.botRuns.stop(run.id))).rejects.toBeInstanceOf(ValidationError);
    expect(await withDatabase((db) => db.botRuns.findRunning(bot.id))).toBeUndefined();
    const next = await withDatabase((db) => db.botRuns.start(bot.id));
    expect((await withDatabase((db) => db.botRuns.getRuns(bot.id))).map((r) => r.id)).toEqual([next.id, run.id]);
    await expect(withDatabase((db) => db.botRuns.start(999_999))).rejects.toBeInstanceOf(NotFoundError);
    await expect(withDatabase((db) => db.botRuns.getRun(999_999))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lets only one of two concurrent starters open a run", async () => {
    const bot = await withDatabase((db) => db.bots.add({ userId: s.userId, name: "racer" }));
    const results = await Promise.allSettled([
      withDatabase((db) => db.botRuns.start(bot.id)),
      withDatabase((db) => db.botRuns.start(bot.id)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(DuplicateError);
    expect(await withDatabase((db) => db.botRuns.getRuns(bot.id))).toHaveLength(1);
  });

  it("deletes a bot with everything attached", async () => {
    const bot = await withDatabase((db) => db.bots.add({ userId: s.userId, name: "doomed" }));
    await withDatabase(async (db) => {
      await db.strategies.addBotStrategy({ botId: bot.id, strategy: "sma-cross" });
      await db.bots.appendLog(bot.id, "info", "bye");
    });
    await withDatabase((db) => db.bots.delete(bot.id));
    await expect(withDatabase((db) => db.bots.getDetails(bot.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(withDatabase((db) => db.bots.delete(bot.id))).rejects.toBeInstanceOf(NotFoundError);
  });
});
