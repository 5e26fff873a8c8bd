import { CacheUnavailableError } from "@tradekit/domain";
import { ensureRedis, redisUrl } from "@tradekit/test-services";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountCache, closeCacheConnections, TickCache, type Ticker } from "../src/index.js";
import { RedisFixture } from "./support/redis-fixture.js";

async function connectionsNamed(name: string): Promise<number> {
  const admin = new Redis(redisUrl());
  try {
    const list = (await admin.client("LIST")) as string;
    return list.split("\n").filter((line) => line.includes(` name=${name} `)).length;
  } finally {
    admin.disconnect();
  }
}

describe("one connection pool per process", () => {
  const redis = new RedisFixture("cache_pool");
  beforeAll(ensureRedis);
  afterAll(async () => {
    await closeCacheConnections();
    await redis.close();
  });
  const options = () => ({ redisUrl: redisUrl(), keyPrefix: redis.prefix, commandTimeoutMs: 2_000 });

  it("caches opened in one process share one connection and one subscriber connection", async () => {
    await using ticks = await TickCache.open(options());
    await using reader = await TickCache.open(options());
    await using accounts = await AccountCache.open(options());
    expect(ticks.store).toBe(accounts.store);
    const got: Ticker[] = [];
    await ticks.subscribeTickers("binance", (b) => got.push(...b));
    await reader.subscribeTickers("binance", (b) => got.push(...b));
    await reader.subscribeTickers("kraken", (b) => got.push(...b));
    expect(await connectionsNamed(`tradekit-cache-subscriber:${process.pid}`)).toBe(1);
    expect(await connectionsNamed(`tradekit-cache:${process.pid}`)).toBe(1);
    await accounts.upsertPosition(1, { symbol: "BTC/USDT", volume: "1" });
    await ticks.updateTicker("binance", [{ symbol: "BTC/USDT", last: "5", time: 1 }]);
    await expect.poll(() => got.length).toBe(2);
  });

  it("closeCacheConnections closes them all with one call; opening again reconnects", async () => {
    const ticks = await TickCache.open(options());
    await ticks.subscribeTickers("binance", () => undefined);
    await closeCacheConnections();
    await expect(ticks.getTicker("binance", "BTC/USDT")).rejects.toBeInstanceOf(CacheUnavailableError);
    await expect.poll(() => connectionsNamed(`tradekit-cache-subscriber:${process.pid}`)).toBe(0);
    await expect.poll(() => connectionsNamed(`tradekit-cache:${process.pid}`)).toBe(0);
    const again = await TickCache.open(options());
    expect((await again.getTicker("binance", "BTC/USDT"))?.last.toString()).toBe("5");
  });

  it("a null Redis URL runs on the process's in-memory store", async () => {
    const a = await TickCache.open({ redisUrl: null, keyPrefix: "embedded:" });
    const b = await TickCache.open({ redisUrl: null, keyPrefix: "embedded:" });
    expect(a.store.kind).toBe("memory");
    await a.setTicker("binance", { symbol: "BTC/USDT", last: "7", time: 1 });
    expect((await b.getTicker("binance", "BTC/USDT"))?.last.toString()).toBe("7");
  });
});
