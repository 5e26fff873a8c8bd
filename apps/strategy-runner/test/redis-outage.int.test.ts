import { setTimeout as sleep } from "node:timers/promises";
import { BotCache, OrdersCache, RedisStore, TickCache } from "@tradekit/cache";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_FIELD, createStrategyRunner, ManualClock, type RunnerCaches } from "../src/index.js";
import { installCatalog, seedBot } from "./support/bot-fixture.js";
import { OwnRedisServer } from "./support/own-redis-server.js";
import { openTestEnv, type TestEnv, testLogger } from "./support/test-env.js";
import { records, TEST_CATALOG, testRegistry } from "./support/test-strategies.js";

let env: TestEnv;
let server: OwnRedisServer;
let store: RedisStore;
let caches: RunnerCaches;

beforeAll(async () => {
  env = await openTestEnv("runner_redis_outage");
  await installCatalog(env.database, TEST_CATALOG);
  server = await OwnRedisServer.start();
  store = await RedisStore.connect({ url: server.url, commandTimeoutMs: 300, logger: testLogger });
  const options = { store, keyPrefix: env.keyPrefix };
  caches = { ticks: await TickCache.open(options), orders: await OrdersCache.open(options), bots: await BotCache.open(options) };
});
afterAll(async () => {
  await store?.close();
  await server?.kill();
  await env?.close();
});

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await Promise.resolve()
      .then(check)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe("Redis stopped for a few seconds (a redis-server of the test's own, killed by pid)", () => {
  it("pauses a live paper bot with a clear status; no strategy call while paused; it resumes, sends the request the pause held back, beats again", async () => {
    const bot = await seedBot(env.database, {
      name: "redis-outage",
      dryRun: false,
      strategies: [{ strategy: "test-probe", params: { buyAt: "0" } }],
    });
    const id = bot.botStrategyIds[0] as number;
    // The live clock is a manual one so the test decides when the minute is over.
    const clock = new ManualClock("2024-07-01T10:00:05Z");
    const runner = createStrategyRunner({
      bot: bot.botId,
      database: env.database,
      caches,
      candles: env.candles,
      clock,
      candleSource: "ticks",
      strategies: testRegistry(),
      logger: testLogger,
      timing: { heartbeatMs: 150, retryMs: 150, orderPollMs: 100, barCloseGraceMs: 300, heartbeatTtlSeconds: 5 },
    });
    await runner.start();
    expect(runner.status().state).toBe("running");
    let n = 0;
    for (const [s, last] of [
      ["10", "30000"],
      ["20", "30050.5"],
      ["30", "29990"],
    ] as const) {
      await caches.ticks.updateTicker("paper", { symbol: "BTC/USDT", last, time: `2024-07-01T10:00:${s}Z` });
      n++;
      // Live ticks of a symbol that come faster than the strategy handles them are coalesced; these are not.
      await until(`tick ${n}`, () => runner.status().counts.ticks === n);
    }
    expect(records.get(id)?.ticks).toBe(3);

    await server.kill();
    await until("the paused state", () => runner.status().state === "paused");
    expect(runner.status().reason).toMatch(/^paused: Redis unavailable \(/);
    // The minute ends while Redis is down: its bar closes, but the strategy is not called until Redis is back.
    clock.set("2024-07-01T10:01:02Z");
    await sleep(2_500);
    expect(runner.status().state).toBe("paused");
    expect(records.get(id)?.candles ?? []).toHaveLength(0);

    await server.restart();
    await until("the running state", () => runner.status().state === "running");
    await until("the bar handed to the strategy", () => (records.get(id)?.candles.length ?? 0) === 1);
    expect(records.get(id)?.candles[0]).toMatchObject({ time: Date.parse("2024-07-01T10:00:00Z") });
    // The buy decided on that bar reached the (restarted, empty) stream, once.
    // Read as the order manager reads it: with a consumer group on the new-orders stream.
    const taken: Record<string, unknown>[] = [];
    await until("the request on the stream", async () => {
      for (const { order } of await caches.orders.takeNewOrders("test-reader", { count: 10, reclaimIdleMs: 60_000 }))
        taken.push(order);
      return taken.length === 1;
    });
    expect(taken[0]).toMatchObject({ side: "buy", symbol: "BTC/USDT", price: "29990", status: "new" });
    await until(
      "the status and heartbeat written again",
      async () =>
        (await caches.bots.getBot(bot.botId))?.[BOT_FIELD] === "running" && (await caches.bots.lastHeartbeat(bot.botId)) !== null,
    );
    // Ticks flow again over the resubscribed connection.
    await caches.ticks.updateTicker("paper", { symbol: "BTC/USDT", last: "30010", time: "2024-07-01T10:01:03Z" });
    await until("a tick after the outage", () => runner.status().counts.ticks === 4);
    expect((await runner.stop()).status).toBe("stopped");
    expect((await caches.bots.getBot(bot.botId))?.[BOT_FIELD]).toBe("stopped");
  });
});
